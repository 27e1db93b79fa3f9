using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>How <see cref="SyncPlanExecutor"/> runs a plan.</summary>
public sealed record SyncRunOptions
{
    /// <summary>Default options.</summary>
    public static SyncRunOptions Default { get; } = new();

    /// <summary>
    /// Options of every batch job. <see cref="ImportJobOptions.Simulation"/> is ignored here: use
    /// <see cref="SyncPlanExecutor.PreviewAsync"/> for a dry run.
    /// </summary>
    public ImportJobOptions JobOptions { get; init; } = ImportJobOptions.Default;

    /// <summary>The longest wait between two polls of a running job (polling starts faster and backs off to this).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether a synchronization ID whose sources yielded no asset at all is still finalized. Off by default:
    /// finalizing after an empty run would remove or retire everything the ID owns.
    /// </summary>
    public bool FinalizeEmptyGroups { get; init; }
}
