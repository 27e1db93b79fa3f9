using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A catalog client that passes every call to a real one: the test doubles of this project derive from it and
/// override only what they watch or change.
/// </summary>
public abstract class DelegatingImportApi(IImportApiClient inner) : IImportApiClient
{
    protected IImportApiClient Inner { get; } = inner;

    public virtual Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        Inner.StartImportAsync(content, options, cancellationToken);

    public virtual Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        Inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);

    public virtual Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        Inner.StartSynchronizationAsync(synchronizationId, content, options, finalization, cancellationToken);

    public virtual Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) =>
        Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);

    public virtual Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => Inner.GetJobAsync(jobId, cancellationToken);

    public virtual Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => Inner.GetSummaryAsync(jobId, cancellationToken);

    public virtual Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        Inner.GetErrorsAsync(jobId, offset, limit, cancellationToken);

    public virtual Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        Inner.SynchronizationExistsAsync(synchronizationId, cancellationToken);

    public virtual Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        Inner.FindSynchronizationsAsync(offset, limit, cancellationToken);

    public virtual Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        Inner.EvictSynchronizationCacheAsync(synchronizationId, cancellationToken);

    public virtual Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        Inner.RemoveSynchronizationAsync(synchronizationId, cancellationToken);

    public virtual Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) => Inner.GetCapabilitiesAsync(cancellationToken);
}
