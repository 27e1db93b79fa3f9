using System.Globalization;
using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>What happened to one synchronization ID of a run.</summary>
public enum SyncGroupOutcome
{
    /// <summary>Not run, because an earlier group stopped the run (or the run was cancelled or stopped before it).</summary>
    NotStarted,

    /// <summary>Every batch succeeded and the finalization succeeded (in a preview: was simulated).</summary>
    Finalized,

    /// <summary>
    /// A batch could not be sent, did not succeed completely, or did not finish within
    /// <see cref="SyncRunOptions.MaxJobWait"/>; later groups did not run and no ID was finalized.
    /// </summary>
    BatchFailed,

    /// <summary>Every batch succeeded but the catalog refused the finalization or its job failed; nothing was finalized.</summary>
    FinalizationFailed,

    /// <summary>
    /// The finalization was sent, but whether it ran is not known: the answer to its request was lost (a 5xx, a
    /// connection lost after sending, a timeout), the run stopped waiting for its job (cancellation or
    /// <see cref="SyncRunOptions.MaxJobWait"/>). It was deliberately not sent again: a second finalization would end the
    /// next, empty cycle. Check the catalog's jobs (<see cref="SyncGroupReport.Finalization"/> has the job id when known)
    /// before running the plan again.
    /// </summary>
    FinalizationUnconfirmed,

    /// <summary>The sources yielded no asset, so the ID was not finalized (see <see cref="SyncRunOptions.FinalizeEmptyGroups"/>).</summary>
    SkippedEmpty,

    /// <summary>The run was cancelled before this ID's finalization was sent; it was not finalized.</summary>
    Cancelled,

    /// <summary>The plan does not fit the catalog's metamodel (see <see cref="SyncRunReport.Preflight"/>): nothing was sent.</summary>
    PreflightFailed,

    /// <summary>
    /// Every batch succeeded, but the deletion guard counted more missing assets than allowed (see
    /// <see cref="SyncRunReport.DeletionGuard"/>), so no ID was finalized.
    /// </summary>
    BlockedByGuard,

    /// <summary>
    /// The sources hold items that cannot be synchronized (see <see cref="SyncRunReport.SourceProblems"/>): no name, or
    /// two items on one asset. No ID was finalized.
    /// </summary>
    SourceInvalid,

    /// <summary>
    /// The catalog refused a batch because another run holds this ID's cycle (HTTP 409 <c>cycleLeased</c>); the
    /// message names the holder and when its lease expires. No ID was finalized.
    /// </summary>
    CycleLeased,

    /// <summary>
    /// Every batch of this ID succeeded, but the run stopped elsewhere (another ID failed, or a finalization before it
    /// failed), so it was not finalized: a plan is finalized all or nothing.
    /// </summary>
    NotFinalized,
}

/// <summary>Whether a run that stopped closed the cycle of an ID whose batches it had sent.</summary>
public enum SyncCycleClose
{
    /// <summary>Nothing to close: the ID was finalized, or sent no batch, or its cycle must not be touched.</summary>
    None,

    /// <summary>
    /// The cycle was closed with an <c>IGNORE</c> finalization, which changes nothing: the missing assets stay owned,
    /// so the next complete run still finds them.
    /// </summary>
    Closed,

    /// <summary>
    /// The close was sent once but not confirmed (refused, failed, or its answer was lost); it was not sent again. The
    /// next run's batches may join the open cycle.
    /// </summary>
    Unconfirmed,
}

/// <summary>What a job of a run did.</summary>
public enum SyncJobKind
{
    /// <summary>A synchronization batch (<c>batch/json-job</c>).</summary>
    Batch,

    /// <summary>A finalization (<c>finalize/job</c>).</summary>
    Finalization,

    /// <summary>
    /// The <c>IGNORE</c> finalization that closes the cycle of an ID a stopped run did not finalize; it changes nothing
    /// (see <see cref="SyncCycleClose"/>).
    /// </summary>
    CycleClose,

    /// <summary>A simulated finalization, as the deletion guard sends to count what the real one would remove or retire.</summary>
    SimulatedFinalization,

    /// <summary>A batch and its finalization in one job (<c>{id}/json-job</c>), as a preview sends.</summary>
    Synchronization,

    /// <summary>
    /// A simulated plain import (<c>/import/json-job</c>), as a preview sends to an endpoint that is not known to
    /// simulate synchronizations (real Collibra).
    /// </summary>
    Import,

    /// <summary>
    /// A plain import (<c>/import/json-job</c>, outside any synchronization ID) that created the missing communities and
    /// domains the plan points at, before the batch that first needed them (<see cref="SyncRunReport.ContainerJobs"/>).
    /// </summary>
    Containers,
}

/// <summary>How far a group's removed, retired and restored counts can be trusted.</summary>
public enum SyncMissingCounts
{
    /// <summary>Counted by the catalog's own jobs: a run, or a preview against a catalog that simulates synchronizations exactly.</summary>
    Exact,

    /// <summary>
    /// A preview's upper bound: the catalog's assets of the group's types in its domains that the sources no longer
    /// name, including assets the synchronization ID does not own (which a finalization leaves alone). Restores are
    /// not counted.
    /// </summary>
    UpperBound,

    /// <summary>A preview could not count them (the client cannot read the catalog's assets).</summary>
    Unknown,
}

/// <summary>One job of a run, with its summary.</summary>
/// <param name="Job">The job, in its final state (or the last state seen, when the run stopped waiting).</param>
/// <param name="Summary">Its import summary (empty when the job did not finish).</param>
/// <param name="Resources">Resources sent in it, communities and domains included when it carried any (0 for a finalization).</param>
public sealed record SyncJobReport(Job Job, ImportSummary Summary, int Resources)
{
    /// <summary>What the job did.</summary>
    public SyncJobKind Kind { get; init; }

    /// <summary>Assets sent in it.</summary>
    public int Assets { get; init; }

    /// <summary>Time from the request to the job's end (or to when the run stopped waiting).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the job has finished.</summary>
    public bool Finished => Job.IsFinished;

    /// <summary>Whether the job succeeded completely.</summary>
    public bool Succeeded => Job.State == JobState.Completed && Job.Result == JobResult.Success;
}

/// <summary>What one type of a synchronization ID did.</summary>
/// <param name="Type">The type.</param>
/// <param name="AssetsSent">Its items sent in batches the catalog accepted.</param>
/// <param name="Counters">
/// The counters of its asset type in the group's job summaries (their per-type subcategories). Two types of one ID
/// with the same asset type share these counters.
/// </param>
public sealed record SyncTypeReport(SyncTypeDescription Type, int AssetsSent, ImportCounters Counters);

/// <summary>What happened to one synchronization ID.</summary>
public sealed record SyncGroupReport
{
    /// <summary>The group that ran.</summary>
    public required SyncGroupDescription Group { get; init; }

    /// <summary>The outcome.</summary>
    public required SyncGroupOutcome Outcome { get; init; }

    /// <summary>The status id missing assets got, after looking up <see cref="SyncGroupDescription.StatusName"/>.</summary>
    public Guid? StatusId { get; init; }

    /// <summary>The batch jobs in order (in a preview: the one simulated full synchronization or simulated import).</summary>
    public IReadOnlyList<SyncJobReport> Batches { get; init; } = [];

    /// <summary>The finalization job, once it was started.</summary>
    public SyncJobReport? Finalization { get; init; }

    /// <summary>The number (from 1) of the batch that stopped the run, when one of this ID's batches did.</summary>
    public int? FailedBatch { get; init; }

    /// <summary>The deletion guard's simulated finalization of this ID, when the catalog simulates synchronizations.</summary>
    public SyncJobReport? GuardSimulation { get; init; }

    /// <summary>The <c>IGNORE</c> finalization that closed this ID's cycle after the run stopped, once it was started.</summary>
    public SyncJobReport? Close { get; init; }

    /// <summary>Whether the run closed this ID's cycle after it stopped (see <see cref="SyncCycleClose"/>).</summary>
    public SyncCycleClose CycleClose { get; init; }

    /// <summary>Per type, in the group's order: assets sent and the counters of the job summaries.</summary>
    public IReadOnlyList<SyncTypeReport> Types { get; init; } = [];

    /// <summary>Assets sent in batches the catalog accepted.</summary>
    public int AssetsSent { get; init; }

    /// <summary>Resources sent in batches the catalog accepted (assets only in a run; a preview's job may add the missing containers).</summary>
    public int ResourcesSent { get; init; }

    /// <summary>Time spent on the group: reading its sources, sending, waiting for its jobs.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Why the group failed, was skipped or stopped.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// What the run journal found and did for this ID before its first batch, when an earlier run left it unfinished:
    /// a cycle resumed (batches not sent again), closed and restarted, or a finalization of an earlier run confirmed;
    /// <see langword="null"/> when there was nothing to recover.
    /// </summary>
    public string? Recovery { get; init; }

    /// <summary>How far the removed, retired and restored counts can be trusted (<see cref="SyncMissingCounts.Exact"/> but in some previews).</summary>
    public SyncMissingCounts MissingCounts { get; init; }

    /// <summary>Whether the removed and retired counts are upper bounds ("at most"), as a preview against real Collibra gives.</summary>
    public bool MissingIsUpperBound => MissingCounts == SyncMissingCounts.UpperBound;

    /// <summary>
    /// Per asset type, the removed or retired counts a preview estimated by reading the catalog (see
    /// <see cref="SyncMissingCounts.UpperBound"/>); empty otherwise. They are included in the counters below.
    /// </summary>
    public IReadOnlyList<SubcategorySummary> EstimatedMissing { get; init; } = [];

    /// <summary>
    /// Every job of the group whose counts changed the catalog: the batches, then the finalization or the close (the
    /// guard's simulated finalization is not one of them: it changed nothing).
    /// </summary>
    public IEnumerable<SyncJobReport> Jobs => Batches.Concat(new[] { Finalization, Close }.OfType<SyncJobReport>());

    /// <summary>The counters of every job of the group, summed over every kind of resource.</summary>
    public ImportCounters Counters => Sum(_ => true) + Estimated(_ => true);

    /// <summary>The asset counters of every job of the group.</summary>
    public ImportCounters AssetCounters => Sum(r => r.ResourceType == ImportResourceType.Asset) + Estimated(_ => true);

    /// <summary>The counters of one asset type (e.g. <c>Table</c>) in every job of the group; zeros when none.</summary>
    public ImportCounters CountersFor(string assetType) =>
        Jobs.SelectMany(j => j.Summary.ResourceTypes)
            .Where(r => r.ResourceType == ImportResourceType.Asset)
            .SelectMany(r => r.Subcategories)
            .Where(s => string.Equals(s.Category.Name, assetType, StringComparison.OrdinalIgnoreCase))
            .Aggregate(new ImportCounters(), (sum, s) => sum + s.Counters)
        + Estimated(s => string.Equals(s.Category.Name, assetType, StringComparison.OrdinalIgnoreCase));

    private ImportCounters Estimated(Func<SubcategorySummary, bool> filter) =>
        EstimatedMissing.Where(filter).Aggregate(new ImportCounters(), (sum, s) => sum + s.Counters);

    private ImportCounters Sum(Func<ResourceTypeSummary, bool> filter) =>
        Jobs.SelectMany(j => j.Summary.ResourceTypes).Where(filter).Aggregate(new ImportCounters(), (sum, r) => sum + r.Counters);
}

/// <summary>What a run of a plan did.</summary>
public sealed record SyncRunReport
{
    /// <summary>The plan that ran.</summary>
    public required SyncPlanDescription Plan { get; init; }

    /// <summary>Whether this was a preview (<c>simulation=true</c>) that changed nothing.</summary>
    public bool Simulation { get; init; }

    /// <summary>Whether some group's removed and retired counts are upper bounds (<see cref="SyncGroupReport.MissingIsUpperBound"/>).</summary>
    public bool MissingIsUpperBound => Groups.Any(g => g.MissingIsUpperBound);

    /// <summary>Whether the run was cancelled before it could finish.</summary>
    public bool Cancelled { get; init; }

    /// <summary>One report per group of the plan, in order.</summary>
    public required IReadOnlyList<SyncGroupReport> Groups { get; init; }

    /// <summary>
    /// Why the run did not finalize every group: why it stopped before its first group (e.g. the catalog refused the
    /// credentials or could not be reached while status names were looked up), or which ID stopped it and which IDs
    /// were finalized (none, unless a finalization failed after earlier ones); <see langword="null"/> when the run
    /// succeeded, and for a preview (a group's own failure is in its <see cref="SyncGroupReport.Message"/>).
    /// </summary>
    public string? Message { get; init; }

    /// <summary>
    /// The preflight's result (the plan checked against the catalog's metamodel before anything was sent);
    /// <see langword="null"/> when it did not run (<see cref="SyncRunOptions.SkipPreflight"/>, or a client that cannot
    /// read the catalog).
    /// </summary>
    public Preflight.PreflightResult? Preflight { get; init; }

    /// <summary>
    /// What the deletion guard counted, per ID and per type (IDs whose strategy is <c>IGNORE</c> are not counted);
    /// empty when the run did not reach the guard.
    /// </summary>
    public IReadOnlyList<DeletionGuardCount> DeletionGuard { get; init; } = [];

    /// <summary>Whether the deletion guard blocked the run (some count is blocked and it was not overridden).</summary>
    public bool BlockedByGuard => Groups.Any(g => g.Outcome == SyncGroupOutcome.BlockedByGuard);

    /// <summary>The first 100 problems found in the sources' items (no name, two items on one asset), in order.</summary>
    public IReadOnlyList<string> SourceProblems { get; init; } = [];

    /// <summary>How many problems were found in the sources' items in all (<see cref="SourceProblems"/> lists the first 100).</summary>
    public int SourceProblemCount { get; init; }

    /// <summary>
    /// The declared moves and removals of synchronization IDs (<see cref="SyncPlanDescription.MovedFrom"/>,
    /// <see cref="SyncPlanDescription.Removed"/>) and what the run did with each; empty when the plan declares none.
    /// </summary>
    public IReadOnlyList<ScopeChangeReport> ScopeChanges { get; init; } = [];

    /// <summary>
    /// Every community and domain the run ensured, in the order it did: those that existed, those it created with a
    /// plain import before the batch that first needed them, and in a preview those a run would create. Empty when
    /// the client cannot read the catalog (nothing is looked up or created then) or the run stopped before.
    /// </summary>
    public IReadOnlyList<SyncContainerReport> Containers { get; init; } = [];

    /// <summary>The communities and domains the run created (<see cref="SyncContainerAction.Created"/>).</summary>
    public IEnumerable<SyncContainerReport> CreatedContainers => Containers.Where(c => c.Action == SyncContainerAction.Created);

    /// <summary>
    /// The plain imports that created missing communities and domains (<see cref="SyncJobKind.Containers"/>), in order.
    /// They belong to no synchronization ID, so they are not among <see cref="Jobs"/>.
    /// </summary>
    public IReadOnlyList<SyncJobReport> ContainerJobs { get; init; } = [];

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Time spent on the whole run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether every group was finalized (in a preview: simulated completely) and no declared scope change failed.</summary>
    public bool Succeeded => !Cancelled && Message is null && Groups.All(g => g.Outcome == SyncGroupOutcome.Finalized)
        && ScopeChanges.All(c => c.Outcome != ScopeChangeOutcome.Failed);

    /// <summary>The counters of every job, summed over every kind of resource.</summary>
    public ImportCounters Counters => Groups.Aggregate(new ImportCounters(), (sum, g) => sum + g.Counters);

    /// <summary>The asset counters of every job.</summary>
    public ImportCounters AssetCounters => Groups.Aggregate(new ImportCounters(), (sum, g) => sum + g.AssetCounters);

    /// <summary>Every job of the run's synchronization IDs, in order, then those of the scope changes (the container imports are <see cref="ContainerJobs"/>).</summary>
    public IEnumerable<SyncJobReport> Jobs => Groups.SelectMany(g => g.Jobs).Concat(ScopeChanges.SelectMany(c => c.Jobs));

    /// <summary>
    /// A readable, multi-line summary for a console: a headline (and why the run stopped), the preflight's problems,
    /// the sources' problems, the deletion guard's counts when one crossed a limit; then one line per synchronization ID
    /// with its outcome, batches, assets sent, time and asset counters; under an ID of several types, one line per type;
    /// and why a group stopped; last, the communities and domains the run created (a preview: would create).
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var verdict = Succeeded ? "succeeded" : Cancelled ? "cancelled" : "did not succeed";
        text.Append(CultureInfo.InvariantCulture, $"{(Simulation ? "Preview" : "Run")} of sync plan '{Plan.Name}': {verdict}, {Jobs.Count()} job(s) in {Seconds(Elapsed)}");
        if (Message is not null)
        {
            text.Append('\n').Append("  ").Append(Message);
        }

        if (Preflight is { Passed: false } preflight)
        {
            text.Append('\n').Append("  ").Append(preflight.Describe().Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        if (SourceProblemCount > 0)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  {SourceProblemCount} problem(s) in the sources{(SourceProblemCount > SourceProblems.Count ? $", the first {SourceProblems.Count}" : "")}:");
            foreach (var problem in SourceProblems)
            {
                text.Append('\n').Append("  - ").Append(problem);
            }
        }

        if (DeletionGuard.Any(c => c.Blocked is not null))
        {
            // Only when a count crossed a limit (blocked, or let through by an override): every count, with its limits.
            text.Append('\n').Append(BlockedByGuard ? "  Deletion guard:" : "  Deletion guard (overridden):");
            foreach (var count in DeletionGuard)
            {
                text.Append('\n').Append("  - ").Append(count.ToString());
            }

            if (BlockedByGuard)
            {
                text.Append('\n').Append("  ").Append(GuardHelp);
            }
        }

        foreach (var group in Groups)
        {
            text.Append('\n');
            var jobs = !Simulation ? $"{group.Batches.Count} batch(es)"
                : group.Batches.Count > 0 && group.Batches[0].Kind == SyncJobKind.Import ? $"{group.Batches.Count} simulated import(s)"
                : $"{group.Batches.Count} simulated synchronization(s)";
            text.Append(CultureInfo.InvariantCulture, $"- {group.Group.SyncId}: {group.Outcome}, {jobs}, {group.AssetsSent} asset(s) sent, {Seconds(group.Elapsed)}; assets {Counts(group.AssetCounters, group.MissingCounts)}");
            if (group.Types.Count > 1)
            {
                foreach (var type in group.Types)
                {
                    text.Append('\n');
                    text.Append(CultureInfo.InvariantCulture, $"    {type.Type.AssetType} ({ShortName(type.Type.TypeName)}): {type.AssetsSent} sent; {Counts(type.Counters, group.MissingCounts)}");
                }
            }

            if (group.Recovery is not null)
            {
                text.Append('\n').Append("  Recovery: ").Append(group.Recovery);
            }

            if (group.Message is not null)
            {
                text.Append('\n');
                text.Append("  ").Append(group.Message);
            }
        }

        foreach (var change in ScopeChanges)
        {
            text.Append('\n').Append("- ").Append(change.ToString());
        }

        if (Containers.Any(c => c.Action != SyncContainerAction.Existed))
        {
            // Only what changed (or would change) the catalog: the containers that exist were left alone.
            text.Append('\n').Append(Simulation ? "Containers a run would create (plain import, owned by no synchronization ID):" : "Containers created (plain import, owned by no synchronization ID):");
            foreach (var container in Containers.Where(c => c.Action != SyncContainerAction.Existed))
            {
                text.Append('\n').Append("- ").Append(container.ToString());
            }
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    /// <summary>How to let a blocked run through, as the report says it.</summary>
    internal const string GuardHelp =
        "Nothing was finalized, so nothing is lost: the next complete run finds the same missing assets. If the counts are right, "
        + "run once with SyncRunOptions.DeletionGuard = DeletionGuardOptions.Default with { Override = true }, "
        + "or raise the type's limit with [MissingPolicy(..., MaxMissingPercent = …, MaxMissingCount = …)].";

    /// <summary>The report of the group with this synchronization ID.</summary>
    /// <exception cref="KeyNotFoundException">The plan has no such ID.</exception>
    public SyncGroupReport this[string syncId] =>
        Groups.FirstOrDefault(g => g.Group.SyncId == syncId) ?? throw new KeyNotFoundException($"The plan has no synchronization ID '{syncId}'.");

    private static string Counts(ImportCounters c, SyncMissingCounts missing) => missing switch
    {
        SyncMissingCounts.UpperBound => string.Create(CultureInfo.InvariantCulture, $"added {c.Added}, updated {c.Updated}, unchanged {c.Unchanged}, at most {c.Removed} removed, at most {c.Retired} retired, restored not counted"),
        SyncMissingCounts.Unknown => string.Create(CultureInfo.InvariantCulture, $"added {c.Added}, updated {c.Updated}, unchanged {c.Unchanged}, removed, retired and restored unknown"),
        _ => string.Create(CultureInfo.InvariantCulture, $"added {c.Added}, updated {c.Updated}, unchanged {c.Unchanged}, removed {c.Removed}, retired {c.Retired}, restored {c.Restored}"),
    };

    private static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");

    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
