using CatalogSync.Contract;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// The most resources in one batch (3 to 50 000), instead of the plan's <see cref="SyncPlanDescription.BatchSize"/>;
    /// <see langword="null"/> keeps the plan's.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>The longest wait between two polls of a running job (polling starts at 10 ms and backs off to this).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest the run waits for one job. A batch that takes longer stops the run before its ID is finalized; a
    /// finalization that takes longer is reported as <see cref="SyncGroupOutcome.FinalizationUnconfirmed"/>.
    /// Default: one hour; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan MaxJobWait { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a job whose state cannot be read (<c>GET /jobs/{id}</c> answers 404 or a 5xx, as Collibra can right after
    /// it handed the job out) is still polled before the run calls it lost. Default: 30 seconds; zero gives up at once.
    /// </summary>
    public TimeSpan JobLookupGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of polling delays, <see cref="MaxJobWait"/> and <see cref="JobLookupGrace"/>; <see langword="null"/> for the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// Whether a synchronization ID whose sources yielded no asset at all is still finalized. Off by default:
    /// finalizing after an empty run would remove or retire everything the ID owns.
    /// </summary>
    public bool FinalizeEmptyGroups { get; init; }

    /// <summary>
    /// Where a preview writes each group's items before sending them as one simulated synchronization (the file is
    /// deleted afterwards); <see langword="null"/> takes the system's temporary folder.
    /// </summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>
    /// Skips the preflight (<see cref="Preflight.PlanPreflight"/>) that a run and a preview do before the first batch
    /// when the client can read the catalog's metamodel. Off by default; set it only when the plan is known to fit.
    /// </summary>
    public bool SkipPreflight { get; init; }

    /// <summary>
    /// Lets two items with the same identity (the same name in the same domain) through, with a warning: the later one
    /// wins. Off by default: such duplicates are errors that stop the run before any finalization.
    /// </summary>
    public bool AllowDuplicateItems { get; init; }

    /// <summary>
    /// Whether a run keeps a local run journal (see <see cref="JournalPath"/>) and reads it first, so that after a crash
    /// of the client it confirms a finalization that was sent but never confirmed (by its job id, never sending it
    /// again), resumes a cycle whose batches the source gives again unchanged, or closes it and starts afresh. On by
    /// default; previews never use it.
    /// </summary>
    public bool UseJournal { get; init; } = true;

    /// <summary>
    /// The run journal's SQLite file; <see langword="null"/> takes the default, <c>CatalogSync/runs.db</c> under the
    /// user's local application data folder. One journal may serve several catalogs and plans: its records are keyed
    /// by the catalog (its instance id, or the address of real Collibra) and the synchronization ID.
    /// </summary>
    public string? JournalPath { get; init; }

    /// <summary>The deletion guard's limits (see <see cref="DeletionGuardOptions"/>); per type, [MissingPolicy] may set its own.</summary>
    public DeletionGuardOptions DeletionGuard { get; init; } = DeletionGuardOptions.Default;

    /// <summary>Receives a report after each batch and finalization is accepted and after each finishes.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }

    /// <summary>Receives one line per batch and per finalization, and one per run; <see langword="null"/> logs nothing.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate()
    {
        if (BatchSize is < SyncPlanAttribute.MinBatchSize or > SyncPlanAttribute.MaxBatchSize)
        {
            return $"BatchSize must be between {SyncPlanAttribute.MinBatchSize} and {SyncPlanAttribute.MaxBatchSize}, not {BatchSize}.";
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            return "PollInterval must be positive.";
        }

        if (MaxJobWait <= TimeSpan.Zero && MaxJobWait != Timeout.InfiniteTimeSpan)
        {
            return "MaxJobWait must be positive (or Timeout.InfiniteTimeSpan).";
        }

        if (JobLookupGrace < TimeSpan.Zero)
        {
            return "JobLookupGrace must not be negative.";
        }

        return DeletionGuard?.Validate();
    }
}
