using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using CatalogSync.Plans.Preflight;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The run's phases against a real catalog, in-process and over HTTP: preflight before the first batch, every ID's
/// batches before any finalization, the deletion guard, closing the cycles of a stopped run with IGNORE, the source
/// checks and the run's lease token.
/// </summary>
public abstract class PhaseTests : IAsyncLifetime
{
    private const string ColumnsId = "rt-remove-resources";
    private const string TablesId = "rt-change-status-000000005066";
    private const string IgnoredId = "rt-ignore";

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

    private Task<SyncRunReport> RunAsync(IImportApiClient client, int tables, SyncRunOptions? options = null) =>
        WarehousePlan.RunAsync(client, tables: Data.Tables(tables), columns: Data.Columns(tables, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: options);

    private async Task RunOkAsync(int tables, SyncRunOptions? options = null)
    {
        var report = await RunAsync(Client, tables, options);
        Assert.True(report.Succeeded, report.Describe());
    }

    // ---------------------------------------------------------------- (a) preflight

    [Fact]
    public async Task The_preflight_lists_every_mismatch_at_once_and_sends_nothing()
    {
        var report = await TypoPlan.RunAsync(
            Client,
            [new TypoColumn("rt.typo.c1")],
            [new TypoTable("rt.typo.t1") { Definition = "x" }],
            [new TypoTableWithColumns("rt.typo.t2") { Columns = ["rt.typo.c1"] }]);

        Assert.False(report.Succeeded);
        var preflight = Assert.IsType<PreflightResult>(report.Preflight);
        Assert.False(preflight.Passed);
        var subjects = preflight.Problems.Select(p => (p.TypeName[(p.TypeName.LastIndexOf('.') + 1)..], p.Subject)).ToList();
        Assert.Contains(("TypoTable", PreflightSubject.AssetType), subjects);
        Assert.Contains(("TypoTable", PreflightSubject.AttributeType), subjects);
        Assert.Contains(("TypoTableWithColumns", PreflightSubject.RelationDirection), subjects);
        Assert.Empty(report.Jobs);
        Assert.Contains(SyncGroupOutcome.PreflightFailed, report.Groups.Select(g => g.Outcome));
        Assert.DoesNotContain(report.Groups, g => g.Outcome is SyncGroupOutcome.Finalized or SyncGroupOutcome.NotFinalized);
        Assert.Equal(0, await Temp.CountAssetsAsync("rt.typo."));
        Assert.Empty((await Temp.Engine.FindSynchronizationsAsync()).Results);
        var text = report.Describe();
        Assert.Contains("does not fit the catalog's metamodel", report.Message, StringComparison.Ordinal);
        Assert.Contains("'Tabel' is not an asset type of the catalog. Closest: 'Table'", text, StringComparison.Ordinal);
        Assert.Contains("'Definiton' is not an attribute type of the catalog. Closest: 'Definition'", text, StringComparison.Ordinal);
        Assert.Contains("RelationRole.Source, not RelationRole.Target", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_runs_the_preflight_too_and_SkipPreflight_skips_it()
    {
        var preview = await TypoPlan.PreviewAsync(Client, [new TypoColumn("rt.typo.c1")], [new TypoTable("rt.typo.t1")], [new TypoTableWithColumns("rt.typo.t2")]);
        var skipped = await TypoPlan.PreviewAsync(Client, [new TypoColumn("rt.typo.c1")], [new TypoTable("rt.typo.t1")], [new TypoTableWithColumns("rt.typo.t2")], new SyncRunOptions { SkipPreflight = true });

        Assert.False(preview.Preflight!.Passed);
        Assert.Empty(preview.Jobs);
        Assert.Null(skipped.Preflight);
        Assert.DoesNotContain(skipped.Groups, g => g.Outcome == SyncGroupOutcome.PreflightFailed);
    }

    // ---------------------------------------------------------------- (b) + item 2: all or nothing, closing the cycles

    [Fact]
    public async Task A_failure_of_the_third_id_finalizes_none_and_closes_the_first_two_with_IGNORE()
    {
        await RunOkAsync(tables: 3);
        var watched = new WatchedCatalog(Client) { FailBatchesOf = IgnoredId };

        var report = await RunAsync(watched, tables: 2);

        Assert.False(report.Succeeded);
        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.NotFinalized, SyncGroupOutcome.BatchFailed], report.Groups.Select(g => g.Outcome));
        Assert.Equal($"Batch 1 of '{IgnoredId}' stopped the run (BatchFailed); no ID was finalized.", report.Message);
        Assert.Equal(1, report[IgnoredId].FailedBatch);
        Assert.Contains($"Batch 1 of '{IgnoredId}' could not be sent", report[IgnoredId].Message, StringComparison.Ordinal);
        Assert.Equal([SyncCycleClose.Closed, SyncCycleClose.Closed, SyncCycleClose.None], report.Groups.Select(g => g.CycleClose));
        Assert.All(report.Groups.Take(2), g => Assert.Contains("closed with an IGNORE finalization", g.Message, StringComparison.Ordinal));
        var finalizations = watched.Calls.Where(c => c.Kind == "finalize").ToList();
        Assert.Equal([(ColumnsId, FinalizationStrategy.Ignore, false), (TablesId, FinalizationStrategy.Ignore, false)], finalizations.Select(c => (c.SyncId, c.Strategy!.Value, c.Simulation)));
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // the missing columns are still there
        Assert.NotEqual(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.3", "Tables")).Status.Id);
        Assert.Contains("NotFinalized", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_failed_run_a_good_run_removes_exactly_what_its_own_source_lacks()
    {
        await RunOkAsync(tables: 3);

        // The stopped run saw table 4 and its columns; without the IGNORE close, they would stay "seen" in the open
        // cycle and the good run's finalization would treat them as present.
        var stopped = await RunAsync(new WatchedCatalog(Client) { FailBatchesOf = IgnoredId }, tables: 4);
        Assert.False(stopped.Succeeded);
        Assert.Equal(8, await Temp.CountAssetsAsync("rt.col."));

        var good = await RunAsync(Client, tables: 2);

        Assert.True(good.Succeeded, good.Describe());
        Assert.Equal(4, good[ColumnsId].AssetCounters.Removed); // columns of tables 3 and 4
        Assert.Equal(2, good[TablesId].AssetCounters.Retired); // tables 3 and 4
        Assert.Equal(4, await Temp.CountAssetsAsync("rt.col."));
        Assert.Null(await Temp.FindAssetAsync("rt.col.4.1", "Columns"));
        Assert.Equal(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.4", "Tables")).Status.Id);
    }

    // ---------------------------------------------------------------- item 6: the lease token

    [Fact]
    public async Task Every_request_of_a_run_carries_the_runs_one_lease_token()
    {
        await RunOkAsync(tables: 3);
        var first = new WatchedCatalog(Client);
        var second = new WatchedCatalog(Client) { FailBatchesOf = IgnoredId };

        Assert.True((await RunAsync(first, tables: 2)).Succeeded);
        Assert.False((await RunAsync(second, tables: 2)).Succeeded);

        // batches, the guard's simulated finalizations and the real ones; batches and the closes of a stopped run
        Assert.Contains(first.Calls, c => c.Kind == "finalize" && c.Simulation);
        Assert.Contains(first.Calls, c => c.Kind == "finalize" && !c.Simulation);
        Assert.Contains(second.Calls, c => c.Kind == "finalize" && c.Strategy == FinalizationStrategy.Ignore);
        foreach (var calls in new[] { first.Calls, second.Calls })
        {
            var owner = Assert.Single(calls.Select(c => c.CycleOwner).Distinct());
            Assert.Matches("^[0-9a-f]{32}$", owner);
        }

        Assert.NotEqual(first.Calls.First().CycleOwner, second.Calls.First().CycleOwner);
    }

    [Fact]
    public async Task A_batch_refused_because_another_run_holds_the_cycle_ends_the_run_with_a_clear_report()
    {
        await RunOkAsync(tables: 3);
        var watched = new WatchedCatalog(Client) { LeasedId = TablesId };

        var report = await RunAsync(watched, tables: 2);

        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.CycleLeased, SyncGroupOutcome.NotStarted], report.Groups.Select(g => g.Outcome));
        var leased = report[TablesId];
        Assert.Contains("another run holds the cycle", leased.Message, StringComparison.Ordinal);
        Assert.Contains("leased by owner 'other-run' until 2026-12-02T01:00:00Z", leased.Message, StringComparison.Ordinal);
        Assert.Equal(SyncCycleClose.None, leased.CycleClose);
        Assert.Equal(SyncCycleClose.Closed, report[ColumnsId].CycleClose);
        Assert.DoesNotContain(watched.Calls, c => c.Kind == "finalize" && c.SyncId == TablesId); // not ours to close
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
    }

    // ---------------------------------------------------------------- (c) the deletion guard

    [Fact]
    public async Task The_guard_blocks_a_run_that_would_remove_too_much_and_loses_nothing()
    {
        await RunOkAsync(tables: 12);
        var log = new ListLogger();

        var blocked = await RunAsync(Client, tables: 2, new SyncRunOptions { Logger = log });

        Assert.False(blocked.Succeeded);
        Assert.True(blocked.BlockedByGuard);
        Assert.All(blocked.Groups, g => Assert.Equal(SyncGroupOutcome.BlockedByGuard, g.Outcome));
        Assert.All(blocked.Groups, g => Assert.Equal(SyncCycleClose.Closed, g.CycleClose));
        Assert.Equal(
            [(ColumnsId, 20L, 24L, 4L, false, true), (TablesId, 10L, 12L, 2L, false, true)],
            blocked.DeletionGuard.Select(c => (c.SyncId, c.Missing, c.Owned, c.Sent, c.AtMost, c.Blocked is not null)));
        Assert.Contains("more than the limit of 25 %", blocked.DeletionGuard[0].Blocked, StringComparison.Ordinal);
        Assert.Equal("The deletion guard blocked the run; no ID was finalized.", blocked.Message);
        var text = blocked.Describe();
        Assert.Contains("rt-remove-resources CatalogSync.Runtime.Tests.Column: 20 of 24 missing (83.3 %; limits 25 %, 10000) — blocked", text, StringComparison.Ordinal);
        Assert.Contains("DeletionGuardOptions.Default with { Override = true }", text, StringComparison.Ordinal);
        Assert.Contains("[MissingPolicy(..., MaxMissingPercent = …", text, StringComparison.Ordinal);
        Assert.Equal(2, log.Lines.Count(l => l.Id.Id == 11 && l.Level == LogLevel.Error));
        Assert.Equal(24, await Temp.CountAssetsAsync("rt.col."));
        Assert.NotEqual(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.12", "Tables")).Status.Id);

        // The next complete run finds the same missing assets, and an override lets them go, with a warning.
        var overridden = await RunAsync(Client, tables: 2, new SyncRunOptions { Logger = log, DeletionGuard = DeletionGuardOptions.Default with { Override = true } });

        Assert.True(overridden.Succeeded, overridden.Describe());
        Assert.Equal(20, overridden[ColumnsId].AssetCounters.Removed);
        Assert.Equal(10, overridden[TablesId].AssetCounters.Retired);
        Assert.Equal(2, log.Lines.Count(l => l.Id.Id == 12 && l.Level == LogLevel.Warning));
        Assert.Contains("Deletion guard (overridden):\n  - rt-remove-resources CatalogSync.Runtime.Tests.Column: 20 of 24 missing", overridden.Describe(), StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Id.Id == 12 && l.Message.Contains("rt-remove-resources", StringComparison.Ordinal));
        Assert.Equal(4, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_source_that_throws_finalizes_nothing_and_closes_the_cycles_already_opened()
    {
        await RunOkAsync(tables: 3);
        static IEnumerable<Table> Failing(IEnumerable<Table> tables)
        {
            var n = 0;
            foreach (var table in tables)
            {
                if (++n == 3)
                {
                    throw new IOException("the warehouse connection dropped");
                }

                yield return table;
            }
        }

        var report = await WarehousePlan.RunAsync(Client, tables: Failing(Data.Tables(3)), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));

        Assert.False(report.Succeeded);
        Assert.Contains("Reading item 3 of CatalogSync.Runtime.Tests.Table failed: IOException: the warehouse connection dropped", report.Describe(), StringComparison.Ordinal);
        Assert.Equal(SyncCycleClose.Closed, report[ColumnsId].CycleClose); // its batches were sent before the tables failed
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // nothing was removed
    }

    [Fact]
    public async Task An_unknown_status_name_is_a_report_with_or_without_the_preflight()
    {
        var terms = new[] { new RetiredTerm("t1") };
        var checkedRun = await RetiredPlan.RunAsync(Client, terms);
        Assert.False(checkedRun.Succeeded);
        Assert.Contains("status 'Retired' is not a status of the catalog", checkedRun.Describe(), StringComparison.Ordinal);

        var skipped = await RetiredPlan.RunAsync(Client, terms, new SyncRunOptions { SkipPreflight = true });
        Assert.False(skipped.Succeeded);
        Assert.Contains("The catalog has no status named 'Retired'", skipped.Message, StringComparison.Ordinal);
        Assert.All(skipped.Groups, g => Assert.Equal(SyncGroupOutcome.NotStarted, g.Outcome));
        Assert.Equal(0, await Temp.CountAssetsAsync("t1"));
    }

    [Fact]
    public async Task A_guard_that_cannot_count_blocks_unless_overridden()
    {
        await RunOkAsync(tables: 3);
        // Neither a reader (the wrapper is only an IImportApiClient) nor a catalog known to simulate synchronizations.
        var blind = new WatchedCatalog(Client) { HideCapabilities = true };

        var blocked = await RunAsync(blind, tables: 3);

        Assert.False(blocked.Succeeded);
        Assert.Contains("can neither simulate a finalization nor read the catalog's assets", blocked.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(blind.Calls, c => c.Kind == "finalize" && !c.Simulation && c.Strategy != FinalizationStrategy.Ignore);

        var overridden = await RunAsync(blind, tables: 3, new SyncRunOptions { DeletionGuard = DeletionGuardOptions.Default with { Override = true } });
        Assert.True(overridden.Succeeded, overridden.Describe());
    }

    [Fact]
    public async Task Assets_of_an_asset_type_the_plan_no_longer_lists_are_counted_and_blocked_as_an_empty_source()
    {
        var terms = new[] { new SharedTerm("t1"), new SharedTerm("t2") };
        var first = await SharedBothPlan.RunAsync(Client, terms, new[] { new SharedAcronym("a1"), new SharedAcronym("a2"), new SharedAcronym("a3") });
        Assert.True(first.Succeeded, first.Describe());

        // The acronyms' type left the plan; the ID still owns them, and its finalization would remove all three.
        var both = SharedBothPlan.Description;
        var termsOnly = new SyncPlanDescription("rt-shared-terms", both.BatchSize, [new SyncGroupDescription("rt-shared", MissingStrategy.RemoveResources, null, null, [both.Types.Single(t => t.AssetType == "Business Term")])]);
        var blocked = await SyncPlanExecutor.RunAsync(Client, termsOnly, [SyncSource.Create(terms, SharedTermAssetMapper.Instance)]);

        Assert.False(blocked.Succeeded);
        var orphan = Assert.Single(blocked.DeletionGuard, c => c.Blocked is not null);
        Assert.Equal(("rt-shared", 3L, 0L), (orphan.SyncId, orphan.Missing, orphan.Sent));
        Assert.Contains("asset type 'Acronym' (owned by 'rt-shared', not in the plan)", orphan.TypeName, StringComparison.Ordinal);
        Assert.Equal(3, await Temp.CountAssetsAsync("a"));
    }

    [Fact]
    public async Task The_guard_lets_ordinary_churn_through_and_reports_its_exact_counts()
    {
        await RunOkAsync(tables: 12);

        var report = await RunAsync(Client, tables: 10);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(
            [(ColumnsId, 4L, 24L, 20L, false), (TablesId, 2L, 12L, 10L, false)],
            report.DeletionGuard.Select(c => (c.SyncId, c.Missing, c.Owned, c.Sent, c.AtMost)));
        Assert.All(report.DeletionGuard, c => Assert.Null(c.Blocked));
        Assert.DoesNotContain(report.DeletionGuard, c => c.SyncId == IgnoredId); // IGNORE is not counted
        Assert.Equal(4, report[ColumnsId].AssetCounters.Removed);
        Assert.DoesNotContain("Deletion guard", report.Describe(), StringComparison.Ordinal); // nothing crossed a limit
    }

    [Fact]
    public async Task A_types_own_limit_from_MissingPolicy_applies()
    {
        var report = await GuardedPlan.RunAsync(Client, [new GuardedTerm("rt.g.1"), new GuardedTerm("rt.g.2"), new GuardedTerm("rt.g.3")]);
        Assert.True(report.Succeeded, report.Describe());

        var two = await GuardedPlan.RunAsync(Client, [new GuardedTerm("rt.g.1")]);
        var one = await GuardedPlan.RunAsync(Client, [new GuardedTerm("rt.g.1"), new GuardedTerm("rt.g.2")]);

        Assert.Equal(SyncGroupOutcome.BlockedByGuard, Assert.Single(two.Groups).Outcome); // 2 missing: more than the type's limit of 1
        var count = Assert.Single(two.DeletionGuard);
        Assert.Equal((2L, 1L, 3L, 1), (count.Missing, count.Sent, count.Owned, count.MaxMissingCount));
        Assert.Contains("more than the limit of 1", count.Blocked, StringComparison.Ordinal);
        Assert.True(one.Succeeded, one.Describe()); // 1 missing: within it
        Assert.Equal(1, one.AssetCounters.Removed);
        Assert.Null(await Temp.FindAssetAsync("rt.g.3", "Guarded terms"));
        Assert.NotNull(await Temp.FindAssetAsync("rt.g.2", "Guarded terms"));
    }

    [Fact]
    public async Task An_empty_source_is_skipped_or_with_FinalizeEmptyGroups_blocked_by_the_guard()
    {
        await RunOkAsync(tables: 3);

        var skipped = await WarehousePlan.RunAsync(Client, tables: Data.Tables(3), columns: [], schemas: Data.Schemas(1), databases: Data.Databases(1));
        var blocked = await WarehousePlan.RunAsync(Client, tables: Data.Tables(3), columns: [], schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { FinalizeEmptyGroups = true });

        Assert.Equal(SyncGroupOutcome.SkippedEmpty, skipped[ColumnsId].Outcome);
        Assert.Empty(skipped.DeletionGuard);
        Assert.All(blocked.Groups, g => Assert.Equal(SyncGroupOutcome.BlockedByGuard, g.Outcome));
        var columns = blocked.DeletionGuard.Single(c => c.SyncId == ColumnsId);
        Assert.Equal((6L, 0L), (columns.Missing, columns.Sent));
        Assert.Contains("an empty source reads as everything missing", columns.Blocked, StringComparison.Ordinal);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
    }

    // ---------------------------------------------------------------- item 5: source checks

    [Fact]
    public async Task Two_items_on_one_asset_stop_the_run_before_any_finalization()
    {
        await RunOkAsync(tables: 3);
        var tables = Data.Tables(3);
        tables.Add(tables[0] with { Description = "again" });

        var report = await WarehousePlan.RunAsync(Client, tables: tables, columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));

        Assert.False(report.Succeeded);
        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.SourceInvalid, SyncGroupOutcome.NotStarted], report.Groups.Select(g => g.Outcome));
        Assert.Equal(1, report.SourceProblemCount);
        Assert.Equal("Items 1 of CatalogSync.Runtime.Tests.Table and 4 of CatalogSync.Runtime.Tests.Table are both 'rt.table.1' in domain 'Tables' of community 'RT Warehouse': one asset cannot be synchronized from two items (the later would silently win).", Assert.Single(report.SourceProblems));
        Assert.Equal(SyncCycleClose.Closed, report[ColumnsId].CycleClose);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // the columns of table 3 were not removed
        Assert.Contains("1 problem(s) in the sources", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowDuplicateItems_lets_duplicates_through_with_a_warning()
    {
        var log = new ListLogger();
        var tables = Data.Tables(2);
        tables.Add(tables[1]);

        var report = await WarehousePlan.RunAsync(Client, tables: tables, columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { AllowDuplicateItems = true, Logger = log });

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(0, report.SourceProblemCount);
        var warning = Assert.Single(log.Lines, l => l.Id.Id == 8);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Items 2 of CatalogSync.Runtime.Tests.Table and 3 of CatalogSync.Runtime.Tests.Table", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_without_a_name_are_errors_naming_type_and_position_even_with_AllowDuplicateItems()
    {
        var columns = Data.Columns(2, 2);
        columns[1] = columns[1] with { Name = "  " };
        columns[3] = columns[3] with { Name = "" };
        var duplicates = Enumerable.Range(0, 120).Select(_ => new Schema("rt.schema.same")).ToList();

        var report = await WarehousePlan.RunAsync(Client, tables: Data.Tables(2), columns: columns, schemas: duplicates, databases: Data.Databases(1));
        var allowed = await WarehousePlan.RunAsync(Client, tables: Data.Tables(2), columns: columns, schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { AllowDuplicateItems = true });

        Assert.Equal([SyncGroupOutcome.SourceInvalid, SyncGroupOutcome.NotStarted, SyncGroupOutcome.SourceInvalid], report.Groups.Select(g => g.Outcome));
        Assert.Equal(2 + 119, report.SourceProblemCount); // every source was checked
        Assert.Equal(100, report.SourceProblems.Count);
        Assert.Equal("Item 2 of CatalogSync.Runtime.Tests.Column has an empty name: every asset needs a name.", report.SourceProblems[0]);
        Assert.Equal("Item 4 of CatalogSync.Runtime.Tests.Column has an empty name: every asset needs a name.", report.SourceProblems[1]);
        Assert.Contains("121 problem(s) in the sources, the first 100", report.Describe(), StringComparison.Ordinal);
        Assert.Empty(report.Jobs); // the problem came before the first batch was full: nothing was sent
        Assert.Equal(SyncGroupOutcome.SourceInvalid, allowed[ColumnsId].Outcome);
        Assert.Equal(0, await Temp.CountAssetsAsync("rt."));
    }
}

public sealed class InProcessPhaseTests : PhaseTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);
}

public sealed class HttpPhaseTests : PhaseTests
{
    private HttpClient? _http;

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        var resilience = new ImportApiResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryAttempts = 3 };
        _http = new HttpClient(ImportApiResilience.CreateHandler(resilience, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();
}
