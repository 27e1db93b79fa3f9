using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>What a run of a plan is doing, as reported to <see cref="SyncRunOptions.Progress"/>.</summary>
public enum SyncPhase
{
    /// <summary>A batch was accepted by the catalog; <see cref="SyncProgress.Job"/> is its job, still running.</summary>
    BatchStarted,

    /// <summary>A batch's job finished (successfully or not); <see cref="SyncProgress.Job"/> is its final state.</summary>
    BatchCompleted,

    /// <summary>The finalization was accepted; <see cref="SyncProgress.Job"/> is its job, still running.</summary>
    FinalizationStarted,

    /// <summary>The finalization's job finished (successfully or not).</summary>
    FinalizationCompleted,

    /// <summary>A synchronization ID is done; <see cref="SyncProgress.Outcome"/> says how it ended.</summary>
    GroupCompleted,
}

/// <summary>One progress report of a run.</summary>
public sealed record SyncProgress
{
    /// <summary>What just happened.</summary>
    public required SyncPhase Phase { get; init; }

    /// <summary>The plan's name.</summary>
    public required string PlanName { get; init; }

    /// <summary>The synchronization ID being sent.</summary>
    public required string SyncId { get; init; }

    /// <summary>The type whose items were being read when this was reported (the last type of the batch).</summary>
    public string? TypeName { get; init; }

    /// <summary>Assets of this synchronization ID accepted by the catalog so far.</summary>
    public int AssetsSent { get; init; }

    /// <summary>Batches of this synchronization ID accepted by the catalog so far.</summary>
    public int BatchesSent { get; init; }

    /// <summary>Batches of the whole run accepted so far (the total is not known before the sources are read).</summary>
    public int TotalBatchesSent { get; init; }

    /// <summary>The job this report is about, if any.</summary>
    public Job? Job { get; init; }

    /// <summary>With <see cref="SyncPhase.GroupCompleted"/>: how the synchronization ID ended.</summary>
    public SyncGroupOutcome? Outcome { get; init; }

    /// <summary>Whether this is a preview that changes nothing.</summary>
    public bool Simulation { get; init; }
}
