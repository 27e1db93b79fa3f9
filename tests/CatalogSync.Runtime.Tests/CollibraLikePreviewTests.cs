using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A preview against an endpoint that applies synchronization requests for real whatever <c>simulation</c> says, as
/// Collibra's guide describes real Collibra (<see cref="CollibraLikeEndpoint"/> in front of the real server on
/// 127.0.0.1): it must change nothing, count added, updated and unchanged exactly, and what is missing as an upper bound.
/// </summary>
public sealed class CollibraLikePreviewTests : IAsyncLifetime
{
    private const string ColumnsId = "rt-remove-resources";
    private const string TablesId = "rt-change-status-000000005066";

    private TempCatalog _temp = null!;
    private HttpClient _http = null!;
    private CollibraLikeEndpoint _endpoint = null!;
    private CollibraHttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempCatalog.CreateAsync();
        await _temp.ServeAsync();
        _endpoint = new CollibraLikeEndpoint();
        _http = new HttpClient(ImportApiResilience.CreateHandler(new ImportApiResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10) }, _endpoint)) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new CollibraHttpClient(_http, _temp.ClientOptions());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _temp.DisposeAsync();
    }

    [Fact]
    public async Task The_endpoint_applies_a_simulated_full_synchronization_for_real()
    {
        // Proof that the endpoint is as dangerous as the guide says: the preview of the old runtime would have deleted.
        Assert.Equal(CatalogCapabilities.Unknown, await _client.GetCapabilitiesAsync());
        await RunAsync(tables: 3);
        var job = await _client.StartSynchronizationAsync(
            ColumnsId,
            ImportContent.FromBytes("[]"u8.ToArray()),
            ImportJobOptions.Default with { Simulation = true },
            FinalizationOptions.Default with { Simulation = true });
        await _temp.Engine.WaitForJobAsync(job.Id);

        Assert.Equal(1, _endpoint.StrippedSimulations);
        Assert.Equal(0, await _temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_preview_changes_nothing_and_counts_what_is_missing_as_an_upper_bound()
    {
        await RunAsync(tables: 5);
        // An asset of the columns' type in their domain that no synchronization owns: a finalization leaves it alone,
        // the preview cannot tell, so it counts it ("at most").
        var handMade = await _client.StartImportAsync(ColumnBatch("rt.col.hand-made"), ImportJobOptions.Default);
        Assert.Equal(JobResult.Success, (await _temp.Engine.WaitForJobAsync(handMade.Id)).Result);
        var before = await SnapshotAsync();
        var columns = Data.Columns(3, 2);
        columns[0] = columns[0] with { DataType = "bigint" }; // one update
        _endpoint.Requests.Clear();

        var preview = await WarehousePlan.PreviewAsync(_client, tables: Data.Tables(3), columns: columns, schemas: Data.Schemas(1), databases: Data.Databases(3));

        Assert.True(preview.Succeeded, preview.Describe());
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, _endpoint.StrippedSimulations);
        Assert.DoesNotContain(_endpoint.Requests, r => r.StartsWith("POST", StringComparison.Ordinal) && r.Contains("/import/synchronize/", StringComparison.Ordinal));
        Assert.All(preview.Groups, g => Assert.Equal(SyncJobKind.Import, Assert.Single(g.Batches).Kind));
        Assert.True(preview.MissingIsUpperBound);
        Assert.Equal([SyncMissingCounts.UpperBound, SyncMissingCounts.UpperBound, SyncMissingCounts.Exact], preview.Groups.Select(g => g.MissingCounts));
        Assert.Equal((5, 2), (preview[ColumnsId].AssetCounters.Removed, preview[TablesId].AssetCounters.Retired)); // 4 columns + the hand-made one; 2 tables
        Assert.Contains("at most 5 removed", preview.Describe(), StringComparison.Ordinal);
        Assert.Contains("at most 2 retired", preview.Describe(), StringComparison.Ordinal);

        var run = await WarehousePlan.RunAsync(_client, tables: Data.Tables(3), columns: columns, schemas: Data.Schemas(1), databases: Data.Databases(3));

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal(
            run.Groups.Select(g => (g.AssetCounters.Added, g.AssetCounters.Updated, g.AssetCounters.Unchanged)),
            preview.Groups.Select(g => (g.AssetCounters.Added, g.AssetCounters.Updated, g.AssetCounters.Unchanged)));
        Assert.Equal(
            run.Groups.SelectMany(g => g.Types).Select(t => (t.Type, t.AssetsSent, t.Counters.Added, t.Counters.Updated, t.Counters.Unchanged)),
            preview.Groups.SelectMany(g => g.Types).Select(t => (t.Type, t.AssetsSent, t.Counters.Added, t.Counters.Updated, t.Counters.Unchanged)));
        Assert.Equal(1, run[ColumnsId].AssetCounters.Updated);
        Assert.Equal(1, IgnoredDatabases(run).Added);
        Assert.Equal((4, 2), (run[ColumnsId].AssetCounters.Removed, run[TablesId].AssetCounters.Retired)); // within the bounds
        Assert.All(run.Groups, g => Assert.False(g.MissingIsUpperBound));
        Assert.NotNull(await _temp.FindAssetAsync("rt.col.hand-made", "Columns"));
    }

    [Fact]
    public async Task A_runs_deletion_guard_counts_at_most_through_Core_REST_and_never_sends_a_simulated_finalization()
    {
        await RunAsync(tables: 12);
        var handMade = await _client.StartImportAsync(ColumnBatch("rt.col.hand-made"), ImportJobOptions.Default);
        Assert.Equal(JobResult.Success, (await _temp.Engine.WaitForJobAsync(handMade.Id)).Result);

        var blocked = await WarehousePlan.RunAsync(_client, tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(2), databases: Data.Databases(2));

        // Simulation would be applied for real here: the guard reads the catalog's assets instead.
        Assert.Equal(0, _endpoint.StrippedSimulations);
        Assert.All(blocked.Groups, g => Assert.Equal(SyncGroupOutcome.BlockedByGuard, g.Outcome));
        Assert.Equal(
            [(ColumnsId, 21L, 25L, 4L, true), (TablesId, 10L, 12L, 2L, true)], // 20 columns + the hand-made one, "at most"
            blocked.DeletionGuard.Select(c => (c.SyncId, c.Missing, c.Owned, c.Sent, c.AtMost)));
        Assert.Contains("up to 21", blocked.DeletionGuard[0].Blocked, StringComparison.Ordinal);
        Assert.Contains("at most 21 of 25 missing", blocked.Describe(), StringComparison.Ordinal);
        Assert.Equal(25, await _temp.CountAssetsAsync("rt.col."));

        var churn = await RunAsync(tables: 11);

        Assert.Equal(0, _endpoint.StrippedSimulations);
        Assert.True(churn.Succeeded, churn.Describe());
        Assert.Equal((3L, true), (churn.DeletionGuard[0].Missing, churn.DeletionGuard[0].AtMost)); // 2 columns + the hand-made one
        Assert.Equal(2, churn[ColumnsId].AssetCounters.Removed);
        Assert.NotNull(await _temp.FindAssetAsync("rt.col.hand-made", "Columns"));
    }

    [Fact]
    public async Task With_per_item_domains_the_upper_bound_reads_every_domain_of_the_community_so_a_dropped_domain_blocks()
    {
        static List<PerItemTable> Tables(string schema, int count) => [.. Enumerable.Range(1, count).Select(i => new PerItemTable($"{schema}.t{i}", schema))];
        var first = await PerItemPlan.RunAsync(_client, [.. Tables("s1", 3), .. Tables("s2", 12)]);
        Assert.True(first.Succeeded, first.Describe());

        // The source no longer gives schema s2 at all: its domain is not written to, yet its 12 tables would be removed.
        var dropped = await PerItemPlan.RunAsync(_client, Tables("s1", 3));
        Assert.Equal(SyncGroupOutcome.BlockedByGuard, dropped.Groups.Single().Outcome);
        Assert.Equal((12L, 15L, true), (dropped.DeletionGuard[0].Missing, dropped.DeletionGuard[0].Owned, dropped.DeletionGuard[0].AtMost));

        // An empty source: nothing written anywhere, still counted, and blocked.
        var empty = await PerItemPlan.RunAsync(_client, new List<PerItemTable>(), new SyncRunOptions { FinalizeEmptyGroups = true });
        Assert.Equal(SyncGroupOutcome.BlockedByGuard, empty.Groups.Single().Outcome);
        Assert.Contains("the source gave no", empty.DeletionGuard[0].Blocked, StringComparison.Ordinal);
        Assert.Equal(0, _endpoint.StrippedSimulations);
        Assert.Equal(15, await _temp.CountAssetsAsync("s"));
    }

    [Fact]
    public async Task A_preview_through_a_client_that_cannot_read_the_catalog_says_the_missing_counts_are_unknown()
    {
        await RunAsync(tables: 3);
        var before = await SnapshotAsync();

        var preview = await WarehousePlan.PreviewAsync(new ImportOnly(_client), tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));

        Assert.True(preview.Succeeded, preview.Describe());
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal([SyncMissingCounts.Unknown, SyncMissingCounts.Unknown, SyncMissingCounts.Exact], preview.Groups.Select(g => g.MissingCounts));
        Assert.Contains("removed, retired and restored unknown", preview.Describe(), StringComparison.Ordinal);
        Assert.Equal(4, preview[ColumnsId].AssetCounters.Unchanged);
    }

    private static ImportCounters IgnoredDatabases(SyncRunReport run) =>
        run["rt-ignore"].Types.Single(t => t.Type.AssetType == "Database").Counters;

    private Task<SyncRunReport> RunAsync(int tables) =>
        RunOkAsync(WarehousePlan.RunAsync(_client, tables: Data.Tables(tables), columns: Data.Columns(tables, 2), schemas: Data.Schemas(2), databases: Data.Databases(2)));

    private static async Task<SyncRunReport> RunOkAsync(Task<SyncRunReport> run)
    {
        var report = await run;
        Assert.True(report.Succeeded, report.Describe());
        return report;
    }

    private static ImportContent ColumnBatch(string name) => ImportContent.FromBytes(System.Text.Encoding.UTF8.GetBytes(
        "[{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"" + name + "\",\"domain\":{\"name\":\"Columns\",\"community\":{\"name\":\"RT Warehouse\"}}},\"type\":{\"name\":\"Column\"}}]"));

    /// <summary>Everything the catalog holds: assets with their status and attribute values, and relations.</summary>
    private async Task<string> SnapshotAsync()
    {
        var lines = new List<string>();
        var assets = await _temp.Engine.FindAssetsAsync(new AssetQuery { Paging = new Paging { Limit = 1000 } });
        foreach (var asset in assets.Results)
        {
            var attributes = await _temp.Engine.FindAttributesAsync(asset.Id);
            lines.Add($"{asset.Domain.Name}/{asset.Name} {asset.Type.Name} {asset.Status.Name} {asset.DisplayName} [{string.Join("; ", attributes.Results.Select(a => $"{a.Type.Name}={a.Value}").Order(StringComparer.Ordinal))}]");
        }

        var relations = await _temp.Engine.FindRelationsAsync(paging: new Paging { Limit = 1000 });
        lines.AddRange(relations.Results.Select(r => $"{r.Source.Name} -{r.Type.Id}-> {r.Target.Name}"));
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    /// <summary>A client that is only an Import API client, not an <see cref="ICatalogReader"/>.</summary>
    private sealed class ImportOnly(IImportApiClient inner) : IImportApiClient
    {
        public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => inner.StartImportAsync(content, options, cancellationToken);

        public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);

        public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) => inner.StartSynchronizationAsync(synchronizationId, content, options, finalization, cancellationToken);

        public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) => inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);

        public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetJobAsync(jobId, cancellationToken);

        public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetSummaryAsync(jobId, cancellationToken);

        public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.GetErrorsAsync(jobId, offset, limit, cancellationToken);

        public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.SynchronizationExistsAsync(synchronizationId, cancellationToken);

        public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => inner.FindSynchronizationsAsync(offset, limit, cancellationToken);

        public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.EvictSynchronizationCacheAsync(synchronizationId, cancellationToken);

        public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) => inner.RemoveSynchronizationAsync(synchronizationId, cancellationToken);

        public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) => inner.GetCapabilitiesAsync(cancellationToken);
    }
}
