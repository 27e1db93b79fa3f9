using System.Globalization;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Jobs;

/// <summary>
/// Bounds what the jobs that wait or run may hold: their number and the bytes of their spooled input. A job that would
/// go beyond either is refused before anything of it is kept (503 <c>queueFull</c>; the HTTP host adds Retry-After).
/// </summary>
internal sealed class JobQueueLimit(int maxJobs, long maxBytes)
{
    /// <summary>What the server suggests to wait before trying again, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly Dictionary<Guid, long> _pending = [];
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>Takes a place in the queue for a job, before its input is spooled.</summary>
    /// <exception cref="CatalogApiException">The queue is full (503).</exception>
    public void Reserve(Guid jobId)
    {
        lock (_lock)
        {
            if (_pending.Count >= maxJobs)
            {
                throw QueueFull($"{_pending.Count.ToString(CultureInfo.InvariantCulture)} jobs are waiting or running, the most this catalog queues");
            }

            // Full already: refused before the input is copied, not after.
            if (_bytes >= maxBytes)
            {
                throw QueueFull($"the jobs that are waiting or running hold {_bytes.ToString(CultureInfo.InvariantCulture)} bytes of input, this catalog's limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
            }

            _pending[jobId] = 0;
        }
    }

    /// <summary>Counts a job's spooled input; refuses it (and gives its place back) when the pending input would be too large.</summary>
    /// <exception cref="CatalogApiException">The pending input would exceed the limit (503).</exception>
    public void AddInput(Guid jobId, long bytes)
    {
        lock (_lock)
        {
            // A single input larger than the limit is still taken when nothing else waits, or it could never run.
            if (_bytes > 0 && _bytes + bytes > maxBytes)
            {
                var pending = _bytes;
                _pending.Remove(jobId);
                throw QueueFull($"the jobs that are waiting or running hold {pending.ToString(CultureInfo.InvariantCulture)} bytes of input and this one {bytes.ToString(CultureInfo.InvariantCulture)} more, beyond this catalog's limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
            }

            if (_pending.ContainsKey(jobId))
            {
                _pending[jobId] = bytes;
                _bytes += bytes;
            }
        }
    }

    /// <summary>Gives a job's place (and its input's bytes) back; a job that holds none is ignored.</summary>
    public void Release(Guid jobId)
    {
        lock (_lock)
        {
            if (_pending.Remove(jobId, out var bytes))
            {
                _bytes -= bytes;
            }
        }
    }

    private static CatalogApiException QueueFull(string why) =>
        new(503, "queueFull", $"The catalog is busy: {why}. Nothing of this request was kept; send it again in a few seconds (see Retry-After), after the jobs under way have finished.");
}
