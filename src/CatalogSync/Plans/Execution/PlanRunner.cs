using System.Diagnostics;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Runs (or previews) a whole plan in phases: (a) before anything is sent, checks the sources against the plan, runs
/// the preflight (or looks status names up), reads the catalog's capabilities and ensures the plan's communities and
/// domains (<see cref="ContainerPhase"/>: the missing ones are created by a plain import, never by a batch); (b) sends every group's batches in
/// plan order through <see cref="GroupRunner"/>, stopping at the first group that does not succeed; (c) the deletion
/// guard (<see cref="DeletionGuardPhase"/>); (d) only when every group's batches succeeded and the guard let them
/// through, finalizes each group in plan order; (e) when every group finalized, carries out the declared moves and
/// removals of old synchronization IDs (<see cref="ScopeChangePhase"/>). A failure anywhere before (d) finalizes nothing;
/// then every cycle the run opened and did not finalize is closed with an <c>IGNORE</c> finalization. Then it puts the
/// report together.
/// </summary>
internal sealed class PlanRunner
{
    private readonly RunContext _run;

    private PlanRunner(RunContext run) => _run = run;

    public static PlanRunner Create(IImportApiClient client, SyncPlanDescription plan, IReadOnlyList<SyncSource> sources, SyncRunOptions? options, bool simulation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sources);
        options ??= SyncRunOptions.Default;
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new PlanRunner(new RunContext(client, plan, MatchSources(plan, sources), options, simulation, cancellationToken));
    }

    public async Task<SyncRunReport> RunAsync()
    {
        var run = _run;
        var plan = run.Plan;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var activity = RunTelemetry.StartRun(plan.Name, run.Simulation);

        // (a) Before anything is sent: the preflight (which also looks the statuses up) and the catalog's capabilities.
        var (preflight, statusIds, failure) = await PreflightAsync().ConfigureAwait(false);
        if (!run.Cancelled && failure is null && preflight is not { Passed: false })
        {
            run.Capabilities = await ReadCapabilitiesAsync().ConfigureAwait(false);

            // The declared moves and removals of old synchronization IDs: which ones the catalog still knows.
            run.Scopes = ScopeChangePhase.Create(run);
            if (run.Scopes is not null)
            {
                failure = await run.Scopes.PrepareAsync().ConfigureAwait(false);
            }
        }

        // Containers are ensured, never owned (ContainerPhase): looked up even when the preflight failed, so that the
        // report lists every problem at once; the missing ones are created before the first batch, outside any ID.
        var metamodelPreflight = preflight;
        if (!run.Cancelled && failure is null)
        {
            failure = await EnsureContainersAsync(create: preflight is not { Passed: false }).ConfigureAwait(false);
            preflight = WithContainerProblems(metamodelPreflight, statusIds);
        }

        var groups = new GroupRunner(run);
        var states = plan.Groups.Select((g, i) => new GroupState(g, statusIds[i])).ToArray();
        var done = new SyncGroupReport?[states.Length];
        IReadOnlyList<DeletionGuardCount> guard = [];
        if (preflight is { Passed: false })
        {
            for (var g = 0; g < states.Length; g++)
            {
                var problems = preflight.Problems.Count(p => p.SyncId == plan.Groups[g].SyncId);
                if (problems > 0)
                {
                    done[g] = states[g].Stop(Outcomes.PreflightFailed(plan.Groups[g].SyncId, problems));
                }
            }
        }
        else if (run.Cancelled || failure is not null)
        {
            // Nothing starts.
        }
        else if (run.Simulation)
        {
            await PreviewGroupsAsync(groups, states, done).ConfigureAwait(false);
        }
        else
        {
            // The run journal: recovers what an earlier run left unfinished, before the first batch (JournalRecorder).
            var recovered = await JournalRecorder.StartAsync(run, states, done).ConfigureAwait(false);

            // (b) every group's batches, in plan order; the first group that stops ends the phase.
            var sent = recovered && await SendAllBatchesAsync(groups, states, done).ConfigureAwait(false);

            // (c) The deletion guard, only when every group's batches succeeded.
            if (sent)
            {
                (guard, sent) = await GuardAsync(groups, states, done).ConfigureAwait(false);
            }

            // (d) The finalizations, in plan order. Once the first is sent, cancellation no longer stops the phase
            // (it only ends the wait for a running finalization's job: unconfirmed).
            if (sent)
            {
                await FinalizeAllAsync(groups, states, done).ConfigureAwait(false);
            }
        }

        for (var g = 0; g < states.Length; g++)
        {
            var state = states[g];
            var report = done[g] ?? (state.Ready
                ? state.Stop(Outcomes.NotFinalized(state.Group.SyncId))
                : new SyncGroupReport { Group = plan.Groups[g], Outcome = SyncGroupOutcome.NotStarted, StatusId = statusIds[g], Types = EmptyTypes(plan.Groups[g]) });
            if (!run.Simulation && NeedsClose(state, report))
            {
                // Item 2 of the all-or-nothing rule: a stopped run closes the cycles it opened, changing nothing.
                report = await groups.CloseAsync(state, report).ConfigureAwait(false);
            }

            if (report.Outcome != SyncGroupOutcome.NotStarted || state.Batches.Count > 0)
            {
                groups.Completed(state, report);
            }

            done[g] = report;
        }

        var reports = done.Select(r => r!).ToList();

        // After every group finalized: the old IDs' last finalizations and their forgetting (ScopeChangePhase).
        IReadOnlyList<ScopeChangeReport> scopeChanges = run.Scopes is { } scopes
            ? await scopes.CompleteAsync(failure is null && !run.Cancelled && preflight is not { Passed: false } && reports.All(r => r.Outcome == SyncGroupOutcome.Finalized)).ConfigureAwait(false)
            : [];
        failure ??= preflight is { Passed: false }
            ? metamodelPreflight is { Passed: false } ? Outcomes.PreflightFailedRun(preflight.Problems.Count) : Outcomes.DomainTypeDiffersRun(preflight.Problems.Count)
            : Outcomes.RunStopped(reports, run.Simulation);
        // A per-item domain of another type found while the batches were sent is a preflight problem too.
        preflight = WithContainerProblems(metamodelPreflight, statusIds) ?? preflight;
        var cancelled = reports.Any(r => r.Outcome == SyncGroupOutcome.Cancelled)
            || (run.Cancelled && reports.Any(r => r.Outcome != SyncGroupOutcome.Finalized));
        var result = new SyncRunReport
        {
            Plan = plan,
            Simulation = run.Simulation,
            Cancelled = cancelled,
            Groups = reports,
            StartedAt = startedAt,
            Elapsed = clock.Elapsed,
            Message = failure,
            Preflight = preflight,
            Containers = [.. run.Containers?.Report ?? []],
            ContainerJobs = [.. run.Containers?.Jobs ?? []],
            DeletionGuard = guard,
            ScopeChanges = scopeChanges,
            SourceProblems = [.. run.SourceProblems],
            SourceProblemCount = run.SourceProblemCount,
        };
        // Journal hook: records the run's end and adds each group's recovery to its report.
        result = run.Journal?.Complete(result) ?? result;
        activity?.SetTag(CatalogSyncDiagnostics.ResultTag, result.Succeeded ? "success" : cancelled ? "cancelled" : "failure");
        if (!result.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        RunTelemetry.LogRunCompleted(run.Telemetry.Logger, run.Kind, plan.Name, result.Succeeded ? "succeeded" : cancelled ? "cancelled" : "did not succeed", result.Jobs.Count(), result.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>
    /// Whether a group's cycle must be closed: the run sent batches under it and did not finalize it. Not when its
    /// finalization may have run (unconfirmed: nothing is sent twice), nor when another run holds its cycle.
    /// </summary>
    private static bool NeedsClose(GroupState state, SyncGroupReport report) =>
        (state.Batches.Count > 0 || state.CycleMayBeOpen)
        && report.Outcome is not (SyncGroupOutcome.Finalized or SyncGroupOutcome.FinalizationUnconfirmed or SyncGroupOutcome.CycleLeased);

    /// <summary>
    /// Phase (a): the preflight when the client can read the catalog (its status ids replace the lookup); otherwise,
    /// or when skipped, the status names are looked up as before.
    /// </summary>
    private async Task<(Preflight.PreflightResult? Result, Guid?[] StatusIds, string? Failure)> PreflightAsync()
    {
        var run = _run;
        var plan = run.Plan;
        try
        {
            if (run.Reader is { } reader && !run.Options.SkipPreflight)
            {
                var result = await Preflight.PlanPreflight.CheckAsync(reader, plan, run.CancellationToken).ConfigureAwait(false);
                var ids = new Guid?[plan.Groups.Count];
                for (var g = 0; g < ids.Length; g++)
                {
                    ids[g] = plan.Groups[g].Strategy == MissingStrategy.ChangeStatus ? result.StatusIds[g] ?? plan.Groups[g].StatusId : plan.Groups[g].StatusId;
                }

                return (result, ids, null);
            }

            RunTelemetry.LogPreflightSkipped(run.Telemetry.Logger, run.Reader is null
                ? "the client cannot read the catalog's metamodel (it is not an ICatalogReader)"
                : $"{nameof(SyncRunOptions.SkipPreflight)} is set");
            var (looked, problem) = await ResolveStatusesAsync().ConfigureAwait(false);
            return (null, looked, problem);
        }
        catch (OperationCanceledException) when (run.Cancelled)
        {
            return (null, new Guid?[plan.Groups.Count], null);
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            // Failures of the catalog are reports, not exceptions: nothing was sent, no group starts.
            var message = run.Reader is not null && !run.Options.SkipPreflight
                ? Outcomes.PreflightUnreadable(e, run.Classify(e))
                : Outcomes.StatusLookupFailed(e, run.Classify(e));
            return (null, new Guid?[plan.Groups.Count], message);
        }
    }

    /// <summary>
    /// Before the first batch: looks up the plan's communities and domains and, when <paramref name="create"/>, creates
    /// the missing ones with a plain import (<see cref="ContainerPhase"/>). A client that cannot read the catalog
    /// ensures nothing: its batches still carry assets only.
    /// </summary>
    /// <returns>Why the run cannot start (a report, not an exception: nothing was sent), or <see langword="null"/>.</returns>
    private async Task<string?> EnsureContainersAsync(bool create)
    {
        var run = _run;
        if (run.Reader is not { } reader)
        {
            if (!run.Simulation)
            {
                RunTelemetry.LogContainersNotEnsured(run.Telemetry.Logger, Outcomes.ContainersNotEnsured);
            }

            return null;
        }

        run.Containers = new ContainerPhase(run, reader);
        try
        {
            return await run.Containers.PrepareAsync(create).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Cancelled)
        {
            return null;
        }
    }

    /// <summary>The preflight's result with the domains of another type that <see cref="ContainerPhase"/> found added.</summary>
    private Preflight.PreflightResult? WithContainerProblems(Preflight.PreflightResult? preflight, Guid?[] statusIds) =>
        _run.Containers is { Problems.Count: > 0 } containers
            ? new Preflight.PreflightResult { Problems = [.. preflight?.Problems ?? [], .. containers.Problems], StatusIds = preflight?.StatusIds ?? statusIds }
            : preflight;

    /// <summary>
    /// Phase (c): the deletion guard. Blocked (and not overridden), or unable to count: every ready group is
    /// <see cref="SyncGroupOutcome.BlockedByGuard"/> and nothing is finalized.
    /// </summary>
    /// <returns>The counts, and whether the run goes on to the finalizations.</returns>
    private async Task<(IReadOnlyList<DeletionGuardCount> Counts, bool GoOn)> GuardAsync(GroupRunner groups, GroupState[] states, SyncGroupReport?[] done)
    {
        var run = _run;
        var (counts, failure) = await new DeletionGuardPhase(run, groups).CountAsync(states).ConfigureAwait(false);
        if (run.Cancelled)
        {
            for (var g = 0; g < states.Length; g++)
            {
                done[g] = states[g].Stop(Outcomes.CancelledBeforeFinalization(states[g].Group.SyncId, states[g].Batches.Count));
            }

            return (counts, false);
        }

        var blocked = counts.Where(c => c.Blocked is not null).ToList();
        foreach (var count in blocked)
        {
            if (run.Options.DeletionGuard.Override)
            {
                RunTelemetry.LogGuardOverridden(run.Telemetry.Logger, count.SyncId, count.TypeName, count.Blocked!);
            }
            else
            {
                RunTelemetry.LogGuardBlocked(run.Telemetry.Logger, count.SyncId, count.TypeName, count.Blocked!);
            }
        }

        if (failure is not null)
        {
            RunTelemetry.LogGuardNotCounted(run.Telemetry.Logger, failure);
            for (var g = 0; g < states.Length; g++)
            {
                done[g] = states[g].Stop(SyncGroupOutcome.BlockedByGuard, $"'{states[g].Group.SyncId}' was not finalized: {failure}.");
            }

            return (counts, false);
        }

        if (blocked.Count == 0 || run.Options.DeletionGuard.Override)
        {
            return (counts, true);
        }

        for (var g = 0; g < states.Length; g++)
        {
            done[g] = states[g].Stop(Outcomes.BlockedByGuard(states[g].Group.SyncId, blocked));
        }

        return (counts, false);
    }

    /// <summary>A preview: each group's one simulated job, in plan order, until one does not succeed.</summary>
    private async Task PreviewGroupsAsync(GroupRunner groups, GroupState[] states, SyncGroupReport?[] done)
    {
        for (var g = 0; g < states.Length; g++)
        {
            done[g] = await groups.PreviewAsync(states[g]).ConfigureAwait(false);
            if (done[g]!.Outcome != SyncGroupOutcome.Finalized && (_run.SourceProblemCount == 0 || _run.Cancelled))
            {
                return;
            }
        }
    }

    /// <summary>Phase (b): every group's batches in plan order, until one group stops.</summary>
    /// <returns>Whether every group's batches succeeded (each group is then <see cref="GroupState.Ready"/>).</returns>
    private async Task<bool> SendAllBatchesAsync(GroupRunner groups, GroupState[] states, SyncGroupReport?[] done)
    {
        using var buffer = new PooledBufferStream();
        for (var g = 0; g < states.Length; g++)
        {
            if (await groups.SendBatchesAsync(states[g], buffer).ConfigureAwait(false) is { } stopped)
            {
                done[g] = stopped;
                if (_run.SourceProblemCount > 0 && !_run.Cancelled)
                {
                    continue; // the later sources are still read and checked, so that the report lists all their problems
                }

                return false;
            }

            if (_run.Cancelled)
            {
                // The sources may ignore the token: the run itself notices before the next group and before any finalization.
                done[g] = states[g].Stop(Outcomes.CancelledBeforeFinalization(states[g].Group.SyncId, states[g].Batches.Count));
                return false;
            }

            states[g].Ready = true;
        }

        return _run.SourceProblemCount == 0;
    }

    /// <summary>
    /// Phase (d): each group's finalization in plan order. A failure here cannot be undone for the groups already
    /// finalized; the run stops, and the groups after it are not finalized.
    /// </summary>
    private static async Task FinalizeAllAsync(GroupRunner groups, GroupState[] states, SyncGroupReport?[] done)
    {
        for (var g = 0; g < states.Length; g++)
        {
            done[g] = await groups.FinalizeAsync(states[g]).ConfigureAwait(false);
            if (done[g]!.Outcome != SyncGroupOutcome.Finalized)
            {
                return;
            }
        }
    }

    /// <summary>What the catalog says it can do; <see cref="CatalogCapabilities.Unknown"/> when it cannot be read.</summary>
    private async Task<CatalogCapabilities> ReadCapabilitiesAsync()
    {
        try
        {
            return await _run.Client.GetCapabilitiesAsync(_run.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_run.IsCatalogFailure(e) || _run.IsCancellation(e))
        {
            return CatalogCapabilities.Unknown; // the safe reading: the preview then sends nothing that could write
        }
    }

    /// <returns>The status id of each group, or what is wrong (a report, not an exception: nothing was sent).</returns>
    private async Task<(Guid?[] Ids, string? Problem)> ResolveStatusesAsync()
    {
        var plan = _run.Plan;
        var ids = new Guid?[plan.Groups.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var group = plan.Groups[i];
            if (group.Strategy != MissingStrategy.ChangeStatus || group.StatusId is not null)
            {
                ids[i] = group.StatusId;
                continue;
            }

            var name = group.StatusName!;
            if (_run.Reader is not { } reader)
            {
                return (ids, $"'{group.SyncId}' names its missing-asset status '{name}', but this client cannot look statuses up. Give [MissingPolicy] a StatusId instead. Nothing was sent.");
            }

            var found = await reader.FindStatusesAsync(name, NameMatchMode.Exact, cancellationToken: _run.CancellationToken).ConfigureAwait(false);
            if (found.Results.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal)) is not { } status)
            {
                return (ids, $"The catalog has no status named '{name}', which '{group.SyncId}' gives missing assets. Check [MissingPolicy(StatusName = …)]. Nothing was sent.");
            }

            ids[i] = status.Id;
        }

        return (ids, null);
    }

    private static IReadOnlyList<SyncTypeReport> EmptyTypes(SyncGroupDescription group) =>
        [.. group.Types.Select(t => new SyncTypeReport(t, 0, new ImportCounters()))];

    private static Dictionary<string, SyncSource> MatchSources(SyncPlanDescription plan, IReadOnlyList<SyncSource> sources)
    {
        var byType = new Dictionary<string, SyncSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            ArgumentNullException.ThrowIfNull(source, nameof(sources));
            if (!byType.TryAdd(source.TypeName, source))
            {
                throw new ArgumentException($"Two sources were given for {source.TypeName}.", nameof(sources));
            }
        }

        var expected = plan.Types.Select(t => t.TypeName).ToHashSet(StringComparer.Ordinal);
        if (expected.FirstOrDefault(t => !byType.ContainsKey(t)) is { } missing)
        {
            throw new ArgumentException($"No source was given for {missing}, which plan '{plan.Name}' synchronizes.", nameof(sources));
        }

        if (byType.Keys.FirstOrDefault(t => !expected.Contains(t)) is { } extra)
        {
            throw new ArgumentException($"A source was given for {extra}, which plan '{plan.Name}' does not synchronize.", nameof(sources));
        }

        return byType;
    }
}
