using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A real catalog whose chosen jobs look as if they never finish (their polls answer RUNNING): the executor's
/// <c>MaxJobWait</c> is what ends the wait.
/// </summary>
public sealed class SlowJobs(IImportApiClient inner) : IImportApiClient
{
    private readonly HashSet<Guid> _stuck = [];

    /// <summary>Which batch (1-based, over the whole run) looks stuck; 0 for none.</summary>
    public int StuckBatch { get; init; }

    /// <summary>Whether the first real (not simulated) finalization looks stuck.</summary>
    public bool StuckFinalization { get; init; }

    private int _batches;
    private int _finalizations;

    public async Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
    {
        var job = await inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);
        if (++_batches == StuckBatch)
        {
            _stuck.Add(job.Id);
        }

        return job;
    }

    public async Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
    {
        var job = await inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
        if (!options.Simulation && ++_finalizations == 1 && StuckFinalization)
        {
            _stuck.Add(job.Id);
        }

        return job;
    }

    public async Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await inner.GetJobAsync(jobId, cancellationToken);
        return _stuck.Contains(jobId) ? job with { State = JobState.Running, Result = JobResult.NotSet } : job;
    }

    public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetSummaryAsync(jobId, cancellationToken);

    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => inner.StartImportAsync(content, options, cancellationToken);

    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        inner.StartSynchronizationAsync(synchronizationId, content, options, finalization, cancellationToken);

    public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.GetErrorsAsync(jobId, offset, limit, cancellationToken);

    public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.SynchronizationExistsAsync(synchronizationId, cancellationToken);

    public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.FindSynchronizationsAsync(offset, limit, cancellationToken);

    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.EvictSynchronizationCacheAsync(synchronizationId, cancellationToken);

    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.RemoveSynchronizationAsync(synchronizationId, cancellationToken);

    public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) => inner.GetCapabilitiesAsync(cancellationToken);
}
