using System.Diagnostics;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Runs one group (one synchronization ID): reads its sources in ONE loop, whatever they are written to — batches of
/// a run (<see cref="SendBatchesAsync"/>; the plan's phases then call <see cref="FinalizeAsync"/>) or a preview's file (<see cref="PreviewAsync"/>, sent as one simulated job by
/// <see cref="PreviewSender"/>).
/// </summary>
internal sealed class GroupRunner(RunContext run)
{
    private RunTelemetry Telemetry => run.Telemetry;

    /// <summary>Previews the group; the buffer is not used.</summary>
    public async Task<SyncGroupReport> PreviewAsync(GroupState state) => Completed(state, await PreviewGroupAsync(state).ConfigureAwait(false));

    /// <summary>The group is done (whatever its outcome): logs a stop and reports its end.</summary>
    public SyncGroupReport Completed(GroupState state, SyncGroupReport report)
    {
        if (report.Outcome is SyncGroupOutcome.SkippedEmpty or SyncGroupOutcome.Cancelled)
        {
            RunTelemetry.LogGroupStopped(Telemetry.Logger, state.Group.SyncId, report.Outcome, report.Message ?? "");
        }

        Telemetry.Report(SyncPhase.GroupCompleted, state, run.TotalBatches, job: null, report.Outcome);
        return report;
    }

    // ---------------------------------------------------------------- the one read loop

    /// <summary>
    /// Reads every source of the group, one item at a time, into <paramref name="sink"/>. Every item first passes the
    /// run's <see cref="SourceIdentityChecker"/>; once the run has found a problem in its sources, later items are
    /// only checked, not written, so that the report lists the problems of every source read.
    /// </summary>
    /// <returns>The group's report when a full batch stopped the group, <see langword="null"/> when every item was read.</returns>
    private async Task<SyncGroupReport?> ReadSourcesAsync(GroupState state, ItemSink sink)
    {
        var group = state.Group;
        for (var t = 0; t < group.Types.Count; t++)
        {
            var type = group.Types[t];
            state.CurrentType = type.TypeName;
            var reader = run.Sources[type.TypeName].OpenReader(run.CancellationToken);
            await using (reader.ConfigureAwait(false))
            {
                long position = 0;
                while (true)
                {
                    // The caller's source and mapper may throw: that is a problem of the sources, reported like the
                    // others, so the run finalizes nothing and closes the cycles it opened instead of leaving them.
                    bool more;
                    try
                    {
                        more = await reader.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (!run.IsCancellation(e))
                    {
                        SourceFailed(state, type, position + 1, e);
                        break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    position++;
                    if (!CheckItem(state, reader, type, position))
                    {
                        continue;
                    }

                    bool written;
                    try
                    {
                        written = reader.TryWriteCurrent(sink.Writer);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The mapper threw (e.g. a lone surrogate in a string it writes): the item is not sent, nor is
                        // the batch it was part of, and the run finalizes nothing.
                        SourceFailed(state, type, position, e, "Writing");
                        break;
                    }

                    if (!written)
                    {
                        if (await sink.FlushFullAsync(state).ConfigureAwait(false) is { } stopped)
                        {
                            return stopped;
                        }

                        if (!reader.TryWriteCurrent(sink.Writer))
                        {
                            throw sink.Unwritable(type.TypeName);
                        }
                    }

                    state.Pending[t]++;
                    if (sink.Writer.PendingBytes >= BatchWriter.FlushThreshold)
                    {
                        await sink.Writer.FlushAsync(run.CancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return null;
    }

    private void SourceFailed(GroupState state, SyncTypeDescription type, long position, Exception error, string what = "Reading")
    {
        run.AddSourceProblem($"{what} item {position} of {type.TypeName} failed: {error.GetType().Name}: {error.Message} The rest of that source was not read.");
        state.SourceProblems++;
    }

    /// <summary>Checks the current item; a problem is recorded (or, for an allowed duplicate, logged).</summary>
    /// <returns>Whether the item is to be written.</returns>
    private bool CheckItem(GroupState state, SyncSourceReader reader, SyncTypeDescription type, long position)
    {
        if (run.Checker.Check(reader, type.TypeName, position, out var duplicate, out var identity) is { } problem)
        {
            if (duplicate && run.Options.AllowDuplicateItems)
            {
                RunTelemetry.LogDuplicateAllowed(Telemetry.Logger, problem);
            }
            else
            {
                run.AddSourceProblem(problem);
                state.SourceProblems++;
                return false;
            }
        }

        if (run.SourceProblemCount > 0)
        {
            return false; // the run will not finalize: nothing more is sent, the rest is only checked
        }

        if (!state.Domains.TryGetValue(type.AssetType, out var domains))
        {
            state.Domains[type.AssetType] = domains = [];
        }

        domains.Add((identity.Community, identity.Domain));
        return true;
    }

    // ---------------------------------------------------------------- a run: batches (phase b), then the finalization (phase d)

    /// <summary>
    /// Phase (b) of a run for this group: reads its sources and sends every batch; the buffer holds one batch and is
    /// reset afterwards.
    /// </summary>
    /// <returns>
    /// The group's report when it stopped (a batch failed, it is empty, the run was cancelled), <see langword="null"/>
    /// when every batch succeeded and the group can be finalized.
    /// </returns>
    public async Task<SyncGroupReport?> SendBatchesAsync(GroupState state, PooledBufferStream buffer)
    {
        try
        {
            return await SendGroupBatchesAsync(state, buffer).ConfigureAwait(false);
        }
        finally
        {
            buffer.Reset();
        }
    }

    private async Task<SyncGroupReport?> SendGroupBatchesAsync(GroupState state, PooledBufferStream buffer)
    {
        var group = state.Group;
        using (var sink = new BatchSink(this, buffer, run.BatchSize))
        {
            try
            {
                if (await ReadSourcesAsync(state, sink).ConfigureAwait(false) is { } stopped)
                {
                    return stopped;
                }

                if (run.SourceProblemCount == 0 && sink.Writer.AssetCount > 0 && await SendBatchAsync(state, sink.Writer, buffer).ConfigureAwait(false) is { } last)
                {
                    return last;
                }

                // Journal hook: the source ended; a resumed cycle's batches all matched, or it is closed and restarted.
                if (run.Journal is { } journal && await journal.EndOfSourcesAsync(this, state, buffer).ConfigureAwait(false) is { } diverged)
                {
                    return diverged;
                }
            }
            catch (OperationCanceledException) when (run.Cancelled)
            {
                return state.Stop(Outcomes.CancelledWhileReading(simulation: false, group.SyncId, state.Batches.Count));
            }
        }

        if (state.SourceProblems > 0)
        {
            return state.Stop(Outcomes.SourceInvalid(group.SyncId, state.SourceProblems));
        }

        if (run.SourceProblemCount > 0)
        {
            return state.Stop(Outcomes.SourcesOnlyChecked(group.SyncId));
        }

        if (state.AssetsSent == 0 && !run.Options.FinalizeEmptyGroups)
        {
            return state.Stop(Outcomes.Empty(group));
        }

        return null;
    }

    /// <summary>Sends the batch in <paramref name="buffer"/> and waits for its job.</summary>
    /// <returns>The group's report when the run must stop, <see langword="null"/> when the batch succeeded.</returns>
    private async Task<SyncGroupReport?> SendBatchAsync(GroupState state, BatchWriter writer, PooledBufferStream buffer)
    {
        await writer.CompleteAsync(run.CancellationToken).ConfigureAwait(false);
        // Containers hook: a domain an item named for the first time exists (or was just created) before the batch goes.
        if (run.Containers is { } containers && await containers.EnsureAsync(state, writer.Containers).ConfigureAwait(false) is { } unfit)
        {
            return unfit;
        }

        // Journal hook: a batch an earlier run already sent in the cycle being resumed is not sent again.
        string? hash = null;
        if (run.Journal is { } journal)
        {
            var decision = await journal.BeforeBatchAsync(this, state, writer.AssetCount, writer.ResourceCount, buffer).ConfigureAwait(false);
            if (decision.Handled)
            {
                return decision.Stop;
            }

            hash = decision.Hash;
        }

        return await SendBufferAsync(state, writer.AssetCount, writer.ResourceCount, buffer, accept: true, hash).ConfigureAwait(false);
    }

    /// <summary>Sends the batch in <paramref name="buffer"/> (<paramref name="accept"/>: its pending items count as sent once accepted) and waits for its job.</summary>
    /// <returns>The group's report when the run must stop, <see langword="null"/> when the batch succeeded.</returns>
    internal async Task<SyncGroupReport?> SendBufferAsync(GroupState state, int assets, int resources, PooledBufferStream buffer, bool accept, string? hash)
    {
        var syncId = state.Group.SyncId;
        var number = state.Batches.Count + 1;
        using var activity = Telemetry.StartActivity(CatalogSyncDiagnostics.BatchActivity, syncId);
        activity?.SetTag(CatalogSyncDiagnostics.BatchNumberTag, number);
        activity?.SetTag(CatalogSyncDiagnostics.ResourcesTag, resources);
        var clock = Stopwatch.StartNew();
        Job job;
        run.Journal?.BatchSending(state, hash);
        var cycleWasOpen = state.CycleMayBeOpen;
        state.CycleMayBeOpen = true; // from now on the catalog may have taken it, whatever the answer says
        try
        {
            job = await run.Client.StartSynchronizationBatchAsync(syncId, ImportContent.FromWriter(buffer.ReplayAsync), run.JobOptions, run.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (run.IsCancellation(e))
        {
            RunTelemetry.End(activity, "cancelled");
            state.FailedBatch = number;
            return state.Stop(Outcomes.CancelledWhileSending(JobRole.Batch, syncId, number));
        }
        catch (CatalogApiException e) when (Outcomes.IsCycleLeased(e))
        {
            Telemetry.BatchFailed(syncId);
            RunTelemetry.End(activity, "failure");
            var leased = Outcomes.CycleLeased(syncId, number, e);
            RunTelemetry.LogBatchStopped(Telemetry.Logger, number, syncId, leased.Message);
            state.FailedBatch = number;
            return state.Stop(leased);
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            Telemetry.BatchFailed(syncId);
            RunTelemetry.End(activity, "failure");
            var refused = Outcomes.RequestFailed(JobRole.Batch, syncId, number, resources, e, run.Classify(e));
            RunTelemetry.LogBatchStopped(Telemetry.Logger, number, syncId, refused.Message);
            state.FailedBatch = number;
            if (CatalogFailures.CertainlyNotProcessed(run.Classify(e)))
            {
                state.CycleMayBeOpen = cycleWasOpen;
            }

            return state.Stop(refused);
        }

        activity?.SetTag(CatalogSyncDiagnostics.JobIdTag, job.Id);
        run.Journal?.BatchAccepted(state, hash, job.Id);
        if (accept)
        {
            state.Accept(assets, resources);
        }

        run.TotalBatches++;
        Telemetry.BatchAccepted(syncId, assets);
        Telemetry.Report(SyncPhase.BatchStarted, state, run.TotalBatches, job);

        var wait = await run.Waiter.WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, resources) { Kind = SyncJobKind.Batch, Assets = assets, Elapsed = clock.Elapsed };
        run.Journal?.BatchEnded(state, hash, job.Id, report.Succeeded);
        state.Batches.Add(report);

        // Scope-change hook: the same batch under an old ID whose last cycle must see the moved types (before the buffer is reused).
        if (report.Succeeded && run.Scopes is { } scopes && await scopes.AfterBatchAsync(state, buffer, assets, resources).ConfigureAwait(false) is { } stopped)
        {
            buffer.Reset();
            state.FailedBatch = number;
            return stopped;
        }

        buffer.Reset();
        Telemetry.RecordDuration(report, "batch", syncId);
        Telemetry.Report(SyncPhase.BatchCompleted, state, run.TotalBatches, wait.Job);
        RunTelemetry.LogBatch(Telemetry.Logger, number, syncId, report.Resources, report.Assets, job.Id, wait.Job.State, wait.Job.Result, report.Elapsed.TotalSeconds);
        if (report.Succeeded)
        {
            RunTelemetry.End(activity, "success");
            return null;
        }

        Telemetry.BatchFailed(syncId);
        var stop = Outcomes.JobStopped(JobRole.Batch, syncId, number, wait, run.Waiter.MaxJobWait);
        RunTelemetry.End(activity, Outcomes.Result(stop.Outcome));
        RunTelemetry.LogBatchStopped(Telemetry.Logger, number, syncId, stop.Message);
        state.FailedBatch = number;
        return state.Stop(stop);
    }

    /// <summary>Phase (d) of a run for this group: sends its finalization (never twice, not cancellable) and waits for it.</summary>
    public async Task<SyncGroupReport> FinalizeAsync(GroupState state)
    {
        var group = state.Group;
        var syncId = group.SyncId;
        // Journal hook: an earlier run finalized this very cycle (the same batches) and stopped before the end.
        if (run.Journal?.FinalizedEarlier(state) is { } earlier)
        {
            return earlier;
        }

        using var activity = Telemetry.StartActivity(CatalogSyncDiagnostics.FinalizeActivity, syncId);
        var clock = Stopwatch.StartNew();
        Job job;
        run.Journal?.FinalizationSending(state);
        try
        {
            // Not cancellable: once the request is on its way, the run must learn whether the catalog took it, because a
            // finalization is never sent twice.
            job = await run.Client.StartFinalizationAsync(syncId, run.FinalizationFor(group, state.StatusId, simulation: false), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailureOfTheCatalog(e))
        {
            var failed = Outcomes.RequestFailed(JobRole.Finalization, syncId, 0, 0, e, Http.CatalogFailures.Classify(e));
            run.Journal?.FinalizationEnded(state, failed.Outcome);
            var result = Outcomes.Result(failed.Outcome);
            Telemetry.Finalization(syncId, result);
            RunTelemetry.End(activity, result);
            RunTelemetry.LogFinalizationProblem(Telemetry.Logger, syncId, failed.Outcome, failed.Message);
            return state.Stop(failed);
        }

        activity?.SetTag(CatalogSyncDiagnostics.JobIdTag, job.Id);
        run.Journal?.FinalizationAccepted(state, job.Id);
        Telemetry.Report(SyncPhase.FinalizationStarted, state, run.TotalBatches, job);
        var wait = await run.Waiter.WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = SyncJobKind.Finalization, Elapsed = clock.Elapsed };
        run.Journal?.FinalizationEnded(state, report.Succeeded ? SyncGroupOutcome.Finalized : Outcomes.JobStopped(JobRole.Finalization, syncId, 0, wait, run.Waiter.MaxJobWait).Outcome);
        state.Finalization = report;
        Telemetry.RecordDuration(report, "finalization", syncId);
        Telemetry.Report(SyncPhase.FinalizationCompleted, state, run.TotalBatches, wait.Job);
        if (report.Succeeded)
        {
            Telemetry.Finalization(syncId, "success");
            RunTelemetry.End(activity, "success");
            var assets = report.Summary.CountersFor(ImportResourceType.Asset);
            RunTelemetry.LogFinalized(Telemetry.Logger, syncId, group.FinalizationStrategy, job.Id, wait.Job.State, wait.Job.Result, report.Elapsed.TotalSeconds, assets.Removed, assets.Retired);
            return state.Stop(SyncGroupOutcome.Finalized, null);
        }

        var stop = Outcomes.JobStopped(JobRole.Finalization, syncId, 0, wait, run.Waiter.MaxJobWait);
        var stopResult = Outcomes.Result(stop.Outcome);
        Telemetry.Finalization(syncId, stopResult);
        RunTelemetry.End(activity, stopResult);
        RunTelemetry.LogFinalizationProblem(Telemetry.Logger, syncId, stop.Outcome, stop.Message);
        return state.Stop(stop);
    }

    /// <summary>The finalization's request is not cancellable, so any failure of the catalog is one, cancellation-like ones included.</summary>
    private static bool IsFailureOfTheCatalog(Exception e) => Http.CatalogFailures.Classify(e) != Http.CatalogFailure.None;

    /// <summary>
    /// Closes the cycle of a group the run did not finalize, with an <c>IGNORE</c> finalization that changes nothing:
    /// the missing assets stay owned, so the next complete run still finds them, and what this run's batches marked
    /// as seen no longer counts for the next cycle. Sent once, never again, not cancellable (like a finalization).
    /// </summary>
    /// <returns>The group's report with the close.</returns>
    public async Task<SyncGroupReport> CloseAsync(GroupState state, SyncGroupReport report)
    {
        var syncId = state.Group.SyncId;
        using var activity = Telemetry.StartActivity(CatalogSyncDiagnostics.FinalizeActivity, syncId);
        activity?.SetTag(CatalogSyncDiagnostics.JobKindTag, "cycle_close");
        var clock = Stopwatch.StartNew();
        Job job;
        run.Journal?.CloseSending(state);
        try
        {
            job = await run.Client.StartFinalizationAsync(syncId, run.CloseFinalization, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailureOfTheCatalog(e))
        {
            RunTelemetry.End(activity, "failure");
            var message = Outcomes.CloseFailed(syncId, e);
            RunTelemetry.LogCloseProblem(Telemetry.Logger, syncId, message);
            return report with { CycleClose = SyncCycleClose.Unconfirmed, Message = Append(report.Message, message) };
        }

        activity?.SetTag(CatalogSyncDiagnostics.JobIdTag, job.Id);
        run.Journal?.CloseAccepted(state, job.Id);
        var wait = await run.CloseWaiter.WaitAsync(job).ConfigureAwait(false);
        run.Journal?.CloseEnded(state, wait.End == WaitEnd.Finished);
        var close = new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = SyncJobKind.CycleClose, Elapsed = clock.Elapsed };
        if (close.Succeeded)
        {
            RunTelemetry.End(activity, "success");
            RunTelemetry.LogClosed(Telemetry.Logger, syncId, job.Id);
            return report with { Close = close, CycleClose = SyncCycleClose.Closed, Message = Append(report.Message, Outcomes.Closed(syncId, job.Id)) };
        }

        RunTelemetry.End(activity, "failure");
        var unconfirmed = Outcomes.CloseUnconfirmed(syncId, wait);
        RunTelemetry.LogCloseProblem(Telemetry.Logger, syncId, unconfirmed);
        return report with { Close = close, CycleClose = SyncCycleClose.Unconfirmed, Message = Append(report.Message, unconfirmed) };
    }

    /// <summary>
    /// The deletion guard's exact count: a simulated finalization with the group's real strategy and status, on a
    /// catalog that simulates synchronizations; nothing changes.
    /// </summary>
    /// <returns>The simulated job, or why it could not tell.</returns>
    public async Task<(SyncJobReport? Job, string? Failure)> SimulateFinalizationAsync(GroupState state)
    {
        var group = state.Group;
        var clock = Stopwatch.StartNew();
        Job job;
        try
        {
            job = await run.Client.StartFinalizationAsync(group.SyncId, run.FinalizationFor(group, state.StatusId, simulation: true), run.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (run.IsCatalogFailure(e) || run.IsCancellation(e))
        {
            return (null, Outcomes.GuardCouldNotCount(group.SyncId, e.Message));
        }

        var wait = await run.Waiter.WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = SyncJobKind.SimulatedFinalization, Elapsed = clock.Elapsed };
        return report.Succeeded
            ? (report, null)
            : (report, Outcomes.GuardCouldNotCount(group.SyncId, $"its simulated finalization (job {job.Id}) ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : ": " + wait.Job.Message)}"));
    }

    private static string Append(string? message, string more) => message is null ? more : $"{message} {more}";

    // ---------------------------------------------------------------- a preview: one file, one simulated job

    private async Task<SyncGroupReport> PreviewGroupAsync(GroupState state)
    {
        var group = state.Group;
        var directory = string.IsNullOrEmpty(run.Options.TemporaryDirectory) ? Path.GetTempPath() : run.Options.TemporaryDirectory;
        var path = Path.Combine(directory, $"catalogsync-preview-{Guid.NewGuid():N}.json");
        // Deleted when closed, whatever happens (on Unix as soon as it is closed; the content goes through this handle).
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            int assets, resources;
            IReadOnlyList<ContainerUse> containers;
            // Without a reader nothing is known to exist: the simulated job carries every container's command.
            using (var sink = new FileSink(file, run.Containers ?? ContainerFilter.Every))
            {
                try
                {
                    await ReadSourcesAsync(state, sink).ConfigureAwait(false);
                    // A mapper that threw (a lone surrogate in a tag) may have left half an asset in the file: after a
                    // problem of the sources nothing is sent, so the file is not completed either.
                    if (run.SourceProblemCount == 0)
                    {
                        await sink.Writer.CompleteAsync(run.CancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (run.Cancelled)
                {
                    return state.Stop(Outcomes.CancelledWhileReading(simulation: true, group.SyncId, state.Batches.Count));
                }

                (assets, resources) = (sink.Writer.AssetCount, sink.Writer.ResourceCount);
                containers = sink.Writer.Containers;
            }

            if (state.SourceProblems > 0)
            {
                return state.Stop(Outcomes.SourceInvalid(group.SyncId, state.SourceProblems));
            }

            if (run.SourceProblemCount > 0)
            {
                return state.Stop(Outcomes.SourcesOnlyChecked(group.SyncId));
            }

            if (assets == 0 && !run.Options.FinalizeEmptyGroups)
            {
                return state.Stop(Outcomes.Empty(group));
            }

            // Containers hook: the domains the items named are type-checked; the missing ones are reported, not created.
            try
            {
                if (run.Containers is { } phase && await phase.EnsureAsync(state, containers).ConfigureAwait(false) is { } unfit)
                {
                    return unfit;
                }
            }
            catch (OperationCanceledException) when (run.Cancelled)
            {
                return state.Stop(Outcomes.CancelledWhileReading(simulation: true, group.SyncId, state.Batches.Count));
            }

            return await new PreviewSender(run).SendAsync(state, file, assets, resources).ConfigureAwait(false);
        }
    }

    /// <summary>Batches of at most the batch size, each sent when full.</summary>
    private sealed class BatchSink(GroupRunner runner, PooledBufferStream buffer, int batchSize) : ItemSink
    {
        private BatchWriter _writer = new(buffer, batchSize);

        public override BatchWriter Writer => _writer;

        public override async Task<SyncGroupReport?> FlushFullAsync(GroupState state)
        {
            if (await runner.SendBatchAsync(state, _writer, buffer).ConfigureAwait(false) is { } stopped)
            {
                return stopped;
            }

            _writer.Dispose();
            _writer = new BatchWriter(buffer, batchSize);
            return null;
        }

        public override InvalidOperationException Unwritable(string typeName) =>
            new($"An item of {typeName} does not fit into an empty batch of {batchSize} resources.");

        public override void Dispose() => _writer.Dispose();
    }

    /// <summary>A preview's one unbounded file.</summary>
    private sealed class FileSink(Stream file, ContainerFilter containers) : ItemSink
    {
        public override BatchWriter Writer { get; } = BatchWriter.Unbounded(file, containers);

        public override Task<SyncGroupReport?> FlushFullAsync(GroupState state) => Task.FromResult<SyncGroupReport?>(null);

        public override InvalidOperationException Unwritable(string typeName) => new($"An item of {typeName} could not be written.");

        public override void Dispose() => Writer.Dispose();
    }
}
