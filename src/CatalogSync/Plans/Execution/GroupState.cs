using System.Diagnostics;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>What a group (one synchronization ID) has done so far; <c>Stop</c> turns it into its report.</summary>
internal sealed class GroupState(SyncGroupDescription group, Guid? statusId)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int[] _sent = new int[group.Types.Count];

    public SyncGroupDescription Group { get; } = group;

    public Guid? StatusId { get; } = statusId;

    public string? CurrentType { get; set; }

    /// <summary>Items written per type into the batch being built.</summary>
    public int[] Pending { get; } = new int[group.Types.Count];

    public List<SyncJobReport> Batches { get; } = [];

    public SyncJobReport? Finalization { get; set; }

    /// <summary>The deletion guard's simulated finalization, when it sent one.</summary>
    public SyncJobReport? GuardSimulation { get; set; }

    /// <summary>Every batch of the group succeeded (phase b is done for it): it may be finalized, or its cycle must be closed.</summary>
    public bool Ready { get; set; }

    public SyncMissingCounts MissingCounts { get; set; }

    public IReadOnlyList<SubcategorySummary> EstimatedMissing { get; set; } = [];

    /// <summary>
    /// Whether this ID may have a cycle open in the catalog: a batch was sent (its answer may be lost), or the run
    /// journal resumed a cycle an earlier run left. A run that stops without finalizing the ID closes it.
    /// </summary>
    public bool CycleMayBeOpen { get; set; }

    /// <summary>The number of the batch that stopped the group, when one did.</summary>
    public int? FailedBatch { get; set; }

    /// <summary>Problems this group's sources had (listed in <see cref="RunContext.SourceProblems"/>).</summary>
    public int SourceProblems { get; set; }

    /// <summary>Per asset type, the (community, domain) pairs the group's items were written to: where the guard's estimate looks.</summary>
    public Dictionary<string, HashSet<(string Community, string Domain)>> Domains { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Items of the group's <paramref name="type"/>-th type sent in batches the catalog accepted.</summary>
    public int SentOf(int type) => _sent[type];

    public int AssetsSent { get; private set; }

    public int ResourcesSent { get; private set; }

    /// <summary>The catalog accepted the batch being built: its items count as sent.</summary>
    public void Accept(BatchWriter writer) => Accept(writer.AssetCount, writer.ResourceCount);

    /// <summary>The catalog accepted a job of <paramref name="assets"/> assets in <paramref name="resources"/> resources: the pending items count as sent.</summary>
    public void Accept(int assets, int resources)
    {
        AssetsSent += assets;
        ResourcesSent += resources;
        for (var i = 0; i < _sent.Length; i++)
        {
            _sent[i] += Pending[i];
            Pending[i] = 0;
        }
    }

    public SyncGroupReport Stop(SyncGroupOutcome outcome, string? message)
    {
        var report = new SyncGroupReport
        {
            Group = Group,
            Outcome = outcome,
            StatusId = StatusId,
            Batches = Batches,
            Finalization = Finalization,
            GuardSimulation = GuardSimulation,
            FailedBatch = FailedBatch,
            AssetsSent = AssetsSent,
            ResourcesSent = ResourcesSent,
            Elapsed = _clock.Elapsed,
            Message = message,
            MissingCounts = MissingCounts,
            EstimatedMissing = EstimatedMissing,
        };
        return report with { Types = [.. Group.Types.Select((t, i) => new SyncTypeReport(t, _sent[i], report.CountersFor(t.AssetType)))] };
    }

    public SyncGroupReport Stop((SyncGroupOutcome Outcome, string Message) stop) => Stop(stop.Outcome, stop.Message);
}
