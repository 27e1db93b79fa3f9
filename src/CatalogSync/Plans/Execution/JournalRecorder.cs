using CatalogSync.Http;
using CatalogSync.Plans.Journal;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Plans.Execution;

/// <summary>What the journal does for one group of the run.</summary>
internal sealed class GroupJournal
{
    /// <summary>Whether the journal has a cycle of this run (started, or taken over) for the group.</summary>
    public bool CycleStarted { get; set; }

    /// <summary>The journal's number of the next batch in the cycle.</summary>
    public int Number { get; set; } = 1;

    /// <summary>Comparing the source's batches with an earlier run's, while they match.</summary>
    public ResumeMatcher? Matcher { get; set; }

    /// <summary>An earlier run finalized exactly these batches: the group is neither sent nor finalized again.</summary>
    public bool FinalizedEarlier { get; set; }

    /// <summary>What recovery did, for the report.</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>
/// The run journal of one run (<see cref="RunJournal"/>): the hooks the executor calls. At the start of a run it names
/// the catalog, reads what earlier runs left unfinished and recovers it (<see cref="CycleRecovery"/>), chooses the
/// run's lease token (that of the run that left a cycle unfinished, so the catalog's lease lets this run in), then
/// records every cycle started, every batch (before it is sent, its job, its outcome, with the SHA-256 of its bytes)
/// and every finalization (before it is sent, its job, confirmed or not). While the source gives again the batches an
/// earlier run sent in a cycle it left open, they are not sent again (<see cref="ResumeMatcher"/>).
/// </summary>
internal sealed partial class JournalRecorder : IDisposable
{
    /// <summary>The value of <c>runs.outcome</c> of a run that finalized everything.</summary>
    public const string Succeeded = "Succeeded";

    private readonly Dictionary<string, GroupJournal> _groups = new(StringComparer.Ordinal);
    private long _runId;

    private JournalRecorder(RunContext run, RunJournal journal, string catalog)
    {
        Run = run;
        Journal = journal;
        Catalog = catalog;
        CloseWaiter = new JobWaiter(run.Client, run.Options.PollInterval, run.Options.MaxJobWait, run.Options.JobLookupGrace, Time, CancellationToken.None);
    }

    public RunContext Run { get; }

    public RunJournal Journal { get; }

    /// <summary>The catalog's key in the journal: its instance id, or the address of real Collibra.</summary>
    public string Catalog { get; }

    /// <summary>Waits for a close's job: not cancellable, like its request.</summary>
    public JobWaiter CloseWaiter { get; }

    public TimeProvider Time => Run.Options.TimeProvider ?? TimeProvider.System;

    public DateTimeOffset Now => Time.GetUtcNow();

    public GroupJournal Of(GroupState state) => _groups[state.Group.SyncId];

    /// <summary>
    /// Opens the journal of a run (not a preview, unless it is off), records the run's start and recovers what earlier
    /// runs left unfinished, before the first batch.
    /// </summary>
    /// <returns>Whether the run goes on; when not, <paramref name="done"/> has the report of the group that stopped it.</returns>
    public static async Task<bool> StartAsync(RunContext run, GroupState[] states, SyncGroupReport?[] done)
    {
        if (run.Simulation || !run.Options.UseJournal || run.Cancelled)
        {
            return true;
        }

        var catalog = await CatalogKeyAsync(run).ConfigureAwait(false);
        if (catalog is null)
        {
            LogJournalOff(run.Telemetry.Logger, "the catalog does not name itself (no instance id) and its address is not known, so records of different catalogs could be mixed");
            return true;
        }

        var path = string.IsNullOrEmpty(run.Options.JournalPath) ? RunJournal.DefaultPath : run.Options.JournalPath;
        var recorder = new JournalRecorder(run, RunJournal.Open(path), catalog);
        run.Journal = recorder;
        return await recorder.RecoverAsync(states, done).ConfigureAwait(false);
    }

    /// <summary>The catalog's instance id (the embedded catalog: its database file), else the address of an HTTP client (real Collibra).</summary>
    private static async Task<string?> CatalogKeyAsync(RunContext run)
    {
        string? instance = null;
        try
        {
            instance = (await run.Client.GetCapabilitiesAsync(run.CancellationToken).ConfigureAwait(false)).InstanceId;
        }
        catch (Exception e) when (run.IsCatalogFailure(e) || run.IsCancellation(e))
        {
            // The address below, if any; the first batch will tell what is wrong with the catalog.
        }

        return instance ?? (run.Client as CollibraHttpClient)?.BaseAddress.AbsoluteUri;
    }

    private async Task<bool> RecoverAsync(GroupState[] states, SyncGroupReport?[] done)
    {
        var leftovers = states.Select(s => Journal.FindUnfinishedCycle(Catalog, s.Group.SyncId)).ToArray();
        // The lease token: the caller's, else that of the latest run that left a cycle unfinished, else a new one.
        Run.CycleOwner = Run.Options.JobOptions.CycleOwner
            ?? leftovers.Where(c => c is { Owner.Length: > 0 }).OrderByDescending(c => c!.RunId).Select(c => c!.Owner).FirstOrDefault()
            ?? Guid.NewGuid().ToString("N");
        _runId = Journal.BeginRun(Run.Plan.Name, Catalog, Run.CycleOwner, Now);
        var directory = string.IsNullOrEmpty(Run.Options.TemporaryDirectory) ? Path.GetTempPath() : Run.Options.TemporaryDirectory;

        for (var g = 0; g < states.Length; g++)
        {
            var state = states[g];
            var syncId = state.Group.SyncId;
            var group = new GroupJournal();
            _groups[syncId] = group;
            var cycle = leftovers[g];
            if (cycle is { State: JournalCycleState.Finalizing } finalizing)
            {
                (cycle, var stop) = await CycleRecovery.ResolveFinalizationAsync(this, state, finalizing, group).ConfigureAwait(false);
                if (stop is not null)
                {
                    done[g] = stop;
                    return false;
                }
            }

            if (cycle is { State: JournalCycleState.Open })
            {
                cycle = await CycleRecovery.ConfirmBatchesAsync(this, cycle).ConfigureAwait(false);
                Journal.ResumeCycle(Catalog, syncId, _runId, Now);
                group.CycleStarted = true;
                state.CycleMayBeOpen = true;
                group.Number = cycle.Batches.Count + 1;
                if (cycle.Batches.Count > 0)
                {
                    group.Matcher = new ResumeMatcher(cycle, directory);
                }
            }
            else if (Journal.FindClosedCycleOfUnfinishedRun(Catalog, syncId) is { Batches.Count: > 0 } finalized)
            {
                group.Matcher = new ResumeMatcher(finalized, directory);
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- batches

    /// <summary>What <see cref="BeforeBatchAsync"/> decided.</summary>
    /// <param name="Handled">The batch was dealt with (not sent again, or sent with the spooled ones): <paramref name="Stop"/> is the result.</param>
    /// <param name="Stop">The group's report when it must stop.</param>
    /// <param name="Hash">The batch's content hash.</param>
    public readonly record struct BatchDecision(bool Handled, SyncGroupReport? Stop, string Hash);

    /// <summary>
    /// A full batch is in <paramref name="buffer"/>, about to be sent. While a cycle is resumed, a batch identical to the
    /// one recorded under its number is spooled, not sent; at the first difference the old cycle is closed, a new one
    /// started and every spooled batch sent (this one last).
    /// </summary>
    public async Task<BatchDecision> BeforeBatchAsync(GroupRunner runner, GroupState state, int assets, int resources, PooledBufferStream buffer)
    {
        var token = Run.CancellationToken;
        var hash = await ResumeMatcher.HashAsync(buffer, token).ConfigureAwait(false);
        var group = Of(state);
        if (group.Matcher is not { } matcher)
        {
            return new BatchDecision(false, null, hash);
        }

        var recorded = matcher.Next;
        if (recorded is { Succeeded: true } && recorded.ContentHash == hash)
        {
            await matcher.SpoolAsync(buffer, assets, resources, hash, token).ConfigureAwait(false);
            state.Accept(assets, resources); // in the catalog's open cycle since the earlier run
            buffer.Reset();
            return new BatchDecision(true, null, hash);
        }

        if (recorded is null && matcher.Cycle.State == JournalCycleState.Open)
        {
            // Every batch the earlier run sent matched: the cycle goes on with the batches it never sent.
            Resumed(group, matcher);
            return new BatchDecision(false, null, hash);
        }

        var why = recorded is null ? $"it gives more batches than the {matcher.Cycle.Batches.Count} it finalized"
            : !recorded.Succeeded ? $"its batch {recorded.Number} had not succeeded"
            : $"batch {recorded.Number} differs";
        await matcher.SpoolAsync(buffer, assets, resources, hash, token).ConfigureAwait(false);
        return new BatchDecision(true, await RestartAsync(runner, state, group, buffer, why, lastIsCurrent: true).ConfigureAwait(false), hash);
    }

    /// <summary>The source ended: a cycle being compared either matched completely or is closed and started afresh.</summary>
    public async Task<SyncGroupReport?> EndOfSourcesAsync(GroupRunner runner, GroupState state, PooledBufferStream buffer)
    {
        var group = Of(state);
        if (group.Matcher is not { } matcher)
        {
            return null;
        }

        if (matcher.Spooled.Count == matcher.Cycle.Batches.Count)
        {
            if (matcher.Cycle.State == JournalCycleState.Closed)
            {
                Journal.ResumeCycle(Catalog, state.Group.SyncId, _runId, Now);
                group.FinalizedEarlier = true;
                Note(state, group, $"an earlier run (run {matcher.Cycle.RunId}) that stopped before its end finalized this ID with the same {matcher.Spooled.Count} batch(es) the source gives now (job {matcher.Cycle.FinalizationJobId}): neither sent nor finalized again");
                group.Matcher = null;
                matcher.Dispose();
            }
            else
            {
                Resumed(group, matcher);
            }

            return null;
        }

        var why = $"the source gives {matcher.Spooled.Count} batch(es), the earlier run had sent {matcher.Cycle.Batches.Count}";
        return await RestartAsync(runner, state, group, buffer, why, lastIsCurrent: false).ConfigureAwait(false);
    }

    private void Resumed(GroupJournal group, ResumeMatcher matcher)
    {
        group.Matcher = null;
        group.Number = matcher.Spooled.Count + 1;
        Note(matcher.Cycle.SyncId, group, $"resumed the cycle an earlier run (run {matcher.Cycle.RunId}) left open: its {matcher.Spooled.Count} batch(es) were identical to the source's and were not sent again");
        matcher.Dispose();
    }

    /// <summary>Closes the compared cycle (unless it was finalized), starts a new one and sends the spooled batches.</summary>
    private async Task<SyncGroupReport?> RestartAsync(GroupRunner runner, GroupState state, GroupJournal group, PooledBufferStream buffer, string why, bool lastIsCurrent)
    {
        var matcher = group.Matcher!;
        group.Matcher = null;
        using (matcher)
        {
            var syncId = state.Group.SyncId;
            if (matcher.Cycle.State != JournalCycleState.Closed)
            {
                if (await CycleCloser.CloseAsync(this, state).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }

                Note(state, group, $"the cycle an earlier run (run {matcher.Cycle.RunId}) left open was closed with an IGNORE finalization, which changes nothing, and started afresh, because the source changed ({why})");
            }
            else
            {
                Note(state, group, $"the source is not what an earlier run finalized ({why}): a new cycle");
            }

            Journal.StartCycle(Catalog, syncId, _runId, Now);
            group.CycleStarted = true;
            group.Number = 1;
            var spooled = matcher.Spooled;
            for (var i = 0; i < spooled.Count; i++)
            {
                await matcher.LoadAsync(i, buffer, Run.CancellationToken).ConfigureAwait(false);
                var batch = spooled[i];
                if (await runner.SendBufferAsync(state, batch.Assets, batch.Resources, buffer, accept: lastIsCurrent && i == spooled.Count - 1, batch.Hash).ConfigureAwait(false) is { } stop)
                {
                    return stop;
                }
            }
        }

        return null;
    }

    /// <summary>Before a batch's request: starts the journal's cycle on the first batch, and records the batch as being sent.</summary>
    public void BatchSending(GroupState state, string? hash)
    {
        var group = Of(state);
        if (!group.CycleStarted)
        {
            Journal.StartCycle(Catalog, state.Group.SyncId, _runId, Now);
            group.CycleStarted = true;
            group.Number = 1;
        }

        Journal.RecordBatch(Catalog, state.Group.SyncId, group.Number, hash ?? "", null, succeeded: false);
    }

    /// <summary>A declared move or removal of <paramref name="syncId"/> was carried out: the old ID is forgotten.</summary>
    public void ScopeChangeDone(string syncId, string kind) => Journal.RecordScopeChange(Catalog, syncId, kind, _runId, Now);

    /// <summary>The catalog accepted the batch: its job.</summary>
    public void BatchAccepted(GroupState state, string? hash, Guid jobId) =>
        Journal.RecordBatch(Catalog, state.Group.SyncId, Of(state).Number, hash ?? "", jobId, succeeded: false);

    /// <summary>The batch's job ended (or the wait for it).</summary>
    public void BatchEnded(GroupState state, string? hash, Guid jobId, bool succeeded)
    {
        var group = Of(state);
        Journal.RecordBatch(Catalog, state.Group.SyncId, group.Number, hash ?? "", jobId, succeeded);
        group.Number++;
    }

    // ---------------------------------------------------------------- finalizations

    /// <summary>The group's report when an earlier run finalized exactly this cycle; <see langword="null"/> to finalize it now.</summary>
    public SyncGroupReport? FinalizedEarlier(GroupState state) =>
        Of(state).FinalizedEarlier ? state.Stop(SyncGroupOutcome.Finalized, null) : null;

    /// <summary>Before the finalization's request.</summary>
    public void FinalizationSending(GroupState state) =>
        Journal.RecordFinalizationSending(Catalog, state.Group.SyncId, state.Group.FinalizationStrategy.ToString(), Now);

    /// <summary>The catalog accepted the finalization: its job.</summary>
    public void FinalizationAccepted(GroupState state, Guid jobId) => Journal.RecordFinalizationJob(Catalog, state.Group.SyncId, jobId);

    /// <summary>
    /// How the finalization ended: confirmed (the cycle is closed), failed (it is open again), or unconfirmed (it stays
    /// "finalizing": the next run looks its job up).
    /// </summary>
    public void FinalizationEnded(GroupState state, SyncGroupOutcome outcome)
    {
        if (outcome is SyncGroupOutcome.Finalized or SyncGroupOutcome.FinalizationFailed)
        {
            Journal.EndFinalization(Catalog, state.Group.SyncId, closed: outcome == SyncGroupOutcome.Finalized, Now);
        }
    }

    // ---------------------------------------------------------------- closes (IGNORE finalizations that end a cycle and change nothing)

    /// <summary>
    /// Before a close's request. Every close of a cycle the journal knows must be recorded (the phases branch's close of a
    /// stopped run's own cycles too): a cycle the journal still took for open would be resumed, and batches the catalog
    /// no longer counts as seen would not be sent again.
    /// </summary>
    public void CloseSending(GroupState state) => Journal.RecordFinalizationSending(Catalog, state.Group.SyncId, CycleCloser.Kind, Now);

    /// <summary>The catalog accepted the close: its job.</summary>
    public void CloseAccepted(GroupState state, Guid jobId) => Journal.RecordFinalizationJob(Catalog, state.Group.SyncId, jobId);

    /// <summary>The close's job ended (<paramref name="finished"/>: whatever its result, no cycle is open); otherwise the next run looks it up.</summary>
    public void CloseEnded(GroupState state, bool finished)
    {
        if (finished)
        {
            Journal.EndFinalization(Catalog, state.Group.SyncId, closed: true, Now);
        }
    }

    // ---------------------------------------------------------------- the end

    /// <summary>Records the run's end and adds each group's recovery to its report.</summary>
    public SyncRunReport Complete(SyncRunReport result)
    {
        try
        {
            Journal.EndRun(_runId, result.Succeeded ? Succeeded : result.Cancelled ? "Cancelled" : "Failed", Now);
            return result with
            {
                Groups = [.. result.Groups.Select(g => _groups.TryGetValue(g.Group.SyncId, out var group) && group.Notes.Count > 0 ? g with { Recovery = string.Join("; ", group.Notes) } : g)],
            };
        }
        finally
        {
            Dispose();
        }
    }

    public void Note(GroupState state, GroupJournal group, string note) => Note(state.Group.SyncId, group, note);

    private void Note(string syncId, GroupJournal group, string note)
    {
        group.Notes.Add(note);
        LogRecovered(Run.Telemetry.Logger, syncId, note);
    }

    public void Dispose()
    {
        foreach (var group in _groups.Values)
        {
            group.Matcher?.Dispose();
        }

        Journal.Dispose();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Run journal, '{SyncId}': {Note}")]
    private static partial void LogRecovered(ILogger logger, string syncId, string note);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "The run journal is not used: {Reason}")]
    private static partial void LogJournalOff(ILogger logger, string reason);
}
