using System.Globalization;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Jobs;

/// <summary>
/// Bounds what the jobs that wait or run may hold: their number and the bytes of their spooled input. A job that would
/// go beyond either is refused before anything of it is kept (503 <c>queueFull</c>; the HTTP host adds Retry-After).
/// Jobs resumed from the journal count as well, and so do uploads that a host receives for a job (<see cref="ReserveUpload"/>).
/// </summary>
internal sealed class JobQueueLimit(int maxJobs, long maxBytes)
{
    /// <summary>What the server suggests to wait before trying again, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    // Jobs and uploads under way, by id (an upload has an id of its own), with the bytes each holds.
    private readonly Dictionary<Guid, long> _pending = [];
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>Takes a place in the queue for a job, before its input is spooled.</summary>
    /// <exception cref="CatalogApiException">The queue is full (503).</exception>
    public void Reserve(Guid jobId)
    {
        lock (_lock)
        {
            TakePlace(jobId);
        }
    }

    /// <summary>Counts a job's spooled input; refuses it (and gives its place back) when the pending input would be too large.</summary>
    /// <exception cref="CatalogApiException">The pending input would exceed the limit (503).</exception>
    public void AddInput(Guid jobId, long bytes)
    {
        lock (_lock)
        {
            try
            {
                CheckBytes(jobId, bytes);
            }
            catch (CatalogApiException)
            {
                _pending.Remove(jobId);
                throw;
            }

            AddBytes(jobId, bytes);
        }
    }

    /// <summary>
    /// Counts a job that the journal holds from before the catalog was opened, with its spooled input. It was accepted then,
    /// so it is never refused (even beyond limits lowered since); new jobs wait for it to finish.
    /// </summary>
    public void Resume(Guid jobId, long bytes)
    {
        lock (_lock)
        {
            _pending[jobId] = 0;
            AddBytes(jobId, bytes);
        }
    }

    /// <summary>Takes a place and <paramref name="bytes"/> for an upload that a host is about to receive.</summary>
    /// <exception cref="CatalogApiException">The queue has no room for it (503).</exception>
    public IJobQueueReservation ReserveUpload(long bytes)
    {
        var id = Guid.NewGuid();
        bytes = Math.Max(0, bytes);
        lock (_lock)
        {
            TakePlace(id);
            try
            {
                CheckBytes(id, bytes);
            }
            catch (CatalogApiException)
            {
                _pending.Remove(id);
                throw;
            }

            AddBytes(id, bytes);
        }

        return new UploadReservation(this, id);
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

    private void TakePlace(Guid id)
    {
        if (_pending.Count >= maxJobs)
        {
            throw QueueFull($"{_pending.Count.ToString(CultureInfo.InvariantCulture)} jobs are waiting, running or being uploaded, the most this catalog queues");
        }

        // Full already: refused before the input is copied, not after.
        if (_bytes >= maxBytes)
        {
            throw QueueFull($"the jobs that are waiting, running or being uploaded hold {_bytes.ToString(CultureInfo.InvariantCulture)} bytes of input, this catalog's limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        _pending[id] = 0;
    }

    private void CheckBytes(Guid id, long bytes)
    {
        // A single input larger than the limit is still taken when nothing else waits, or it could never run.
        var others = _bytes - _pending.GetValueOrDefault(id);
        if (others > 0 && _bytes + bytes > maxBytes)
        {
            throw QueueFull($"the jobs that are waiting, running or being uploaded hold {others.ToString(CultureInfo.InvariantCulture)} bytes of input and this one {(_pending.GetValueOrDefault(id) + bytes).ToString(CultureInfo.InvariantCulture)}, beyond this catalog's limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }
    }

    private void AddBytes(Guid id, long bytes)
    {
        if (_pending.TryGetValue(id, out var held))
        {
            _pending[id] = held + bytes;
            _bytes += bytes;
        }
    }

    private static CatalogApiException QueueFull(string why) =>
        new(503, "queueFull", $"The catalog is busy: {why}. Nothing of this request was kept; send it again in a few seconds (see Retry-After), after the jobs under way have finished.");

    private sealed class UploadReservation(JobQueueLimit queue, Guid id) : IJobQueueReservation
    {
        public void Add(long bytes)
        {
            if (bytes <= 0)
            {
                return;
            }

            lock (queue._lock)
            {
                // Refused without giving the place back: the host still holds the reservation and disposes it.
                queue.CheckBytes(id, bytes);
                queue.AddBytes(id, bytes);
            }
        }

        public void Dispose() => queue.Release(id);
    }
}
