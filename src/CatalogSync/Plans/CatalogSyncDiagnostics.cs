using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CatalogSync.Plans;

/// <summary>
/// The names under which runs of a plan report metrics (<see cref="System.Diagnostics.Metrics"/>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/>), e.g. for OpenTelemetry:
/// <c>.WithMetrics(m =&gt; m.AddMeter(CatalogSyncDiagnostics.MeterName)).WithTracing(t =&gt; t.AddSource(CatalogSyncDiagnostics.ActivitySourceName))</c>.
/// </summary>
/// <remarks>
/// Every measurement and span carries <see cref="SyncIdTag"/> and <see cref="SimulationTag"/>. Spans:
/// <see cref="RunActivity"/> per run, <see cref="BatchActivity"/> per batch (with <see cref="BatchNumberTag"/>,
/// <see cref="ResourcesTag"/>, <see cref="JobIdTag"/>, <see cref="ResultTag"/>) and <see cref="FinalizeActivity"/> per
/// finalization (or per simulated full synchronization or simulated import of a preview).
/// </remarks>
public static class CatalogSyncDiagnostics
{
    /// <summary>The <see cref="Meter"/>'s name.</summary>
    public const string MeterName = "CatalogSync";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/>'s name.</summary>
    public const string ActivitySourceName = "CatalogSync";

    /// <summary>Counter: assets sent in batches the catalog accepted (unit <c>{asset}</c>).</summary>
    public const string AssetsSentInstrument = "catalogsync.assets.sent";

    /// <summary>Counter: batches the catalog accepted (unit <c>{batch}</c>).</summary>
    public const string BatchesSentInstrument = "catalogsync.batches.sent";

    /// <summary>Counter: batches that could not be sent or whose job did not succeed completely (unit <c>{batch}</c>).</summary>
    public const string BatchFailuresInstrument = "catalogsync.batches.failed";

    /// <summary>Counter: finalizations started, tagged with <see cref="ResultTag"/> (unit <c>{finalization}</c>).</summary>
    public const string FinalizationsInstrument = "catalogsync.finalizations";

    /// <summary>Histogram: seconds from a job's request to its end, tagged with <see cref="JobKindTag"/> and <see cref="ResultTag"/>.</summary>
    public const string JobDurationInstrument = "catalogsync.job.duration";

    /// <summary>
    /// Counter: communities and domains the run created with a plain import (outside any synchronization ID), tagged
    /// with <see cref="ContainerKindTag"/> and <see cref="PlanTag"/> (unit <c>{container}</c>).
    /// </summary>
    public const string ContainersCreatedInstrument = "catalogsync.containers.created";

    /// <summary>Span of a whole run.</summary>
    public const string RunActivity = "catalogsync.run";

    /// <summary>Span of one batch: sending it and waiting for its job.</summary>
    public const string BatchActivity = "catalogsync.batch";

    /// <summary>Span of one finalization: sending it and waiting for its job.</summary>
    public const string FinalizeActivity = "catalogsync.finalize";

    /// <summary>Span of one plain import that creates missing communities and domains, and the wait for its job.</summary>
    public const string ContainersActivity = "catalogsync.containers";

    /// <summary>Tag: <c>community</c> or <c>domain</c>.</summary>
    public const string ContainerKindTag = "catalogsync.container.kind";

    /// <summary>Tag: the synchronization ID.</summary>
    public const string SyncIdTag = "catalogsync.sync_id";

    /// <summary>Tag: whether the run is a preview (<c>simulation=true</c>).</summary>
    public const string SimulationTag = "catalogsync.simulation";

    /// <summary>Tag: the plan's name.</summary>
    public const string PlanTag = "catalogsync.plan";

    /// <summary>Tag: the batch's number within its synchronization ID, from 1.</summary>
    public const string BatchNumberTag = "catalogsync.batch.number";

    /// <summary>Tag: the resources in the batch, communities and domains included.</summary>
    public const string ResourcesTag = "catalogsync.batch.resources";

    /// <summary>Tag: the job's id.</summary>
    public const string JobIdTag = "catalogsync.job.id";

    /// <summary>Tag: <c>batch</c>, <c>finalization</c>, <c>synchronization</c>, <c>import</c> or <c>containers</c>.</summary>
    public const string JobKindTag = "catalogsync.job.kind";

    /// <summary>Tag: <c>success</c>, <c>failure</c>, <c>cancelled</c> or <c>unconfirmed</c>.</summary>
    public const string ResultTag = "catalogsync.result";

    private static readonly string? Version = typeof(CatalogSyncDiagnostics).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);

    internal static readonly Meter Meter = new(MeterName, Version);

    internal static readonly Counter<long> AssetsSent = Meter.CreateCounter<long>(AssetsSentInstrument, "{asset}", "Assets sent in batches the catalog accepted.");

    internal static readonly Counter<long> BatchesSent = Meter.CreateCounter<long>(BatchesSentInstrument, "{batch}", "Batches the catalog accepted.");

    internal static readonly Counter<long> BatchFailures = Meter.CreateCounter<long>(BatchFailuresInstrument, "{batch}", "Batches that could not be sent or did not succeed completely.");

    internal static readonly Counter<long> Finalizations = Meter.CreateCounter<long>(FinalizationsInstrument, "{finalization}", "Finalizations started, by result.");

    internal static readonly Counter<long> ContainersCreated = Meter.CreateCounter<long>(ContainersCreatedInstrument, "{container}", "Communities and domains created with a plain import, outside any synchronization ID.");

    internal static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(JobDurationInstrument, "s", "Time from a job's request to its end.");
}
