using System.Diagnostics;
using CatalogSync.Contract;
using Microsoft.Extensions.Logging;
using D = CatalogSync.Plans.CatalogSyncDiagnostics;

namespace CatalogSync.Plans.Execution;

/// <summary>Progress reports, log lines, metrics and spans of one run: everything a run tells the outside world while it runs.</summary>
internal sealed partial class RunTelemetry(string planName, bool simulation, IProgress<SyncProgress>? progress, ILogger logger)
{
    public ILogger Logger { get; } = logger;

    /// <summary>Reports a phase to <see cref="SyncRunOptions.Progress"/>.</summary>
    public void Report(SyncPhase phase, GroupState state, int totalBatches, Job? job, SyncGroupOutcome? outcome = null) =>
        progress?.Report(new SyncProgress
        {
            Phase = phase,
            PlanName = planName,
            SyncId = state.Group.SyncId,
            TypeName = state.CurrentType,
            AssetsSent = state.AssetsSent,
            BatchesSent = state.Batches.Count + (phase == SyncPhase.BatchStarted ? 1 : 0),
            TotalBatchesSent = totalBatches,
            Job = job,
            Outcome = outcome,
            Simulation = simulation,
        });

    /// <summary>Starts the run's span.</summary>
    public static Activity? StartRun(string planName, bool simulation)
    {
        var activity = D.Source.StartActivity(D.RunActivity);
        activity?.SetTag(D.PlanTag, planName);
        activity?.SetTag(D.SimulationTag, simulation);
        return activity;
    }

    /// <summary>Starts a batch's or finalization's span.</summary>
    public Activity? StartActivity(string name, string syncId)
    {
        var activity = D.Source.StartActivity(name);
        activity?.SetTag(D.SyncIdTag, syncId);
        activity?.SetTag(D.SimulationTag, simulation);
        return activity;
    }

    /// <summary>Ends a span with its result (<c>success</c>, <c>failure</c>, <c>unconfirmed</c>, <c>cancelled</c>).</summary>
    public static void End(Activity? activity, string result)
    {
        activity?.SetTag(D.ResultTag, result);
        if (result != "success")
        {
            activity?.SetStatus(ActivityStatusCode.Error, result);
        }
    }

    public void BatchAccepted(string syncId, int assets)
    {
        D.BatchesSent.Add(1, Tags(syncId));
        D.AssetsSent.Add(assets, Tags(syncId));
    }

    public void BatchFailed(string syncId) => D.BatchFailures.Add(1, Tags(syncId));

    public void Finalization(string syncId, string result) => D.Finalizations.Add(1, Tags(syncId, result));

    /// <summary>A plain import created missing containers: counts them by kind and records the job's duration (no synchronization ID: it belongs to none).</summary>
    public void ContainersCreated(SyncJobReport report, int communities, int domains)
    {
        var tags = new TagList { { D.PlanTag, planName }, { D.SimulationTag, simulation } };
        if (communities > 0)
        {
            var kind = tags;
            kind.Add(D.ContainerKindTag, "community");
            D.ContainersCreated.Add(communities, kind);
        }

        if (domains > 0)
        {
            var kind = tags;
            kind.Add(D.ContainerKindTag, "domain");
            D.ContainersCreated.Add(domains, kind);
        }

        tags.Add(D.JobKindTag, "containers");
        tags.Add(D.ResultTag, "success");
        D.JobDuration.Record(report.Elapsed.TotalSeconds, tags);
    }

    /// <summary>Records a finished job's duration.</summary>
    public void RecordDuration(SyncJobReport report, string kind, string syncId)
    {
        if (!report.Finished)
        {
            return;
        }

        var tags = new TagList
        {
            { D.SyncIdTag, syncId },
            { D.SimulationTag, simulation },
            { D.JobKindTag, kind },
            { D.ResultTag, report.Succeeded ? "success" : "failure" },
        };
        D.JobDuration.Record(report.Elapsed.TotalSeconds, tags);
    }

    private TagList Tags(string syncId, string? result = null)
    {
        var tags = new TagList { { D.SyncIdTag, syncId }, { D.SimulationTag, simulation } };
        if (result is not null)
        {
            tags.Add(D.ResultTag, result);
        }

        return tags;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Batch {BatchNumber} of '{SyncId}': {Resources} resources, {Assets} of them assets, job {JobId} {State} {Result} in {Seconds:0.00} s")]
    public static partial void LogBatch(ILogger logger, int batchNumber, string syncId, int resources, int assets, Guid jobId, JobState state, JobResult result, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Batch {BatchNumber} of '{SyncId}' stopped the run: {Message}")]
    public static partial void LogBatchStopped(ILogger logger, int batchNumber, string syncId, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Finalization of '{SyncId}' ({Strategy}): job {JobId} {State} {Result} in {Seconds:0.00} s; assets removed {Removed}, retired {Retired}")]
    public static partial void LogFinalized(ILogger logger, string syncId, FinalizationStrategy strategy, Guid jobId, JobState state, JobResult result, double seconds, int removed, int retired);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Finalization of '{SyncId}': {Outcome}. {Message}")]
    public static partial void LogFinalizationProblem(ILogger logger, string syncId, SyncGroupOutcome outcome, string message);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Preview of '{SyncId}' ({Strategy}): {Resources} resources in one simulated synchronization, job {JobId} {State} {Result}; assets added {Added}, updated {Updated}, unchanged {Unchanged}, removed {Removed}, retired {Retired}, restored {Restored}")]
    public static partial void LogPreviewed(ILogger logger, string syncId, FinalizationStrategy strategy, int resources, Guid jobId, JobState state, JobResult result, int added, int updated, int unchanged, int removed, int retired, int restored);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "'{SyncId}' {Outcome}: {Message}")]
    public static partial void LogGroupStopped(ILogger logger, string syncId, SyncGroupOutcome outcome, string message);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Kind} of sync plan '{Plan}' {Verdict}: {Jobs} job(s) in {Seconds:0.0} s")]
    public static partial void LogRunCompleted(ILogger logger, string kind, string plan, string verdict, int jobs, double seconds);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Duplicate item let through (AllowDuplicateItems): {Problem}")]
    public static partial void LogDuplicateAllowed(ILogger logger, string problem);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "The cycle of '{SyncId}' was closed with an IGNORE finalization (job {JobId}); nothing changed")]
    public static partial void LogClosed(ILogger logger, string syncId, Guid jobId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Closing the cycle of '{SyncId}': {Message}")]
    public static partial void LogCloseProblem(ILogger logger, string syncId, string message);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Deletion guard blocked '{SyncId}' {TypeName}: {Reason}")]
    public static partial void LogGuardBlocked(ILogger logger, string syncId, string typeName, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Deletion guard overridden: lets '{SyncId}' {TypeName} through although {Reason}")]
    public static partial void LogGuardOverridden(ILogger logger, string syncId, string typeName, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Preflight skipped: {Reason}")]
    public static partial void LogPreflightSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Deletion guard: {Message}")]
    public static partial void LogGuardNotCounted(ILogger logger, string message);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Scope change of '{SyncId}': {What}")]
    public static partial void LogScopeChange(ILogger logger, string syncId, string what);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Created {Count} missing container(s) with a plain import outside any synchronization ID, job {JobId} in {Seconds:0.00} s: {Containers}")]
    public static partial void LogContainersCreated(ILogger logger, int count, Guid jobId, double seconds, string containers);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Containers not ensured: {Reason}")]
    public static partial void LogContainersNotEnsured(ILogger logger, string reason);
}
