using System.Diagnostics;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Carries out the plan's declared scope changes: old synchronization IDs that types moved out of
/// (<see cref="SyncTypeDescription.MovedFrom"/>) and IDs removed from the plan (<see cref="SyncPlanDescription.Removed"/>).
/// </summary>
/// <remarks>
/// The old ID is never finalized with its types missing, which would delete them. Before any batch, each old ID the
/// catalog still knows is found (<c>GET /import/synchronize/exists/{id}</c>); one it does not know is done already. A
/// removal that retires or removes its assets gets one last cycle: every batch of the groups that hold types moved out
/// of it is sent under it too (so those assets are seen and stay), and once every group of the plan has finalized, it
/// is finalized with the removal's strategy (an empty cycle is one synchronization job of no resources). Then, and for
/// a plain move or a <see cref="RemovedAssets.Keep"/>, the old ID is forgotten (<c>DELETE /import/synchronize/{id}</c>):
/// it tracks nothing any more, its resources stay, and the new IDs own what moved. A run that does not finalize every
/// group changes nothing here, and closes a last cycle it opened with <c>IGNORE</c>.
/// </remarks>
internal sealed class ScopeChangePhase
{
    private readonly RunContext _run;
    private readonly List<OldId> _ids;

    private ScopeChangePhase(RunContext run, List<OldId> ids)
    {
        _run = run;
        _ids = ids;
    }

    /// <summary>The phase, or <see langword="null"/> when the plan declares no move or removal.</summary>
    public static ScopeChangePhase? Create(RunContext run)
    {
        var plan = run.Plan;
        var ids = new List<OldId>();
        foreach (var removal in plan.Removed)
        {
            ids.Add(new OldId(removal.SyncId, removal));
        }

        foreach (var type in plan.Types)
        {
            if (type.MovedFrom is not { } from)
            {
                continue;
            }

            var id = ids.FirstOrDefault(i => i.SyncId == from);
            if (id is null)
            {
                id = new OldId(from, null);
                ids.Add(id);
            }

            id.MovedTypes.Add(type);
            var to = plan.Groups.First(g => g.Types.Contains(type)).SyncId;
            if (!id.NewIds.Contains(to, StringComparer.Ordinal))
            {
                id.NewIds.Add(to);
            }
        }

        return ids.Count == 0 ? null : new ScopeChangePhase(run, ids);
    }

    /// <summary>
    /// Before any batch: which old IDs the catalog still knows, and the status of a removal that retires. A problem
    /// here stops the run before anything is sent.
    /// </summary>
    /// <returns>Why the run cannot start, or <see langword="null"/>.</returns>
    public async Task<string?> PrepareAsync()
    {
        foreach (var id in _ids)
        {
            try
            {
                id.Exists = await _run.Client.SynchronizationExistsAsync(id.SyncId, _run.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (_run.IsCatalogFailure(e))
            {
                return $"Whether the catalog still knows the old synchronization ID '{id.SyncId}' (a declared {id.Kind.ToString().ToLowerInvariant()}) could not be read: {e.Message} Nothing was sent.";
            }

            if (id.Exists && id.Removal is { Then: RemovedAssets.ChangeStatus } removal)
            {
                id.StatusId = removal.StatusId;
                if (id.StatusId is null)
                {
                    if (_run.Reader is not { } reader)
                    {
                        return $"The removal of '{id.SyncId}' gives its assets the status '{removal.StatusName}', but this client cannot look statuses up: give [RemovedSyncId] a StatusId. Nothing was sent.";
                    }

                    var found = await reader.FindStatusesAsync(removal.StatusName, NameMatchMode.Exact, cancellationToken: _run.CancellationToken).ConfigureAwait(false);
                    if (found.Results.FirstOrDefault(s => string.Equals(s.Name, removal.StatusName, StringComparison.Ordinal)) is not { } status)
                    {
                        return $"The catalog has no status named '{removal.StatusName}', which the removal of '{id.SyncId}' gives its assets. Check [RemovedSyncId(StatusName = …)]. Nothing was sent.";
                    }

                    id.StatusId = status.Id;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// After a batch of <paramref name="state"/>'s group succeeded, before its buffer is reused: sends it again under each
    /// old ID whose last cycle must see the group's moved types.
    /// </summary>
    /// <returns>The group's report when the run must stop (a batch under an old ID failed), otherwise <see langword="null"/>.</returns>
    public async Task<SyncGroupReport?> AfterBatchAsync(GroupState state, PooledBufferStream buffer, int assets, int resources)
    {
        foreach (var id in _ids)
        {
            if (!id.NeedsLastCycle || !id.MovedTypes.Any(t => state.Group.Types.Contains(t)))
            {
                continue;
            }

            var clock = Stopwatch.StartNew();
            id.CycleMayBeOpen = true;
            Job job;
            try
            {
                job = await _run.Client.StartSynchronizationBatchAsync(id.SyncId, ImportContent.FromWriter(buffer.ReplayAsync), _run.JobOptions, _run.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (_run.IsCatalogFailure(e) || _run.IsCancellation(e))
            {
                id.Failure = $"A batch of '{state.Group.SyncId}' sent again under the old ID '{id.SyncId}' (its last cycle must see what moved) was not accepted: {e.Message}";
                return state.Stop(SyncGroupOutcome.BatchFailed, id.Failure + " Nothing was finalized.");
            }

            var wait = await _run.Waiter.WaitAsync(job).ConfigureAwait(false);
            var report = new SyncJobReport(wait.Job, wait.Summary, resources) { Kind = SyncJobKind.Batch, Assets = assets, Elapsed = clock.Elapsed };
            id.Jobs.Add(report);
            if (!report.Succeeded)
            {
                id.Failure = $"A batch of '{state.Group.SyncId}' sent again under the old ID '{id.SyncId}' (job {job.Id}) ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : ": " + wait.Job.Message)}";
                return state.Stop(SyncGroupOutcome.BatchFailed, id.Failure + " Nothing was finalized.");
            }

            id.BatchesSent++;
        }

        return null;
    }

    /// <summary>
    /// After the run: when every group finalized, each old ID's last finalization (for a removal that retires or
    /// removes) and its forgetting; otherwise nothing, except an <c>IGNORE</c> close of a last cycle the run opened.
    /// </summary>
    public async Task<IReadOnlyList<ScopeChangeReport>> CompleteAsync(bool everyGroupFinalized)
    {
        var reports = new List<ScopeChangeReport>();
        foreach (var id in _ids)
        {
            reports.Add(await CompleteAsync(id, everyGroupFinalized).ConfigureAwait(false));
        }

        return reports;
    }

    private async Task<ScopeChangeReport> CompleteAsync(OldId id, bool everyGroupFinalized)
    {
        var report = new ScopeChangeReport
        {
            SyncId = id.SyncId,
            Kind = id.Kind,
            Then = id.Removal?.Then ?? RemovedAssets.Keep,
            MovedTypes = [.. id.MovedTypes.Select(t => t.TypeName)],
            Outcome = ScopeChangeOutcome.AlreadyDone,
            Message = $"the catalog no longer knows '{id.SyncId}'; nothing to do",
        };
        if (!id.Exists)
        {
            return report;
        }

        if (_run.Simulation)
        {
            return report with { Outcome = ScopeChangeOutcome.Previewed, Message = "a run would " + What(id) };
        }

        if (!everyGroupFinalized)
        {
            if (id.CycleMayBeOpen)
            {
                await CloseAsync(id).ConfigureAwait(false);
            }

            return report with
            {
                Outcome = ScopeChangeOutcome.NotStarted,
                Jobs = id.Jobs,
                Message = (id.Failure is null ? "" : id.Failure + "; ") + $"not carried out: the run did not finalize every group, so '{id.SyncId}' is left as it is until a complete run",
            };
        }

        try
        {
            if (id.NeedsLastCycle)
            {
                var finalization = new FinalizationOptions
                {
                    Strategy = id.Removal!.Then == RemovedAssets.Remove ? FinalizationStrategy.RemoveResources : FinalizationStrategy.ChangeStatus,
                    MissingAssetStatusId = id.Removal.Then == RemovedAssets.ChangeStatus ? id.StatusId : null,
                    CycleOwner = _run.CycleOwner,
                };
                var clock = Stopwatch.StartNew();

                // Not cancellable, like every finalization: the run must learn whether the catalog took it.
                var job = id.BatchesSent > 0
                    ? await _run.Client.StartFinalizationAsync(id.SyncId, finalization, CancellationToken.None).ConfigureAwait(false)
                    : await _run.Client.StartSynchronizationAsync(id.SyncId, ImportContent.FromBytes("[]"u8.ToArray()), _run.JobOptions, finalization, CancellationToken.None).ConfigureAwait(false);
                var wait = await _run.CloseWaiter.WaitAsync(job).ConfigureAwait(false);
                var last = new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = id.BatchesSent > 0 ? SyncJobKind.Finalization : SyncJobKind.Synchronization, Elapsed = clock.Elapsed };
                id.Jobs.Add(last);
                if (!last.Succeeded)
                {
                    return report with
                    {
                        Outcome = ScopeChangeOutcome.Failed,
                        Jobs = id.Jobs,
                        Message = $"the last finalization of '{id.SyncId}' (job {job.Id}) ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : ": " + wait.Job.Message)}; '{id.SyncId}' is not forgotten, and the next run tries again",
                    };
                }
            }

            await _run.Client.RemoveSynchronizationAsync(id.SyncId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (Http.CatalogFailures.Classify(e) != Http.CatalogFailure.None)
        {
            return report with
            {
                Outcome = ScopeChangeOutcome.Failed,
                Jobs = id.Jobs,
                Message = $"'{id.SyncId}' could not be {(id.NeedsLastCycle && id.Jobs.All(j => j.Kind == SyncJobKind.Batch) ? "finalized" : "forgotten")}: {e.Message}; the next run tries again",
            };
        }

        _run.Journal?.ScopeChangeDone(id.SyncId, id.Kind.ToString());
        RunTelemetry.LogScopeChange(_run.Telemetry.Logger, id.SyncId, What(id));
        return report with { Outcome = ScopeChangeOutcome.Done, Jobs = id.Jobs, Message = What(id, done: true) };
    }

    private async Task CloseAsync(OldId id)
    {
        try
        {
            var job = await _run.Client.StartFinalizationAsync(id.SyncId, _run.CloseFinalization, CancellationToken.None).ConfigureAwait(false);
            var wait = await _run.CloseWaiter.WaitAsync(job).ConfigureAwait(false);
            id.Jobs.Add(new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = SyncJobKind.CycleClose });
        }
        catch (Exception e) when (Http.CatalogFailures.Classify(e) != Http.CatalogFailure.None)
        {
            id.Failure = (id.Failure is null ? "" : id.Failure + "; ") + $"its cycle could not be closed: {e.Message}";
        }
    }

    private static string What(OldId id, bool done = false)
    {
        var moved = id.MovedTypes.Count == 0 ? "" : $"after {string.Join(", ", id.MovedTypes.Select(t => t.AssetType).Distinct(StringComparer.Ordinal))} moved to {string.Join(", ", id.NewIds)}, ";
        var forget = done ? "forgot" : "forget";
        return (id.Removal?.Then ?? RemovedAssets.Keep) switch
        {
            RemovedAssets.Remove => $"{moved}{(done ? "removed" : "remove")} the assets '{id.SyncId}' still tracked alone, then {forget} it",
            RemovedAssets.ChangeStatus => $"{moved}{(done ? "gave" : "give")} the assets '{id.SyncId}' still tracked status {id.StatusId:D}, then {forget} it",
            _ => $"{moved}{forget} '{id.SyncId}' (its assets stay as they are)",
        };
    }

    /// <summary>One old synchronization ID and what the run does with it.</summary>
    private sealed class OldId(string syncId, SyncIdRemoval? removal)
    {
        public string SyncId { get; } = syncId;

        public SyncIdRemoval? Removal { get; } = removal;

        public List<SyncTypeDescription> MovedTypes { get; } = [];

        public ScopeChangeKind Kind => Removal is null ? ScopeChangeKind.Moved : ScopeChangeKind.Removed;

        /// <summary>Whether the old ID gets one last cycle and finalization before it is forgotten.</summary>
        public bool NeedsLastCycle => Exists && Removal is { Then: not RemovedAssets.Keep };

        public List<string> NewIds { get; } = [];

        public bool Exists { get; set; }

        public Guid? StatusId { get; set; }

        public int BatchesSent { get; set; }

        public bool CycleMayBeOpen { get; set; }

        public string? Failure { get; set; }

        public List<SyncJobReport> Jobs { get; } = [];
    }
}
