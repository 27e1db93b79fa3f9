using System.Globalization;
using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>What happened to one synchronization ID of a run.</summary>
public enum SyncGroupOutcome
{
    /// <summary>Not run, because an earlier group failed.</summary>
    NotStarted,

    /// <summary>Every batch succeeded and the finalization succeeded.</summary>
    Finalized,

    /// <summary>A batch did not succeed completely; the ID was not finalized and later groups did not run.</summary>
    BatchFailed,

    /// <summary>Every batch succeeded but the finalization did not.</summary>
    FinalizationFailed,

    /// <summary>The sources yielded no asset, so the ID was not finalized (see <see cref="SyncRunOptions.FinalizeEmptyGroups"/>).</summary>
    SkippedEmpty,

    /// <summary>A preview of a group of several batches: its batches were simulated, its finalization could not be.</summary>
    PreviewedWithoutFinalization,
}

/// <summary>One job of a run, with its summary.</summary>
/// <param name="Job">The finished job.</param>
/// <param name="Summary">Its import summary.</param>
/// <param name="Resources">Resources sent in it (0 for a finalization).</param>
public sealed record SyncJobReport(Job Job, ImportSummary Summary, int Resources)
{
    /// <summary>Whether the job succeeded completely.</summary>
    public bool Succeeded => Job.State == JobState.Completed && Job.Result == JobResult.Success;
}

/// <summary>What happened to one synchronization ID.</summary>
public sealed record SyncGroupReport
{
    /// <summary>The group that ran.</summary>
    public required SyncGroupDescription Group { get; init; }

    /// <summary>The outcome.</summary>
    public required SyncGroupOutcome Outcome { get; init; }

    /// <summary>The status id missing assets got, after looking up <see cref="SyncGroupDescription.StatusName"/>.</summary>
    public Guid? StatusId { get; init; }

    /// <summary>The batch jobs, in order.</summary>
    public IReadOnlyList<SyncJobReport> Batches { get; init; } = [];

    /// <summary>The finalization job, once it ran.</summary>
    public SyncJobReport? Finalization { get; init; }

    /// <summary>Assets sent.</summary>
    public int AssetsSent { get; init; }

    /// <summary>Resources sent, communities and domains included.</summary>
    public int ResourcesSent { get; init; }

    /// <summary>Why the group failed or was skipped.</summary>
    public string? Message { get; init; }

    /// <summary>The counters of every job of the group, summed over every kind of resource.</summary>
    public ImportCounters Counters => Sum(_ => true);

    /// <summary>The asset counters of every job of the group.</summary>
    public ImportCounters AssetCounters => Sum(r => r.ResourceType == ImportResourceType.Asset);

    private IEnumerable<SyncJobReport> Jobs => Finalization is null ? Batches : Batches.Append(Finalization);

    private ImportCounters Sum(Func<ResourceTypeSummary, bool> filter) =>
        Jobs.SelectMany(j => j.Summary.ResourceTypes).Where(filter).Aggregate(new ImportCounters(), (sum, r) => sum + r.Counters);
}

/// <summary>What a run of a plan did.</summary>
public sealed record SyncRunReport
{
    /// <summary>The plan that ran.</summary>
    public required SyncPlanDescription Plan { get; init; }

    /// <summary>Whether this was a simulation that changed nothing.</summary>
    public bool Simulation { get; init; }

    /// <summary>One report per group of the plan, in order.</summary>
    public required IReadOnlyList<SyncGroupReport> Groups { get; init; }

    /// <summary>Whether every group was finalized (in a preview: simulated as far as a preview can).</summary>
    public bool Succeeded => Groups.All(g => g.Outcome == SyncGroupOutcome.Finalized || (Simulation && g.Outcome == SyncGroupOutcome.PreviewedWithoutFinalization));

    /// <summary>The counters of every job, summed over every kind of resource.</summary>
    public ImportCounters Counters => Groups.Aggregate(new ImportCounters(), (sum, g) => sum + g.Counters);

    /// <summary>A readable, multi-line summary: one line per synchronization ID with its outcome and asset counters.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(Simulation ? "Preview" : "Run")} of sync plan '{Plan.Name}': {(Succeeded ? "succeeded" : "did not succeed")}");
        foreach (var group in Groups)
        {
            var assets = group.AssetCounters;
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"- {group.Group.SyncId}: {group.Outcome}, {group.Batches.Count} batch(es), {group.AssetsSent} asset(s) sent; assets added {assets.Added}, updated {assets.Updated}, unchanged {assets.Unchanged}, removed {assets.Removed}, retired {assets.Retired}, restored {assets.Restored}");
            if (group.Message is not null)
            {
                text.Append('\n');
                text.Append("  ").Append(group.Message);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    /// <summary>The report of the group with this synchronization ID.</summary>
    /// <exception cref="KeyNotFoundException">The plan has no such ID.</exception>
    public SyncGroupReport this[string syncId] =>
        Groups.FirstOrDefault(g => g.Group.SyncId == syncId) ?? throw new KeyNotFoundException($"The plan has no synchronization ID '{syncId}'.");
}
