using System.Collections.Concurrent;
using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A real catalog behind a wrapper that records every batch and finalization request (with its lease token), and can
/// refuse the batches of one synchronization ID as a failing catalog would, or as if another run held its cycle.
/// </summary>
public sealed class WatchedCatalog(IImportApiClient inner) : DelegatingImportApi(inner)
{
    /// <summary>Every batch and finalization request, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>The ID whose batches are refused with a 400.</summary>
    public string? FailBatchesOf { get; init; }

    /// <summary>The ID whose batches are refused with 409 <c>cycleLeased</c>.</summary>
    public string? LeasedId { get; init; }

    public override Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
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

        return Inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);
    }

    public override Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(new Call("finalize", synchronizationId, options.CycleOwner, options.Strategy, options.Simulation));
        return Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
    }

    /// <summary>Answers <see cref="CatalogCapabilities.Unknown"/>, as an endpoint that says nothing (real Collibra).</summary>
    public bool HideCapabilities { get; init; }

    public override Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        HideCapabilities ? Task.FromResult(CatalogCapabilities.Unknown) : Inner.GetCapabilitiesAsync(cancellationToken);

    /// <summary>One request: batch or finalize, its ID, lease token, strategy (finalizations) and simulation flag.</summary>
    public sealed record Call(string Kind, string SyncId, string? CycleOwner, FinalizationStrategy? Strategy, bool Simulation);
}
