using CatalogSync.Contract;
using CatalogSync.Plans;

namespace CatalogSync.EndToEnd.Tests;

/// <summary>
/// Generated plans run against a fresh embedded catalog (SQLite in a temporary file), cycle after cycle; the
/// catalog's content is then read back through <see cref="ICatalogReader"/>.
/// </summary>
public sealed class SyncEndToEndTests
{
    // The derived IDs: asset type, domain and the pinned plan name, never the policy (docs/diagnostics/README.md).
    private const string ColumnsId = "e2e-column-columns-1c05167e";
    private const string TablesId = "e2e-table-tables-516115a8";
    private const string SchemasId = "e2e-schema-schemas-f2cc2af0";

    private const string Tables = "Tables";
    private const string Columns = "Columns";
    private const string Schemas = "Schemas";

    [Fact]
    public void ThePlanDescribesItsIdsInDependencyOrder()
    {
        var plan = WarehousePlan.Description;

        Assert.Equal("e2e", plan.Name);
        Assert.Equal(5, plan.BatchSize);
        Assert.Equal([ColumnsId, TablesId, SchemasId], plan.Groups.Select(g => g.SyncId));
        Assert.Equal([MissingStrategy.RemoveResources, MissingStrategy.ChangeStatus, MissingStrategy.Ignore], plan.Groups.Select(g => g.Strategy));
        Assert.Equal(TempCatalog.MissingFromSource, plan.Groups[1].StatusId);
        Assert.Equal(["CatalogSync.EndToEnd.Tests.ColumnRow", "CatalogSync.EndToEnd.Tests.TableRow", "CatalogSync.EndToEnd.Tests.SchemaRow"], plan.Types.Select(t => t.TypeName));
        Assert.Contains(TablesId + ": finalize with CHANGE_STATUS (missing assets get status 00000000-0000-0000-0000-000000005066)", plan.Describe(), StringComparison.Ordinal);
        Assert.Equal("e2e-glossary-business-term-terms-458dc8d6", Assert.Single(GlossaryPlan.Description.Groups).SyncId);
    }

    [Fact]
    public async Task AFirstCycleWritesWhatTheDeclarationsSay()
    {
        await using var temp = await TempCatalog.CreateAsync();

        var report = await WarehousePlan.RunAsync(temp.Catalog, TablesData(3), ColumnsData(3, 3), SchemasData());

        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal(2, report[ColumnsId].Batches.Count); // 9 columns, 5 per batch: batches carry assets only
        Assert.All(report.Groups.SelectMany(g => g.Batches), b => Assert.True(b.Resources <= 5));
        Assert.All(report.Groups.SelectMany(g => g.Batches), b => Assert.Equal(b.Assets, b.Resources));
        // The community and the three domains were created before the first batch, by one plain import outside any ID.
        Assert.Equal(["E2E Warehouse", "Columns", "Tables", "Schemas"], report.CreatedContainers.Select(c => c.Domain ?? c.Community));
        Assert.Equal(SyncJobKind.Containers, Assert.Single(report.ContainerJobs).Kind);
        Assert.Equal(9, report[ColumnsId].AssetCounters.Added);
        Assert.Equal(3, report[TablesId].AssetCounters.Added);

        var t1 = await temp.GetAssetAsync("dbo.T1", Tables);
        Assert.Equal("Table 1", t1.DisplayName);
        Assert.Equal("Table", t1.Type.Name);
        var attributes = await temp.AttributesAsync(t1.Id);
        Assert.Equal(["About T1"], attributes["Description"]);
        Assert.Equal(["first note", "second note"], attributes["Note"]);
        Assert.Equal(["finance", "gold"], (await temp.Catalog.GetAssetTagsAsync(t1.Id)).Select(t => t.Name).Order(StringComparer.Ordinal));

        var relations = await temp.Catalog.FindRelationsAsync(targetId: t1.Id, relationTypeId: TempCatalog.RelationColumnIsPartOfTable);
        Assert.Equal(["dbo.T1.c1", "dbo.T1.c2", "dbo.T1.c3"], relations.Results.Select(r => r.Source.Name).Order(StringComparer.Ordinal));

        var s1 = await temp.GetAssetAsync("sales", Schemas);
        var contains = await temp.Catalog.FindRelationsAsync(sourceId: s1.Id, relationTypeId: TempCatalog.RelationSchemaContainsTable);
        Assert.Equal(["dbo.T1", "dbo.T2"], contains.Results.Select(r => r.Target.Name).Order(StringComparer.Ordinal));

        var column = await temp.GetAssetAsync("dbo.T2.c1", Columns);
        Assert.Equal(["varchar(20)"], (await temp.AttributesAsync(column.Id))["Technical Data Type"]);

        var accepted = await temp.GetAssetAsync("dbo.T2", Tables);
        Assert.Equal("Accepted", accepted.Status.Name);
        var domain = Assert.Single((await temp.Catalog.FindDomainsAsync(Tables, NameMatchMode.Exact)).Results);
        Assert.Equal("E2E Warehouse", domain.Community.Name);
        Assert.Equal("Physical Data Dictionary", domain.Type.Name);
    }

    [Fact]
    public async Task RemoveResourcesDeletesWhatDisappeared()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());

        var columns = ColumnsData(3, 3).Where(c => c.Name != "dbo.T3.c3").ToList();
        var tables = TablesData(3).Select(t => t.Name == "dbo.T3" ? With(t, columns: ["dbo.T3.c1", "dbo.T3.c2"]) : t);
        var report = await RunOkAsync(temp, tables, columns, SchemasData());

        Assert.Null(await temp.FindAssetAsync("dbo.T3.c3", Columns));
        Assert.NotNull(await temp.FindAssetAsync("dbo.T3.c2", Columns));
        Assert.Equal(1, report[ColumnsId].AssetCounters.Removed);
        Assert.Equal(8, report[ColumnsId].AssetCounters.Unchanged + report[ColumnsId].AssetCounters.Updated);
    }

    [Fact]
    public async Task ChangeStatusRetiresWhatDisappearedAndRestoresItWhenItComesBack()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());
        var t3 = await temp.GetAssetAsync("dbo.T3", Tables);
        var defaultStatus = await temp.DefaultStatusOfAsync("Table");
        Assert.Equal(defaultStatus, t3.Status.Id);

        var retiring = await RunOkAsync(temp, TablesData(2), ColumnsData(3, 3), SchemasData());

        Assert.Equal(TempCatalog.MissingFromSource, (await temp.GetAssetAsync("dbo.T3", Tables)).Status.Id);
        Assert.Equal(defaultStatus, (await temp.GetAssetAsync("dbo.T1", Tables)).Status.Id);
        Assert.Equal(1, retiring[TablesId].AssetCounters.Retired);
        Assert.Equal(TempCatalog.MissingFromSource, retiring[TablesId].StatusId);

        var restoring = await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());

        Assert.Equal(defaultStatus, (await temp.GetAssetAsync("dbo.T3", Tables)).Status.Id);
        Assert.Equal(1, restoring[TablesId].AssetCounters.Restored);
    }

    [Fact]
    public async Task IgnoreLeavesWhatDisappeared()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());
        var before = await temp.GetAssetAsync("staging", Schemas);

        var report = await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData().Where(s => s.Name != "staging"));

        var after = await temp.GetAssetAsync("staging", Schemas);
        Assert.Equal(before.Status.Id, after.Status.Id);
        Assert.Equal(0, report[SchemasId].AssetCounters.Removed + report[SchemasId].AssetCounters.Retired);
    }

    [Fact]
    public async Task AFailedBatchFinalizesNoIdNotEvenThoseBeforeIt()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());

        // dbo.T3 is missing (it would be retired) and dbo.T1 names a status the catalog does not know.
        var tables = TablesData(2).Select(t => t.Name == "dbo.T1" ? With(t, status: "No such status") : t);
        var report = await WarehousePlan.RunAsync(temp.Catalog, tables, ColumnsData(3, 3), SchemasData().Where(s => s.Name != "staging"));

        Assert.False(report.Succeeded);
        Assert.Equal(SyncGroupOutcome.NotFinalized, report[ColumnsId].Outcome);
        Assert.Null(report[ColumnsId].Finalization);
        var failed = report[TablesId];
        Assert.Equal(SyncGroupOutcome.BatchFailed, failed.Outcome);
        Assert.Null(failed.Finalization);
        Assert.Contains("not finalized", failed.Message, StringComparison.Ordinal);
        Assert.Equal(SyncGroupOutcome.NotStarted, report[SchemasId].Outcome);
        Assert.NotEqual(TempCatalog.MissingFromSource, (await temp.GetAssetAsync("dbo.T3", Tables)).Status.Id);
        var text = System.Text.RegularExpressions.Regex.Replace(report.Describe(), @"\d+\.\d s", "T s");
        // 2 + 1 batches (assets only), and the IGNORE closes of the two cycles the run opened
        Assert.StartsWith("Run of sync plan 'e2e': did not succeed, 5 job(s) in T s\n  Batch 1 of '" + TablesId + "' stopped the run (BatchFailed); no ID was finalized.\n- " + ColumnsId + ": NotFinalized, 2 batch(es), 9 asset(s) sent, T s; assets added 0, updated 0, unchanged 9, removed 0, retired 0, restored 0\n  Every batch of '" + ColumnsId + "' succeeded, but the run stopped elsewhere, so '" + ColumnsId + "' was not finalized. Its cycle was closed with an IGNORE finalization (job ", text, StringComparison.Ordinal);
        Assert.Contains("\n- " + TablesId + ": BatchFailed, 1 batch(es), 2 asset(s) sent, T s;", text, StringComparison.Ordinal);
        Assert.Equal([SyncCycleClose.Closed, SyncCycleClose.Closed, SyncCycleClose.None], report.Groups.Select(g => g.CycleClose));
        Assert.EndsWith("- " + SchemasId + ": NotStarted, 0 batch(es), 0 asset(s) sent, T s; assets added 0, updated 0, unchanged 0, removed 0, retired 0, restored 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptySourceIsNotFinalizedUnlessAsked()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());

        var report = await WarehousePlan.RunAsync(temp.Catalog, TablesData(3), Array.Empty<ColumnRow>(), SchemasData());

        Assert.Equal(SyncGroupOutcome.SkippedEmpty, report[ColumnsId].Outcome);
        Assert.NotNull(await temp.FindAssetAsync("dbo.T1.c1", Columns));
        Assert.Equal(SyncGroupOutcome.NotStarted, report[TablesId].Outcome);
    }

    [Fact]
    public async Task AStatusNameIsLookedUpInTheCatalog()
    {
        await using var temp = await TempCatalog.CreateAsync();
        Term[] terms = [new("Customer", "Someone who buys"), new("Order", "A request to buy"), new("Invoice", null)];
        Assert.True((await GlossaryPlan.RunAsync(temp.Catalog, terms)).Succeeded);
        var obsolete = Assert.Single((await temp.Catalog.FindStatusesAsync("Obsolete", NameMatchMode.Exact)).Results);

        var report = await GlossaryPlan.RunAsync(temp.Catalog, terms.Take(2));

        Assert.True(report.Succeeded, Describe(report));
        Assert.Equal(obsolete.Id, report.Groups[0].StatusId);
        Assert.Equal("Obsolete", (await temp.GetAssetAsync("Invoice", "Terms")).Status.Name);
        Assert.Equal(["Someone who buys"], (await temp.AttributesAsync((await temp.GetAssetAsync("Customer", "Terms")).Id))["Definition"]);
    }

    [Fact]
    public async Task APreviewCountsWithoutChangingAnything()
    {
        await using var temp = await TempCatalog.CreateAsync();
        await RunOkAsync(temp, TablesData(3), ColumnsData(3, 3), SchemasData());

        var preview = await WarehousePlan.PreviewAsync(temp.Catalog, TablesData(2), ColumnsData(3, 3), SchemasData());

        Assert.True(preview.Simulation);
        Assert.True(preview.Succeeded, Describe(preview));
        var tables = preview[TablesId];
        Assert.Equal(SyncGroupOutcome.Finalized, tables.Outcome); // 2 tables fit in one batch: previewed exactly
        Assert.Equal(1, tables.AssetCounters.Retired);
        var columns = preview[ColumnsId]; // 3 batches in a run: previewed exactly as well, as one simulated synchronization
        Assert.Equal(SyncGroupOutcome.Finalized, columns.Outcome);
        Assert.Equal(9, columns.AssetCounters.Unchanged);
        Assert.Equal(0, columns.AssetCounters.Removed);
        Assert.NotEqual(TempCatalog.MissingFromSource, (await temp.GetAssetAsync("dbo.T3", Tables)).Status.Id);
    }

    [Fact]
    public async Task AsynchronousSourcesAreStreamed()
    {
        await using var temp = await TempCatalog.CreateAsync();

        var report = await WarehousePlan.RunAsync(temp.Catalog, Async(TablesData(3)), Async(ColumnsData(3, 3)), Async(SchemasData()));

        Assert.True(report.Succeeded, Describe(report));
        Assert.NotNull(await temp.FindAssetAsync("dbo.T3.c3", Columns));
    }

    private static async Task<SyncRunReport> RunOkAsync(TempCatalog temp, IEnumerable<TableRow> tables, IEnumerable<ColumnRow> columns, IEnumerable<SchemaRow> schemas)
    {
        var report = await WarehousePlan.RunAsync(temp.Catalog, tables, columns, schemas);
        Assert.True(report.Succeeded, Describe(report));
        return report;
    }

    private static string Describe(SyncRunReport report) =>
        string.Join("\n", report.Groups.Select(g => $"{g.Group.SyncId}: {g.Outcome} {g.Message}"));

    private static List<TableRow> TablesData(int count) =>
        Enumerable.Range(1, count).Select(i => new TableRow
        {
            Name = $"dbo.T{i}",
            Label = $"Table {i}",
            Description = $"About T{i}",
            Notes = i == 1 ? ["first note", "second note"] : null,
            Columns = [$"dbo.T{i}.c1", $"dbo.T{i}.c2", $"dbo.T{i}.c3"],
            Tags = i == 1 ? ["gold", "finance"] : null,
            Status = i == 2 ? "Accepted" : null,
        }).ToList();

    private static List<ColumnRow> ColumnsData(int tables, int columns) =>
        Enumerable.Range(1, tables).SelectMany(t => Enumerable.Range(1, columns).Select(c => new ColumnRow
        {
            Name = $"dbo.T{t}.c{c}",
            DataType = c == 1 ? "varchar(20)" : "int",
        })).ToList();

    private static List<SchemaRow> SchemasData() =>
    [
        new("sales") { Tables = ["dbo.T1", "dbo.T2"] },
        new("staging"),
    ];

    private static TableRow With(TableRow row, IReadOnlyList<string>? columns = null, string? status = null) => new()
    {
        Name = row.Name,
        Label = row.Label,
        Description = row.Description,
        Notes = row.Notes,
        Columns = columns ?? row.Columns,
        Tags = row.Tags,
        Status = status ?? row.Status,
    };

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
