using System.Globalization;

namespace CatalogSync.Plans;

/// <summary>What kind of scope change a plan declares for an old synchronization ID.</summary>
public enum ScopeChangeKind
{
    /// <summary>Types moved out of the ID (<see cref="SyncAssetAttribute.MovedFrom"/>); it is forgotten once their new IDs finalized.</summary>
    Moved,

    /// <summary>The ID was removed from the plan (<see cref="RemovedSyncIdAttribute"/>).</summary>
    Removed,
}

/// <summary>How a declared scope change ended in a run.</summary>
public enum ScopeChangeOutcome
{
    /// <summary>Carried out in this run: the old ID is forgotten (after its last cycle, for a removal that retires or removes).</summary>
    Done,

    /// <summary>The catalog does not know the old ID (an earlier run carried the change out, or it never ran there): nothing to do.</summary>
    AlreadyDone,

    /// <summary>The run did not finalize every group, so the change waits for the next complete run; nothing was forgotten.</summary>
    NotStarted,

    /// <summary>The catalog refused or failed a step; the old ID is not forgotten, and the next run tries again.</summary>
    Failed,

    /// <summary>A preview: what a run would do, nothing done.</summary>
    Previewed,
}

/// <summary>What a run did with one old synchronization ID of a declared move or removal.</summary>
public sealed record ScopeChangeReport
{
    /// <summary>The old synchronization ID.</summary>
    public required string SyncId { get; init; }

    /// <summary>Whether types moved out of it or it was removed (a removal wins when both are declared).</summary>
    public required ScopeChangeKind Kind { get; init; }

    /// <summary>What becomes of the assets it tracked.</summary>
    public RemovedAssets Then { get; init; }

    /// <summary>How it ended.</summary>
    public required ScopeChangeOutcome Outcome { get; init; }

    /// <summary>The types that moved out of it, by C# type name.</summary>
    public IReadOnlyList<string> MovedTypes { get; init; } = [];

    /// <summary>The jobs sent under the old ID: the moved types' batches sent again and its last finalization (or one synchronization job).</summary>
    public IReadOnlyList<SyncJobReport> Jobs { get; init; } = [];

    /// <summary>What happened, in a sentence.</summary>
    public required string Message { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SyncId}: {Kind}, {Outcome}; {Message}");
}
