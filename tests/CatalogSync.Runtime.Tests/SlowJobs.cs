using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A real catalog whose chosen jobs look as if they never finish (their polls answer RUNNING): the executor's
/// <c>MaxJobWait</c> is what ends the wait.
/// </summary>
public sealed class SlowJobs(IImportApiClient inner) : DelegatingCatalog(inner)
{
    private readonly HashSet<Guid> _stuck = [];

    /// <summary>Which batch (1-based, over the whole run) looks stuck; 0 for none.</summary>
    public int StuckBatch { get; init; }

    /// <summary>Whether the first real (not simulated) finalization looks stuck.</summary>
    public bool StuckFinalization { get; init; }

    private int _batches;
    private int _finalizations;

    public override async Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
    {
        var job = await Inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);
        if (++_batches == StuckBatch)
        {
            _stuck.Add(job.Id);
        }

        return job;
    }

    public override async Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
    {
        var job = await Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
        if (!options.Simulation && ++_finalizations == 1 && StuckFinalization)
        {
            _stuck.Add(job.Id);
        }

        return job;
    }

    public override async Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await Inner.GetJobAsync(jobId, cancellationToken);
        return _stuck.Contains(jobId) ? job with { State = JobState.Running, Result = JobResult.NotSet } : job;
    }

}
