using System.Text;
using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

// Version 1 of a warehouse plan, with the IDs an earlier CatalogSync derived: one per policy, so tables and columns
// share "scopes-remove-resources". Version 2 of the plan is written out below as a description (one compilation
// cannot hold both versions of the same types: CSYNC010), with the mappers the generator emitted for version 1.

[SyncAsset(AssetType = "Column", Community = "RT Scopes", Domain = "Scope columns", SyncId = ScopeChangeTests.OldId)]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record ScopeColumn([property: AssetName] string Name, [property: CatalogAttribute("Technical Data Type")] string DataType);

[SyncAsset(AssetType = "Table", Community = "RT Scopes", Domain = "Scope tables", SyncId = ScopeChangeTests.OldId)]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record ScopeTable([property: AssetName] string Name)
{
    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [AssetTags]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(ScopeColumn))]
    public IReadOnlyList<string> Columns { get; init; } = [];
}

[SyncPlan(typeof(ScopeColumn), typeof(ScopeTable), Name = "scopes")]
public static partial class ScopesPlan;

// The same shape with derived IDs (asset type, domain, plan name): switching a type's policy keeps its ID.

[SyncAsset(AssetType = "Column", Community = "RT Scopes", Domain = "Derived columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record DerivedColumn([property: AssetName] string Name);

[SyncAsset(AssetType = "Table", Community = "RT Scopes", Domain = "Derived tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed record DerivedTable([property: AssetName] string Name)
{
    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(DerivedColumn))]
    public IReadOnlyList<string> Columns { get; init; } = [];
}

[SyncPlan(typeof(DerivedColumn), typeof(DerivedTable), Name = "derived")]
public static partial class DerivedScopesPlan;

/// <summary>
/// Scope changes carried out by the runtime: a declared move keeps every asset (ids, attributes, tags, relations and
/// curated data), a declared removal does what it says and nothing else, and the old ID is forgotten only after every
/// group finalized. Run in-process and over HTTP.
/// </summary>
public abstract class ScopeChangeTests : IAsyncLifetime
{
    public const string OldId = "scopes-remove-resources";
    private const string NewColumnsId = "scopes-column-scope-columns-0001";
    private const string NewTablesId = "scopes-table-scope-tables-0002";

    protected TempCatalog Temp { get; private set; } = null!;

    protected IImportApiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Temp = await TempCatalog.CreateAsync();
        Client = await ConnectAsync(Temp);
    }

    public async Task DisposeAsync()
    {
        Disconnect();
        await Temp.DisposeAsync();
    }

    protected abstract Task<IImportApiClient> ConnectAsync(TempCatalog temp);

    protected virtual void Disconnect()
    {
    }

    private static SyncTypeDescription ColumnType => ScopesPlan.Description.Types.Single(t => t.AssetType == "Column");

    private static SyncTypeDescription TableType => ScopesPlan.Description.Types.Single(t => t.AssetType == "Table");

    /// <summary>Version 2: each type under its own ID, the columns now retired instead of removed, both moved from the old ID.</summary>
    private static SyncPlanDescription MovedPlan(bool declared = true) => new(
        "scopes",
        ScopesPlan.Description.BatchSize,
        [
            new SyncGroupDescription(NewColumnsId, MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null, [ColumnType with { MovedFrom = declared ? OldId : null }]),
            new SyncGroupDescription(NewTablesId, MissingStrategy.RemoveResources, null, null, [TableType with { MovedFrom = declared ? OldId : null }]),
        ]);

    /// <summary>Version 2b: the columns left the plan (a declared removal of the old ID), the tables moved out of it.</summary>
    private static SyncPlanDescription TablesOnlyPlan(SyncIdRemoval removal) => new(
        "scopes",
        ScopesPlan.Description.BatchSize,
        [new SyncGroupDescription(NewTablesId, MissingStrategy.RemoveResources, null, null, [TableType with { MovedFrom = OldId }])])
    {
        Removed = [removal],
    };

    private static ScopeColumn[] Columns(int count) => [.. Enumerable.Range(1, count).Select(i => new ScopeColumn($"sc{i}", i % 2 == 0 ? "INT" : "TEXT"))];

    private static ScopeTable[] Tables(int count, int columns) =>
        [.. Enumerable.Range(1, count).Select(i => new ScopeTable($"st{i}") { Description = $"table {i}", Tags = ["t" + i, "warehouse"], Columns = [.. Enumerable.Range(1, columns).Where(c => c % count == i % count).Select(c => $"sc{c}")] })];

    private Task<SyncRunReport> RunAsync(SyncPlanDescription plan, int tables = 3, int columns = 6, SyncRunOptions? options = null) =>
        SyncPlanExecutor.RunAsync(Client, plan, [SyncSource.Create(Columns(columns), ScopeColumnAssetMapper.Instance), SyncSource.Create(Tables(tables, columns), ScopeTableAssetMapper.Instance)], options);

    /// <summary>Version 1 runs, then a steward curates an attribute type the plan does not declare.</summary>
    private async Task<Dictionary<string, string>> RunVersion1AndCurateAsync()
    {
        var first = await ScopesPlan.RunAsync(Client, Columns(6), Tables(3, 6));
        Assert.True(first.Succeeded, first.Describe());
        var curated = """[{"resourceType":"Asset","identifier":{"name":"st1","domain":{"name":"Scope tables","community":{"name":"RT Scopes"}}},"attributes":{"Definition":[{"value":"curated by a steward"}]}}]""";
        var job = await Client.StartImportAsync(ImportContent.FromBytes(Encoding.UTF8.GetBytes(curated)), new ImportJobOptions());
        Assert.Equal(JobResult.Success, (await WaitAsync(job.Id)).Result);
        return await SnapshotAsync();
    }

    private async Task<Job> WaitAsync(Guid id)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await Client.GetJobAsync(id);
            if (job.IsFinished)
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Job {id} did not finish.");
    }

    /// <summary>Every asset of the two domains: id, status, attributes, tags and relations, as one line each.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(string prefix = "s")
    {
        var engine = Temp.Engine;
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        var assets = await engine.FindAssetsAsync(new AssetQuery { Name = prefix, NameMatchMode = NameMatchMode.Start, Paging = new Paging { Limit = 1000 } });
        foreach (var asset in assets.Results)
        {
            var attributes = (await engine.FindAttributesAsync(asset.Id)).Results.Select(a => $"{a.Type.Name}={a.Value}").Order(StringComparer.Ordinal);
            var tags = (await engine.GetAssetTagsAsync(asset.Id)).Select(t => t.Name).Order(StringComparer.Ordinal);
            var relations = (await engine.FindRelationsAsync(sourceId: asset.Id)).Results.Select(r => r.Target.Name)
                .Concat((await engine.FindRelationsAsync(targetId: asset.Id)).Results.Select(r => r.Source.Name))
                .Order(StringComparer.Ordinal);
            snapshot[asset.Name] = $"{asset.Id} {asset.Domain.Name} {asset.Status.Name} [{string.Join(",", attributes)}] [{string.Join(",", tags)}] [{string.Join(",", relations)}]";
        }

        return snapshot;
    }

    [Fact]
    public async Task A_declared_move_keeps_every_asset_and_forgets_the_old_ID_after_the_new_IDs_finalized()
    {
        var before = await RunVersion1AndCurateAsync();
        Assert.Equal(9, before.Count);
        Assert.Contains("Definition=curated by a steward", before["st1"], StringComparison.Ordinal);
        Assert.EndsWith("[sc1,sc4]", before["st1"], StringComparison.Ordinal); // st1 lists columns 1 and 4

        var moved = await RunAsync(MovedPlan());

        Assert.True(moved.Succeeded, moved.Describe());
        var change = Assert.Single(moved.ScopeChanges);
        Assert.Equal((OldId, ScopeChangeKind.Moved, ScopeChangeOutcome.Done), (change.SyncId, change.Kind, change.Outcome));
        Assert.Equal(["CatalogSync.Runtime.Tests.ScopeColumn", "CatalogSync.Runtime.Tests.ScopeTable"], change.MovedTypes);
        Assert.Equal(before, await SnapshotAsync()); // same ids, values, tags, relations; the curated attribute too
        Assert.Equal(0, moved.AssetCounters.Added + moved.AssetCounters.Removed + moved.AssetCounters.Retired);
        Assert.False(await Client.SynchronizationExistsAsync(OldId));
        Assert.Contains($"- {OldId}: Moved, Done;", moved.Describe(), StringComparison.Ordinal);

        // The next run has nothing left to move; the new IDs own the assets, each with its own policy.
        var again = await RunAsync(MovedPlan(), tables: 2, columns: 5);
        Assert.True(again.Succeeded, again.Describe());
        Assert.Equal(ScopeChangeOutcome.AlreadyDone, Assert.Single(again.ScopeChanges).Outcome);
        Assert.Equal((1, 0), (again[NewColumnsId].AssetCounters.Retired, again[NewColumnsId].AssetCounters.Removed));
        Assert.Equal(1, again[NewTablesId].AssetCounters.Removed);
        var after = await SnapshotAsync();
        Assert.Equal(8, after.Count);
        Assert.Contains("Missing from source", after["sc6"], StringComparison.Ordinal);
        Assert.Equal(before["st1"].Split(' ')[0], after["st1"].Split(' ')[0]);
        Assert.Contains("Definition=curated by a steward", after["st1"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_waits_for_a_complete_run_and_a_preview_only_says_what_it_would_do()
    {
        var before = await RunVersion1AndCurateAsync();

        var preview = await SyncPlanExecutor.PreviewAsync(Client, MovedPlan(), [SyncSource.Create(Columns(6), ScopeColumnAssetMapper.Instance), SyncSource.Create(Tables(3, 6), ScopeTableAssetMapper.Instance)]);
        Assert.Equal(ScopeChangeOutcome.Previewed, Assert.Single(preview.ScopeChanges).Outcome);
        Assert.Contains($"forget '{OldId}'", preview.ScopeChanges[0].Message, StringComparison.Ordinal);
        Assert.True(await Client.SynchronizationExistsAsync(OldId));

        // A source that fails midway: nothing is finalized, so the old ID is not forgotten either.
        IEnumerable<ScopeTable> Failing()
        {
            yield return Tables(3, 6)[0];
            throw new InvalidOperationException("the source database went away");
        }

        var failed = await SyncPlanExecutor.RunAsync(Client, MovedPlan(), [SyncSource.Create(Columns(6), ScopeColumnAssetMapper.Instance), SyncSource.Create(Failing(), ScopeTableAssetMapper.Instance)]);
        Assert.False(failed.Succeeded);
        Assert.Equal(ScopeChangeOutcome.NotStarted, Assert.Single(failed.ScopeChanges).Outcome);
        Assert.True(await Client.SynchronizationExistsAsync(OldId));
        Assert.Equal(before, await SnapshotAsync());

        var complete = await RunAsync(MovedPlan());
        Assert.True(complete.Succeeded, complete.Describe());
        Assert.Equal(ScopeChangeOutcome.Done, Assert.Single(complete.ScopeChanges).Outcome);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_declared_removal_that_keeps_the_assets_forgets_the_old_ID_and_the_moved_tables_stay()
    {
        var before = await RunVersion1AndCurateAsync();

        var report = await SyncPlanExecutor.RunAsync(Client, TablesOnlyPlan(new SyncIdRemoval(OldId, RemovedAssets.Keep)), [SyncSource.Create(Tables(3, 6), ScopeTableAssetMapper.Instance)]);

        Assert.True(report.Succeeded, report.Describe());
        var change = Assert.Single(report.ScopeChanges);
        Assert.Equal((ScopeChangeKind.Removed, RemovedAssets.Keep, ScopeChangeOutcome.Done), (change.Kind, change.Then, change.Outcome));
        Assert.Empty(change.Jobs); // nothing sent under the old ID: it is only forgotten
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(await Client.SynchronizationExistsAsync(OldId));
    }

    [Theory]
    [InlineData(RemovedAssets.Remove)]
    [InlineData(RemovedAssets.ChangeStatus)]
    public async Task A_declared_removal_ends_the_old_ID_with_one_last_cycle_that_still_sees_the_moved_tables(RemovedAssets then)
    {
        var before = await RunVersion1AndCurateAsync();
        var removal = new SyncIdRemoval(OldId, then, then == RemovedAssets.ChangeStatus ? TempCatalog.MissingFromSource : null);

        var report = await SyncPlanExecutor.RunAsync(Client, TablesOnlyPlan(removal), [SyncSource.Create(Tables(3, 6), ScopeTableAssetMapper.Instance)]);

        Assert.True(report.Succeeded, report.Describe());
        var change = Assert.Single(report.ScopeChanges);
        Assert.Equal(ScopeChangeOutcome.Done, change.Outcome);
        Assert.Equal([SyncJobKind.Batch, SyncJobKind.Finalization], change.Jobs.Select(j => j.Kind)); // the tables' batch again, then the last finalization
        var last = change.Jobs[^1].Summary.CountersFor(ImportResourceType.Asset);
        Assert.Equal(then == RemovedAssets.Remove ? (6, 0) : (0, 6), (last.Removed, last.Retired));
        Assert.False(await Client.SynchronizationExistsAsync(OldId));

        var after = await SnapshotAsync();
        foreach (var table in new[] { "st1", "st2", "st3" })
        {
            Assert.Equal(before[table].Split(' ')[0], after[table].Split(' ')[0]); // the moved tables stay, same ids
            Assert.Contains("Description=", after[table], StringComparison.Ordinal);
        }

        Assert.Contains("Definition=curated by a steward", after["st1"], StringComparison.Ordinal);
        if (then == RemovedAssets.Remove)
        {
            Assert.Equal(3, after.Count);
        }
        else
        {
            Assert.All(Enumerable.Range(1, 6), c => Assert.Contains("Missing from source", after[$"sc{c}"], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_declared_removal_of_an_ID_the_catalog_no_longer_knows_does_nothing()
    {
        var report = await SyncPlanExecutor.RunAsync(Client, TablesOnlyPlan(new SyncIdRemoval(OldId, RemovedAssets.Remove)), [SyncSource.Create(Tables(2, 0), ScopeTableAssetMapper.Instance)]);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(ScopeChangeOutcome.AlreadyDone, Assert.Single(report.ScopeChanges).Outcome);
        Assert.Empty(report.ScopeChanges[0].Jobs);
    }

    [Theory]
    [InlineData("Column")]
    [InlineData("Table")]
    public async Task Switching_a_types_policy_keeps_its_ID_and_every_asset_in_both_directions(string switched)
    {
        var v1 = DerivedScopesPlan.Description;
        DerivedColumn[] columns = [new("dc1"), new("dc2"), new("dc3")];
        DerivedTable[] tables = [new("dt1") { Columns = ["dc1", "dc2"] }, new("dt2") { Columns = ["dc3"] }];
        Task<SyncRunReport> Run(SyncPlanDescription plan, int keep) => SyncPlanExecutor.RunAsync(
            Client,
            plan,
            [SyncSource.Create(columns.Take(keep + 1), DerivedColumnAssetMapper.Instance), SyncSource.Create(tables.Take(keep), DerivedTableAssetMapper.Instance)]);

        var first = await Run(v1, keep: 2);
        Assert.True(first.Succeeded, first.Describe());
        var before = await SnapshotAsync("d");

        // Version 2: the switched type's policy flips (RemoveResources <-> ChangeStatus); the generator derives the same
        // ID whatever the policy (ScopeTests.The_derived_ID_does_not_depend_on_the_policy_or_the_status).
        var v2 = new SyncPlanDescription(v1.Name, v1.BatchSize, [.. v1.Groups.Select(g => g.Types[0].AssetType != switched ? g
            : g.Strategy == MissingStrategy.RemoveResources
                ? new SyncGroupDescription(g.SyncId, MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null, g.Types)
                : new SyncGroupDescription(g.SyncId, MissingStrategy.RemoveResources, null, null, g.Types))]);
        Assert.Equal(v1.Groups.Select(g => g.SyncId), v2.Groups.Select(g => g.SyncId));

        var same = await Run(v2, keep: 2);
        Assert.True(same.Succeeded, same.Describe());
        Assert.Equal(before, await SnapshotAsync("d")); // nothing removed, re-created or retired by the switch
        Assert.Empty(same.ScopeChanges);

        // One item of each type leaves the source: it follows its type's new policy.
        var shrunk = await Run(v2, keep: 1);
        Assert.True(shrunk.Succeeded, shrunk.Describe());
        var after = await SnapshotAsync("d");
        if (switched == "Column")
        {
            // Columns now retire (the switch), tables still retire (unchanged).
            Assert.Contains("Missing from source", after["dc3"], StringComparison.Ordinal);
            Assert.Contains("Missing from source", after["dt2"], StringComparison.Ordinal);
        }
        else
        {
            // Tables now are removed (the switch), columns still are (unchanged).
            Assert.False(after.ContainsKey("dt2"));
            Assert.False(after.ContainsKey("dc3"));
        }

        Assert.Equal(before["dt1"], after["dt1"]);
        Assert.Equal(before["dc1"], after["dc1"]);
    }

    [Fact]
    public void A_type_cannot_move_out_of_an_ID_that_the_plan_still_uses()
    {
        var problem = Assert.Throws<ArgumentException>(() => new SyncPlanDescription(
            "scopes",
            100,
            [
                new SyncGroupDescription(OldId, MissingStrategy.RemoveResources, null, null, [TableType]),
                new SyncGroupDescription(NewColumnsId, MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null, [ColumnType with { MovedFrom = OldId }]),
            ]));
        Assert.Contains($"moved from '{OldId}', which is still the ID of a group", problem.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SyncPlanDescription("scopes", 100, [new SyncGroupDescription(OldId, MissingStrategy.RemoveResources, null, null, [TableType])]) { Removed = [new SyncIdRemoval(OldId, RemovedAssets.Keep)] });
    }
}

/// <summary>The scope changes against the embedded catalog in-process.</summary>
public sealed class InProcessScopeChangeTests : ScopeChangeTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);
}

/// <summary>The scope changes against the same engine behind the REST host on 127.0.0.1, through <see cref="CollibraHttpClient"/>.</summary>
public sealed class HttpScopeChangeTests : ScopeChangeTests
{
    private HttpClient? _http;

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        _http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();
}
