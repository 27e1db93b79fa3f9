using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans.Journal;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Recovery of a cycle an earlier run left unfinished, at the start of a run: a finalization that was sent but never
/// confirmed is looked up by its job id (never sent again); batches whose outcome was never recorded are looked up the
/// same way.
/// </summary>
internal static class CycleRecovery
{
    /// <summary>
    /// A finalization was sent (or being sent) by an earlier run and never confirmed. Its job, when known, is waited for:
    /// applied — the cycle is closed; failed — it is open again; unknown (no job id, or the job cannot be found after
    /// <see cref="SyncRunOptions.JobLookupGrace"/>) — it may or may not have run, so the cycle is closed with an
    /// <c>IGNORE</c> finalization (harmless if it was closed already) and the group starts afresh.
    /// </summary>
    /// <returns>The cycle as it is now (<see langword="null"/> when closed), or the group's report when the run must stop.</returns>
    public static async Task<(JournalCycle? Cycle, SyncGroupReport? Stop)> ResolveFinalizationAsync(JournalRecorder recorder, GroupState state, JournalCycle cycle, GroupJournal group)
    {
        var run = recorder.Run;
        var syncId = state.Group.SyncId;
        var close = cycle.FinalizationKind == CycleCloser.Kind;
        var what = close ? "the IGNORE finalization that an earlier run sent to close its cycle" : "the finalization sent by an earlier run";
        if (cycle.FinalizationJobId is { } jobId)
        {
            var wait = await run.Waiter.WaitAsync(new Job { Id = jobId, State = JobState.Waiting }).ConfigureAwait(false);
            switch (wait.End)
            {
                case WaitEnd.Cancelled:
                    return (cycle, state.Stop(SyncGroupOutcome.Cancelled, $"The run was cancelled while it looked up {what} of '{syncId}' (job {jobId}); nothing was sent."));
                case WaitEnd.Finished when wait.Job is { State: JobState.Completed, Result: JobResult.Success }:
                    recorder.Journal.EndFinalization(recorder.Catalog, syncId, closed: true, recorder.Now);
                    if (!close)
                    {
                        recorder.Note(state, group, $"{what} (job {jobId}) was applied; it was not sent again");
                    }

                    return (null, null);
                case WaitEnd.Finished:
                    recorder.Journal.EndFinalization(recorder.Catalog, syncId, closed: false, recorder.Now);
                    recorder.Note(state, group, $"{what} (job {jobId}) ended {wait.Job.State}/{wait.Job.Result}: its cycle is open again");
                    return (recorder.Journal.FindUnfinishedCycle(recorder.Catalog, syncId), null);
                default:
                    break; // timed out, or lost: unknown
            }
        }

        if (await CycleCloser.CloseAsync(recorder, state).ConfigureAwait(false) is { } failed)
        {
            return (cycle, failed);
        }

        recorder.Note(state, group, cycle.FinalizationJobId is { } unknown
            ? $"whether {what} (job {unknown}) ran is not known (the job cannot be found): the cycle was closed with an IGNORE finalization, which changes nothing, and started afresh"
            : $"{what} may or may not have reached the catalog (the run stopped before its answer): the cycle was closed with an IGNORE finalization, which changes nothing, and started afresh");
        return (null, null);
    }

    /// <summary>Batches of an open cycle whose job was accepted but whose outcome the earlier run never recorded: looked up by job id.</summary>
    public static async Task<JournalCycle> ConfirmBatchesAsync(JournalRecorder recorder, JournalCycle cycle)
    {
        var batches = cycle.Batches.ToList();
        var changed = false;
        for (var i = 0; i < batches.Count; i++)
        {
            if (batches[i] is { Succeeded: false, JobId: { } jobId } batch)
            {
                var wait = await recorder.Run.Waiter.WaitAsync(new Job { Id = jobId, State = JobState.Waiting }).ConfigureAwait(false);
                if (wait is { End: WaitEnd.Finished, Job: { State: JobState.Completed, Result: JobResult.Success } })
                {
                    recorder.Journal.RecordBatch(recorder.Catalog, cycle.SyncId, batch.Number, batch.ContentHash, jobId, succeeded: true);
                    batches[i] = batch with { Succeeded = true };
                    changed = true;
                }
            }
        }

        return changed ? cycle with { Batches = batches } : cycle;
    }
}

/// <summary>
/// Closes a cycle that an earlier run left unfinished with an <c>IGNORE</c> finalization: it ends the cycle and changes
/// nothing (the missing resources stay owned, so a later real finalization still removes them), and an <c>IGNORE</c>
/// finalization of a cycle that was already closed (an empty one) changes nothing either. Recorded in the journal like
/// any finalization, as kind <see cref="Kind"/>. Not cancellable, like every finalization's request.
/// </summary>
/// <remarks>
/// The phases branch closes a stopped run's own cycles the same way; the two are meant to become one at the merge.
/// </remarks>
internal static class CycleCloser
{
    /// <summary>The journal's finalization kind of a close.</summary>
    public const string Kind = "close";

    /// <returns>The group's report when the cycle could not be closed (the run then stops before any batch), <see langword="null"/> when it was.</returns>
    public static async Task<SyncGroupReport?> CloseAsync(JournalRecorder recorder, GroupState state)
    {
        var run = recorder.Run;
        var syncId = state.Group.SyncId;
        recorder.CloseSending(state);
        Job job;
        try
        {
            job = await run.Client.StartFinalizationAsync(syncId, run.CloseFinalization, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (CatalogFailures.Classify(e) != CatalogFailure.None)
        {
            return state.Stop(SyncGroupOutcome.FinalizationFailed, $"The cycle an earlier run left unfinished for '{syncId}' could not be closed with an IGNORE finalization: {e.Message} Nothing was sent; run the plan again.");
        }

        recorder.CloseAccepted(state, job.Id);
        var wait = await recorder.CloseWaiter.WaitAsync(job).ConfigureAwait(false);
        recorder.CloseEnded(state, wait.End == WaitEnd.Finished);
        if (wait.End != WaitEnd.Finished)
        {
            return state.Stop(SyncGroupOutcome.FinalizationUnconfirmed, $"The IGNORE finalization closing the cycle an earlier run left unfinished for '{syncId}' (job {job.Id}) did not finish ({wait.End}); nothing was sent. Run the plan again: it looks the job up.");
        }

        // A close that failed had nothing to close (an ID that never received a batch): either way no cycle is open.
        return null;
    }
}
