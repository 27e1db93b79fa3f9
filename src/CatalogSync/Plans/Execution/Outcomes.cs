using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Plans.Execution;

/// <summary>Which job of a group stopped it.</summary>
internal enum JobRole
{
    /// <summary>A batch of a run.</summary>
    Batch,

    /// <summary>The finalization of a run.</summary>
    Finalization,

    /// <summary>A preview's simulated full synchronization (a catalog that simulates synchronizations).</summary>
    SimulatedSynchronization,

    /// <summary>A preview's simulated plain import (any other catalog).</summary>
    SimulatedImport,
}

/// <summary>
/// The outcome table: for each way a group can stop, its <see cref="SyncGroupOutcome"/> and the message the report
/// and the log give. Every message of the runtime is here.
/// </summary>
internal static class Outcomes
{
    /// <summary>A job was accepted but did not succeed: it failed, or the wait for it ended without an answer.</summary>
    public static (SyncGroupOutcome Outcome, string Message) JobStopped(JobRole role, string syncId, int batchNumber, JobWait wait, TimeSpan maxJobWait)
    {
        var job = wait.Job;
        var error = wait.Error?.Message;
        var ended = $"ended {job.State}/{job.Result}{(job.Message is null ? "" : $": {job.Message}")}";
        return (role, wait.End) switch
        {
            (JobRole.Batch, WaitEnd.Cancelled) => (SyncGroupOutcome.Cancelled, $"The run was cancelled while batch {batchNumber} of '{syncId}' (job {job.Id}) was running; '{syncId}' was not finalized."),
            (JobRole.Batch, WaitEnd.TimedOut) => (SyncGroupOutcome.BatchFailed, $"Batch {batchNumber} of '{syncId}' (job {job.Id}) did not finish within {maxJobWait}; '{syncId}' was not finalized."),
            (JobRole.Batch, WaitEnd.Failed) => (SyncGroupOutcome.BatchFailed, $"The state of batch {batchNumber} of '{syncId}' (job {job.Id}) could not be read: {error} '{syncId}' was not finalized."),
            (JobRole.Batch, _) => (SyncGroupOutcome.BatchFailed, $"Batch {batchNumber} of '{syncId}' {ended}; the synchronization was not finalized."),

            (JobRole.Finalization, WaitEnd.Cancelled) => (SyncGroupOutcome.FinalizationUnconfirmed, $"The run was cancelled while the finalization of '{syncId}' (job {job.Id}) was running; that job was not stopped and may still complete."),
            (JobRole.Finalization, WaitEnd.TimedOut) => (SyncGroupOutcome.FinalizationUnconfirmed, $"The finalization of '{syncId}' (job {job.Id}) did not finish within {maxJobWait}; it may still complete. Check the job before running the plan again."),
            (JobRole.Finalization, WaitEnd.Failed) => (SyncGroupOutcome.FinalizationUnconfirmed, $"The state of the finalization of '{syncId}' (job {job.Id}) could not be read: {error} Check the job before running the plan again."),
            (JobRole.Finalization, _) => (SyncGroupOutcome.FinalizationFailed, $"Finalization of '{syncId}' {ended}; nothing was finalized."),

            (_, WaitEnd.Cancelled) => (SyncGroupOutcome.Cancelled, $"The preview was cancelled while {Preview(role)} of '{syncId}' (job {job.Id}) was running."),
            (_, WaitEnd.TimedOut) => (SyncGroupOutcome.BatchFailed, $"{Capital(Preview(role))} of '{syncId}' (job {job.Id}) did not finish within {maxJobWait}."),
            (_, WaitEnd.Failed) => (SyncGroupOutcome.BatchFailed, $"The state of {Preview(role)} of '{syncId}' (job {job.Id}) could not be read: {error}"),
            _ => (SyncGroupOutcome.BatchFailed, $"{Capital(Preview(role))} of '{syncId}' {ended}; a run would not be finalized."),
        };
    }

    /// <summary>A job's request failed: the catalog refused it, or its answer was lost.</summary>
    public static (SyncGroupOutcome Outcome, string Message) RequestFailed(JobRole role, string syncId, int batchNumber, int resources, Exception error, CatalogFailure failure) => role switch
    {
        JobRole.Batch => (SyncGroupOutcome.BatchFailed, $"Batch {batchNumber} of '{syncId}' could not be sent: {Describe(error, failure)} '{syncId}' was not finalized."),
        JobRole.Finalization when failure == CatalogFailure.Busy =>
            (SyncGroupOutcome.FinalizationUnconfirmed, $"The catalog answered the finalization of '{syncId}' as busy ({error.Message}); that does not prove it was not taken, so it may still run. It was not sent again (the runtime never sends a finalization twice): check the catalog's jobs; the next complete run repairs it either way."),
        JobRole.Finalization when CatalogFailures.CertainlyNotProcessed(failure) =>
            (SyncGroupOutcome.FinalizationFailed, $"The catalog refused the finalization of '{syncId}': {Describe(error, failure)} '{syncId}' was not finalized."),
        JobRole.Finalization =>
            (SyncGroupOutcome.FinalizationUnconfirmed, $"The finalization of '{syncId}' was sent but its answer was lost ({error.GetType().Name}: {error.Message}). It may have run; it was not sent again, because a second finalization would end the next, empty cycle. Check the catalog's jobs before running the plan again."),
        _ => (SyncGroupOutcome.BatchFailed, $"{Capital(Preview(role))} of '{syncId}' ({resources} resources) could not be sent: {Describe(error, failure)}"),
    };

    /// <summary>The status names of the plan could not be looked up: the run stops before its first group.</summary>
    public static string StatusLookupFailed(Exception error, CatalogFailure failure) =>
        $"The missing-asset statuses could not be looked up: {Describe(error, failure)} Nothing was sent.";

    /// <summary>A failure in words that say what to do.</summary>
    private static string Describe(Exception error, CatalogFailure failure) => failure switch
    {
        CatalogFailure.Unauthorized => $"the catalog refused the credentials or the permission ({error.Message}); check the user name and password, or the token.",
        CatalogFailure.NotSent => $"the catalog could not be reached ({error.Message}); check its address and that it is running.",
        _ when CatalogFailures.IsTimeout(error) => $"the request timed out ({error.Message}).",
        _ => error.Message,
    };

    /// <summary>The run was cancelled while a job's request was on its way (never a finalization's: that one is not cut off).</summary>
    public static (SyncGroupOutcome Outcome, string Message) CancelledWhileSending(JobRole role, string syncId, int batchNumber) => role switch
    {
        JobRole.Batch => (SyncGroupOutcome.Cancelled, $"The run was cancelled while batch {batchNumber} of '{syncId}' was being sent; '{syncId}' was not finalized."),
        _ => (SyncGroupOutcome.Cancelled, $"The preview was cancelled while '{syncId}' was being sent."),
    };

    /// <summary>The run was cancelled while the sources were read.</summary>
    public static (SyncGroupOutcome Outcome, string Message) CancelledWhileReading(bool simulation, string syncId, int batches) => simulation
        ? (SyncGroupOutcome.Cancelled, $"The preview was cancelled while reading the sources of '{syncId}'.")
        : (SyncGroupOutcome.Cancelled, $"The run was cancelled while reading the sources of '{syncId}', after {batches} batch(es); '{syncId}' was not finalized.");

    /// <summary>The run was cancelled after the last batch, before the finalization was sent.</summary>
    public static (SyncGroupOutcome Outcome, string Message) CancelledBeforeFinalization(string syncId, int batches) =>
        (SyncGroupOutcome.Cancelled, $"The run was cancelled after the {batches} batch(es) of '{syncId}'; '{syncId}' was not finalized.");

    /// <summary>The sources yielded no asset.</summary>
    public static (SyncGroupOutcome Outcome, string Message) Empty(SyncGroupDescription group) =>
        (SyncGroupOutcome.SkippedEmpty, $"The sources of '{group.SyncId}' yielded no asset, so it was not finalized: finalizing would {(group.Strategy == MissingStrategy.Ignore ? "do nothing useful" : "remove or retire everything it owns")}. Set {nameof(SyncRunOptions.FinalizeEmptyGroups)} to finalize anyway.");

    /// <summary>Every batch of the group succeeded, but the run stopped elsewhere before this group was finalized.</summary>
    public static (SyncGroupOutcome Outcome, string Message) NotFinalized(string syncId) =>
        (SyncGroupOutcome.NotFinalized, $"Every batch of '{syncId}' succeeded, but the run stopped elsewhere, so '{syncId}' was not finalized.");

    /// <summary>
    /// The run-level message of a run that did not finalize every group: which ID stopped it, and which IDs were
    /// finalized (only possible when a finalization failed after earlier ones were applied); <see langword="null"/>
    /// when every group was finalized, and for a preview.
    /// </summary>
    public static string? RunStopped(IReadOnlyList<SyncGroupReport> groups, bool simulation)
    {
        if (simulation || groups.All(g => g.Outcome == SyncGroupOutcome.Finalized))
        {
            return null;
        }

        var stopper = groups.FirstOrDefault(g => g.Outcome is not (SyncGroupOutcome.Finalized or SyncGroupOutcome.NotFinalized or SyncGroupOutcome.NotStarted or SyncGroupOutcome.BlockedByGuard))
            ?? groups.FirstOrDefault(g => g.Outcome == SyncGroupOutcome.BlockedByGuard);
        var cause = stopper is null ? "The run stopped"
            : stopper.Outcome == SyncGroupOutcome.BlockedByGuard ? "The deletion guard blocked the run"
            : stopper.FailedBatch is { } batch ? $"Batch {batch} of '{stopper.Group.SyncId}' stopped the run ({stopper.Outcome})"
            : $"'{stopper.Group.SyncId}' stopped the run ({stopper.Outcome})";
        var finalized = Names(groups, g => g.Outcome == SyncGroupOutcome.Finalized);
        var unconfirmed = Names(groups, g => g.Outcome == SyncGroupOutcome.FinalizationUnconfirmed);
        if (finalized is null && unconfirmed is null)
        {
            return $"{cause}; no ID was finalized.";
        }

        var rest = Names(groups, g => g.Outcome is not (SyncGroupOutcome.Finalized or SyncGroupOutcome.FinalizationUnconfirmed));
        return cause
            + (finalized is null ? "" : $"; finalized, which cannot be undone: {finalized}")
            + (unconfirmed is null ? "" : $"; may have been finalized (unconfirmed): {unconfirmed}")
            + (rest is null ? "." : $"; not finalized: {rest}.");

        static string? Names(IEnumerable<SyncGroupReport> groups, Func<SyncGroupReport, bool> filter) =>
            groups.Where(filter).Select(g => $"'{g.Group.SyncId}'").ToList() is { Count: > 0 } names ? string.Join(", ", names) : null;
    }

    /// <summary>Whether the catalog refused a job because another run holds the cycle's lease.</summary>
    public static bool IsCycleLeased(CatalogApiException error) => error.StatusCode == 409 && error.ErrorCode == "cycleLeased";

    /// <summary>A batch was refused because another run holds the ID's cycle.</summary>
    public static (SyncGroupOutcome Outcome, string Message) CycleLeased(string syncId, int batchNumber, CatalogApiException error) =>
        (SyncGroupOutcome.CycleLeased, $"Batch {batchNumber} of '{syncId}' was refused: another run holds the cycle of '{syncId}' ({error.Message}). Nothing of this run was finalized; run the plan again when that run has ended or its lease has expired.");

    /// <summary>The group's sources hold items that cannot be synchronized.</summary>
    public static (SyncGroupOutcome Outcome, string Message) SourceInvalid(string syncId, int problems) =>
        (SyncGroupOutcome.SourceInvalid, $"The sources of '{syncId}' have {problems} problem(s) (listed in the report): no ID was finalized. Fix the sources, or set {nameof(SyncRunOptions.AllowDuplicateItems)} to let duplicates through.");

    /// <summary>An earlier group's sources had problems: this group's were only checked.</summary>
    public static (SyncGroupOutcome Outcome, string Message) SourcesOnlyChecked(string syncId) =>
        (SyncGroupOutcome.NotStarted, $"The sources of '{syncId}' were only checked, nothing was sent: an earlier source has problems.");

    /// <summary>The plan does not fit the catalog: the groups with problems.</summary>
    public static (SyncGroupOutcome Outcome, string Message) PreflightFailed(string syncId, int problems) =>
        (SyncGroupOutcome.PreflightFailed, $"'{syncId}' does not fit the catalog's metamodel: {problems} problem(s), listed in the report. Nothing was sent.");

    /// <summary>The run-level message of a failed preflight.</summary>
    public static string PreflightFailedRun(int problems) =>
        $"The plan does not fit the catalog's metamodel ({problems} problem(s), listed below); nothing was sent. Fix the plan, or set {nameof(SyncRunOptions.SkipPreflight)} if the check is wrong.";

    /// <summary>The preflight could not read the catalog's metamodel.</summary>
    public static string PreflightUnreadable(Exception error, CatalogFailure failure) =>
        $"The catalog's metamodel could not be read for the preflight: {Describe(error, failure)} Nothing was sent.";

    /// <summary>The guard blocked the run: every group not finalized.</summary>
    public static (SyncGroupOutcome Outcome, string Message) BlockedByGuard(string syncId, IEnumerable<DeletionGuardCount> blocked)
    {
        var reasons = blocked.Where(c => c.SyncId == syncId).Select(c => $"{c.TypeName}: {c.Blocked}.").ToList();
        return (SyncGroupOutcome.BlockedByGuard, reasons.Count == 0
            ? $"'{syncId}' was not finalized: the deletion guard blocked the run elsewhere."
            : $"'{syncId}' was not finalized, the deletion guard blocked it: {string.Join(" ", reasons)}");
    }

    /// <summary>The guard could not count what a group's finalization would remove or retire.</summary>
    public static string GuardCouldNotCount(string syncId, string why) =>
        $"the deletion guard could not count what the finalization of '{syncId}' would remove or retire: {why}";

    /// <summary>The cycle of a stopped group was closed.</summary>
    public static string Closed(string syncId, Guid jobId) =>
        $"Its cycle was closed with an IGNORE finalization (job {jobId}) that changed nothing: the missing assets stay owned, so the next complete run of '{syncId}' still finds them.";

    /// <summary>The close of a stopped group's cycle was refused or its answer lost.</summary>
    public static string CloseFailed(string syncId, Exception error) =>
        $"Closing its cycle (an IGNORE finalization) failed and was not sent again: {error.Message} The next run's batches of '{syncId}' may join that open cycle.";

    /// <summary>The close's job did not succeed or did not finish.</summary>
    public static string CloseUnconfirmed(string syncId, JobWait wait) =>
        $"Closing its cycle (an IGNORE finalization, job {wait.Job.Id}) is not confirmed: it ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : ": " + wait.Job.Message)}. It was not sent again; the next run's batches of '{syncId}' may join that open cycle.";

    /// <summary>The span and metric result of a stopped job.</summary>
    public static string Result(SyncGroupOutcome outcome) => outcome switch
    {
        SyncGroupOutcome.Cancelled => "cancelled",
        SyncGroupOutcome.FinalizationUnconfirmed => "unconfirmed",
        SyncGroupOutcome.Finalized => "success",
        _ => "failure",
    };

    // ---------------------------------------------------------------- containers (ContainerPhase): ensured, never owned

    /// <summary>An existing domain has another domain type than a type of the plan declares.</summary>
    public static string DomainTypeDiffers(string community, string domain, string actual, string declared) =>
        $"[SyncAsset] points at the existing domain '{domain}' of community '{community}', which is a '{actual}' domain, not a '{declared}' one. CatalogSync never changes an existing domain's type: declare DomainType = \"{actual}\", or point the type at another domain.";

    /// <summary>Two types of the plan declare one missing domain with different domain types.</summary>
    public static string DomainTypesConflict(string community, string domain, string firstType, string first, string declared) =>
        $"[SyncAsset] declares the domain '{domain}' of community '{community}' as a '{declared}' domain, but {firstType} declares it as a '{first}' one: a domain has one type, so declare the same DomainType for both.";

    /// <summary>The run-level message of existing domains of another type (no metamodel problem).</summary>
    public static string DomainTypeDiffersRun(int problems) =>
        $"The plan points at {problems} existing domain(s) of another domain type (listed below); nothing was sent. CatalogSync never retypes a domain: fix the declarations.";

    /// <summary>A batch's per-item domain exists with another type: the batch is not sent.</summary>
    public static (SyncGroupOutcome Outcome, string Message) DomainTypeDiffersInBatch(string syncId, int batchNumber, int problems, bool simulation) =>
        (SyncGroupOutcome.PreflightFailed, simulation
            ? $"The sources of '{syncId}' name {problems} existing domain(s) of another domain type (listed in the report's preflight problems); the simulated job was not sent."
            : $"The items of batch {batchNumber} of '{syncId}' name {problems} existing domain(s) of another domain type (listed in the report's preflight problems); CatalogSync never retypes a domain, so that batch was not sent and '{syncId}' was not finalized.");

    /// <summary>The containers could not be looked up before the first batch.</summary>
    public static string ContainersUnreadable(Exception error, CatalogFailure failure) =>
        $"The communities and domains of the plan could not be looked up: {Describe(error, failure)} Nothing was sent.";

    /// <summary>A batch's per-item domains could not be looked up.</summary>
    public static string ContainersUnreadableForBatch(string syncId, int batchNumber, Exception error, CatalogFailure failure, bool simulation) => simulation
        ? $"The domains the sources of '{syncId}' name could not be looked up: {Describe(error, failure)} The simulated job was not sent."
        : $"The domains the items of batch {batchNumber} of '{syncId}' name could not be looked up: {Describe(error, failure)} That batch was not sent and '{syncId}' was not finalized.";

    /// <summary>The plain import that creates the missing containers did not succeed before the first batch.</summary>
    public static string ContainersNotCreated(string why, bool beforeBatches, Guid? job) =>
        $"The missing communities and domains could not be created by a plain import{(job is { } id ? $" (job {id})" : "")}: {why}.{(beforeBatches ? " No synchronization batch was sent." : "")}";

    /// <summary>The plain import that creates a batch's missing per-item domains did not succeed.</summary>
    public static string ContainersNotCreatedForBatch(string syncId, int batchNumber, string why, Guid? job) =>
        $"The domains first named by the items of batch {batchNumber} of '{syncId}' could not be created by a plain import{(job is { } id ? $" (job {id})" : "")}: {why}. That batch was not sent and '{syncId}' was not finalized.";

    /// <summary>A run with a client that cannot read the catalog: containers are neither looked up nor created.</summary>
    public const string ContainersNotEnsured =
        "the client cannot read the catalog (it is not an ICatalogReader), so the communities and domains of the plan are neither looked up nor created: they must exist, or the first batch fails. Synchronization batches carry assets only, so that no synchronization ID owns them.";

    private static string Preview(JobRole role) => role == JobRole.SimulatedImport ? "the simulated import" : "the simulated synchronization";

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
