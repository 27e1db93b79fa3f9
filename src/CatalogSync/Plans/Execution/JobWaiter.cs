using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Plans.Execution;

/// <summary>How a wait for a job ended.</summary>
internal enum WaitEnd
{
    /// <summary>The job finished (successfully or not) and its summary was read.</summary>
    Finished,

    /// <summary>The run was cancelled while waiting.</summary>
    Cancelled,

    /// <summary>The job did not finish within <see cref="SyncRunOptions.MaxJobWait"/>.</summary>
    TimedOut,

    /// <summary>The job's state or summary could not be read.</summary>
    Failed,
}

/// <summary>A job as the wait left it.</summary>
internal sealed record JobWait(Job Job, ImportSummary Summary, WaitEnd End, Exception? Error = null)
{
    public static readonly ImportSummary NoSummary = new();
}

/// <summary>
/// Waits for a job: polls <c>GET /jobs/{id}</c> with backoff (10 ms doubling up to
/// <see cref="SyncRunOptions.PollInterval"/>) until it ends or <see cref="SyncRunOptions.MaxJobWait"/> has passed,
/// then reads its summary. Delays and timeouts follow the given <see cref="TimeProvider"/>. Like Collibra's own
/// poller, it tolerates a poll answered 404 or 5xx (a job just handed out may not be visible yet) for
/// <see cref="SyncRunOptions.JobLookupGrace"/> before it calls the job lost.
/// </summary>
internal sealed class JobWaiter(IImportApiClient client, TimeSpan pollInterval, TimeSpan maxJobWait, TimeSpan lookupGrace, TimeProvider time, CancellationToken cancellationToken)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);

    public TimeSpan MaxJobWait => maxJobWait;

    /// <summary>
    /// A poll answered 404 or a 5xx (the job may just not be visible yet), or no answer at all (a catalog that restarts:
    /// the embedded catalog keeps accepted jobs across a restart): polling is read-only, so it is tried again.
    /// </summary>
    private bool IsTransientLookupFailure(Exception e) =>
        CatalogFailures.Classify(e, cancellationToken) is CatalogFailure.NotFound or CatalogFailure.Ambiguous or CatalogFailure.ServerFault or CatalogFailure.Busy or CatalogFailure.NotSent;

    public async Task<JobWait> WaitAsync(Job job)
    {
        var started = time.GetTimestamp();
        var delay = FirstPoll;
        var maxDelay = pollInterval > FirstPoll ? pollInterval : FirstPoll;
        long? unreadableSince = null;
        try
        {
            while (!job.IsFinished)
            {
                var left = maxJobWait == Timeout.InfiniteTimeSpan ? delay : maxJobWait - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return new JobWait(job, JobWait.NoSummary, WaitEnd.TimedOut);
                }

                await Task.Delay(delay < left ? delay : left, time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < maxDelay ? delay * 2 : maxDelay;
                try
                {
                    job = await client.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
                    unreadableSince = null;
                }
                catch (Exception e) when (IsTransientLookupFailure(e))
                {
                    unreadableSince ??= time.GetTimestamp();
                    if (time.GetElapsedTime(unreadableSince.Value) >= lookupGrace)
                    {
                        var status = e is CatalogApiException api ? api.StatusCode : 503;
                        return new JobWait(job, JobWait.NoSummary, WaitEnd.Failed, new CatalogApiException(status, "jobLost", $"{e.Message} (for {lookupGrace}; the job is taken as lost)"));
                    }
                }
            }

            var summary = await client.GetSummaryAsync(job.Id, cancellationToken).ConfigureAwait(false);
            return new JobWait(job, summary, WaitEnd.Finished);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new JobWait(job, JobWait.NoSummary, WaitEnd.Cancelled);
        }
        catch (Exception e) when (CatalogFailures.Classify(e, cancellationToken) != CatalogFailure.None)
        {
            return new JobWait(job, JobWait.NoSummary, WaitEnd.Failed, e);
        }
    }
}
