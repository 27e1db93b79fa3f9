using System.Collections.Concurrent;
using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A real catalog behind a wrapper that records every batch and finalization request (with its lease token), and can
/// refuse the batches of one synchronization ID as a failing catalog would, or as if another run held its cycle.
/// </summary>
public sealed class WatchedCatalog(IImportApiClient inner) : IImportApiClient
{
    /// <summary>Every batch and finalization request, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>The ID whose batches are refused with a 400.</summary>
    public string? FailBatchesOf { get; init; }

    /// <summary>The ID whose batches are refused with 409 <c>cycleLeased</c>.</summary>
    public string? LeasedId { get; init; }

    public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(new Call("batch", synchronizationId, options.CycleOwner, null, options.Simulation));
        if (synchronizationId == FailBatchesOf)
        {
            throw new CatalogApiException(400, "invalidRequest", $"Injected: the batch of '{synchronizationId}' is refused.");
        }

        if (synchronizationId == LeasedId)
        {
            throw new CatalogApiException(409, "cycleLeased", $"The cycle of '{synchronizationId}' is leased by owner 'other-run' until 2026-12-02T01:00:00Z.");
        }

        return inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);
    }

    public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(new Call("finalize", synchronizationId, options.CycleOwner, options.Strategy, options.Simulation));
        return inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
    }

    public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetJobAsync(jobId, cancellationToken);

    public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetSummaryAsync(jobId, cancellationToken);

    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => inner.StartImportAsync(content, options, cancellationToken);

    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        inner.StartSynchronizationAsync(synchronizationId, content, options, finalization, cancellationToken);

    public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.GetErrorsAsync(jobId, offset, limit, cancellationToken);

    public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.SynchronizationExistsAsync(synchronizationId, cancellationToken);

    public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.FindSynchronizationsAsync(offset, limit, cancellationToken);

    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.EvictSynchronizationCacheAsync(synchronizationId, cancellationToken);

    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.RemoveSynchronizationAsync(synchronizationId, cancellationToken);

    /// <summary>Answers <see cref="CatalogCapabilities.Unknown"/>, as an endpoint that says nothing (real Collibra).</summary>
    public bool HideCapabilities { get; init; }

    public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        HideCapabilities ? Task.FromResult(CatalogCapabilities.Unknown) : inner.GetCapabilitiesAsync(cancellationToken);

    /// <summary>One request: batch or finalize, its ID, lease token, strategy (finalizations) and simulation flag.</summary>
    public sealed record Call(string Kind, string SyncId, string? CycleOwner, FinalizationStrategy? Strategy, bool Simulation);
}
