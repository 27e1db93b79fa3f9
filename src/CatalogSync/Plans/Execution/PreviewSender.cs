using System.Diagnostics;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Sends a preview's file as one simulated job and waits for it. Only a catalog known to simulate synchronizations gets
/// <c>simulation=true</c> on a synchronization request (a simulated full synchronization, exact); Collibra's guide says
/// simulation is ignored there, so anywhere else the job is a simulated plain import, and what a finalization would
/// remove or retire is estimated by <see cref="MissingEstimator"/>.
/// </summary>
internal sealed class PreviewSender(RunContext run)
{
    private RunTelemetry Telemetry => run.Telemetry;

    public async Task<SyncGroupReport> SendAsync(GroupState state, FileStream file, int assets, int resources)
    {
        var group = state.Group;
        var syncId = group.SyncId;
        var exact = run.Capabilities.SimulatesSynchronizations;
        var role = exact ? JobRole.SimulatedSynchronization : JobRole.SimulatedImport;
        if (!exact)
        {
            state.MissingCounts = SyncMissingCounts.Unknown; // until the estimate below
        }

        using var activity = Telemetry.StartActivity(CatalogSyncDiagnostics.FinalizeActivity, syncId);
        activity?.SetTag(CatalogSyncDiagnostics.ResourcesTag, resources);
        var clock = Stopwatch.StartNew();
        var content = ImportContent.FromWriter(
            async (destination, cancellationToken) =>
            {
                file.Position = 0;
                await file.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            },
            fileName: $"preview-{syncId}.json");
        Job job;
        try
        {
            job = exact
                ? await run.Client.StartSynchronizationAsync(syncId, content, run.JobOptions, run.FinalizationFor(group, state.StatusId, simulation: true), run.CancellationToken).ConfigureAwait(false)
                : await run.Client.StartImportAsync(content, run.JobOptions with { Simulation = true, ContinueOnError = false }, run.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (run.IsCancellation(e))
        {
            RunTelemetry.End(activity, "cancelled");
            return state.Stop(Outcomes.CancelledWhileSending(role, syncId, 1));
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            RunTelemetry.End(activity, "failure");
            return state.Stop(Outcomes.RequestFailed(role, syncId, 1, resources, e, run.Classify(e)));
        }

        activity?.SetTag(CatalogSyncDiagnostics.JobIdTag, job.Id);
        state.Accept(assets, resources);
        run.TotalBatches++;
        Telemetry.Report(SyncPhase.BatchStarted, state, run.TotalBatches, job);
        var wait = await run.Waiter.WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, resources) { Kind = exact ? SyncJobKind.Synchronization : SyncJobKind.Import, Assets = assets, Elapsed = clock.Elapsed };
        state.Batches.Add(report);
        Telemetry.RecordDuration(report, exact ? "synchronization" : "import", syncId);
        if (!exact && report.Succeeded)
        {
            await EstimateMissingAsync(state, file).ConfigureAwait(false);
        }

        Telemetry.Report(SyncPhase.BatchCompleted, state, run.TotalBatches, wait.Job);
        var counters = state.EstimatedMissing.Aggregate(report.Summary.CountersFor(ImportResourceType.Asset), (sum, e) => sum + e.Counters);
        RunTelemetry.LogPreviewed(Telemetry.Logger, syncId, group.FinalizationStrategy, report.Resources, job.Id, wait.Job.State, wait.Job.Result, counters.Added, counters.Updated, counters.Unchanged, counters.Removed, counters.Retired, counters.Restored);
        if (report.Succeeded)
        {
            RunTelemetry.End(activity, "success");
            return state.Stop(SyncGroupOutcome.Finalized, null);
        }

        var stop = Outcomes.JobStopped(role, syncId, 1, wait, run.Waiter.MaxJobWait);
        RunTelemetry.End(activity, Outcomes.Result(stop.Outcome));
        return state.Stop(stop);
    }

    /// <summary>After a simulated plain import: what the group's finalization would remove or retire, at most.</summary>
    private async Task EstimateMissingAsync(GroupState state, Stream file)
    {
        var group = state.Group;
        if (group.Strategy == MissingStrategy.Ignore)
        {
            state.MissingCounts = SyncMissingCounts.Exact; // an IGNORE finalization changes nothing
            return;
        }

        if (run.Reader is not { } reader)
        {
            state.MissingCounts = SyncMissingCounts.Unknown;
            return;
        }

        try
        {
            var identities = await MissingEstimator.ReadIdentitiesAsync(file, run.CancellationToken).ConfigureAwait(false);
            state.EstimatedMissing = await MissingEstimator.EstimateAsync(reader, group, state.StatusId, identities, run.CancellationToken).ConfigureAwait(false);
            state.MissingCounts = SyncMissingCounts.UpperBound;
        }
        catch (Exception e) when (run.IsCatalogFailure(e) || run.IsCancellation(e))
        {
            state.MissingCounts = SyncMissingCounts.Unknown;
        }
    }
}
