using CatalogSync.Catalog.Storage;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Catalog.Jobs;

/// <summary>
/// Keeps the job history bounded: finished jobs older than the retention age, and finished jobs beyond the newest
/// retention count, are deleted with their errors, when the catalog opens and then after jobs, at most once per interval.
/// Unfinished jobs, and jobs that ended less than the minimum age ago, are never deleted.
/// </summary>
internal sealed partial class JobHistoryRetention(ICatalogStore store, TimeSpan? maxAge, int? maxCount, TimeSpan minAge, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly Lock _lock = new();
    private Task _running = Task.CompletedTask;
    private long _lastRun = long.MinValue;

    private bool Enabled => maxAge is not null || maxCount is not null;

    /// <summary>Prunes now (used when the catalog opens).</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var before = maxAge is { } age ? (now - age).ToUnixTimeMilliseconds() : long.MinValue;
        // A job that just finished may not have been polled by its client yet: neither rule takes it.
        var endedBefore = (now - minAge).ToUnixTimeMilliseconds();
        using var session = await store.OpenSessionAsync(write: true, cancellationToken).ConfigureAwait(false);
        var deleted = session.PruneJobs(before, maxCount ?? int.MaxValue, endedBefore);
        session.Commit();
        if (deleted > 0)
        {
            LogPruned(logger, deleted);
        }
    }

    /// <summary>After a job: starts a prune in the background when the last one is older than the interval.</summary>
    public void AfterJob()
    {
        if (!Enabled)
        {
            return;
        }

        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (!_running.IsCompleted || (_lastRun != long.MinValue && time.GetElapsedTime(_lastRun, now) < interval))
            {
                return;
            }

            _lastRun = now;
            _running = Task.Run(async () =>
            {
                try
                {
                    await PruneAsync(CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Pruning is housekeeping: a failure is logged and tried again later.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogFailed(logger, e);
                }
            });
        }
    }

    /// <summary>Waits for a prune under way (before the store is closed).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _running;
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Job history: {Count} finished job(s) past the retention were deleted")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Job history could not be pruned; it is tried again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
