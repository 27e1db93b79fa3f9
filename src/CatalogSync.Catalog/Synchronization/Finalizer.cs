using CatalogSync.Catalog.Import;
using CatalogSync.Catalog.Storage;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Synchronization;

/// <summary>
/// Ends a synchronization cycle: the resources the id owns alone and did not see in the cycle are
/// removed, retired or left alone, set-based (no row-by-row loop), then the cycle advances.
/// </summary>
internal static class Finalizer
{
    public static void Finalize(ICatalogSession session, SyncRow sync, FinalizationOptions options, long now, SummaryBuilder summary)
    {
        switch (options.Strategy)
        {
            case FinalizationStrategy.RemoveResources:
                summary.Count(session.RemoveMissingAssets(sync.SyncId, sync.Cycle), SummaryBuilder.Change.Removed);
                summary.Count(session.RemoveMissingEmptyContainers(sync.SyncId, sync.Cycle), SummaryBuilder.Change.Removed);
                break;
            case FinalizationStrategy.ChangeStatus:
                summary.Count(
                    session.RetireMissingAssets(sync.SyncId, sync.Cycle, options.MissingAssetStatusId!.Value, now),
                    SummaryBuilder.Change.Retired);
                break;
            case FinalizationStrategy.Ignore:
                // Missing resources stay as they are and stay owned: a later REMOVE_RESOURCES finalization still sees them.
                break;
        }

        session.AdvanceCycle(sync.SyncId, now);
    }
}
