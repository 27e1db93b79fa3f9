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
            (SyncGroupOutcome.FinalizationFailed, $"The catalog did not take the finalization of '{syncId}', it is busy: {error.Message} It was not sent again (the runtime never sends a finalization twice); '{syncId}' was not finalized. Run the plan again later."),
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

        var stopper = groups.FirstOrDefault(g => g.Outcome is not (SyncGroupOutcome.Finalized or SyncGroupOutcome.NotFinalized or SyncGroupOutcome.NotStarted));
        var cause = stopper is null ? "The run stopped" : $"'{stopper.Group.SyncId}' stopped the run ({stopper.Outcome})";
        var finalized = groups.Where(g => g.Outcome == SyncGroupOutcome.Finalized).Select(g => $"'{g.Group.SyncId}'").ToList();
        if (finalized.Count == 0)
        {
            return $"{cause}; no ID was finalized.";
        }

        var rest = groups.Where(g => g.Outcome != SyncGroupOutcome.Finalized).Select(g => $"'{g.Group.SyncId}'");
        return $"{cause} after {string.Join(", ", finalized)} had been finalized, which cannot be undone; not finalized: {string.Join(", ", rest)}.";
    }

    /// <summary>The span and metric result of a stopped job.</summary>
    public static string Result(SyncGroupOutcome outcome) => outcome switch
    {
        SyncGroupOutcome.Cancelled => "cancelled",
        SyncGroupOutcome.FinalizationUnconfirmed => "unconfirmed",
        SyncGroupOutcome.Finalized => "success",
        _ => "failure",
    };

    private static string Preview(JobRole role) => role == JobRole.SimulatedImport ? "the simulated import" : "the simulated synchronization";

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
