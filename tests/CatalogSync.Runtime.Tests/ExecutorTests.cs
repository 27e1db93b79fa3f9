using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using D = CatalogSync.Plans.CatalogSyncDiagnostics;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The executor with a generated plan (<see cref="WarehousePlan"/>: batches of 4 resources, three synchronization IDs,
/// every missing policy) against a real catalog: the same tests run in-process and over HTTP.
/// </summary>
public abstract class ExecutorTests : IAsyncLifetime
{
    protected const string ColumnsId = "rt-remove-resources";
    protected const string TablesId = "rt-change-status-000000005066";
    protected const string IgnoredId = "rt-ignore";

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

    protected Task<SyncRunReport> RunAsync(int tables, int schemas = 2, int databases = 2, SyncRunOptions? options = null, CancellationToken cancellationToken = default) =>
        WarehousePlan.RunAsync(Client, tables: Data.Tables(tables), columns: Data.Columns(tables, 2), schemas: Data.Schemas(schemas), databases: Data.Databases(databases), options: options, cancellationToken: cancellationToken);

    protected async Task<SyncRunReport> RunOkAsync(int tables, int schemas = 2, int databases = 2)
    {
        var report = await RunAsync(tables, schemas, databases);
        Assert.True(report.Succeeded, report.Describe());
        return report;
    }

    [Fact]
    public void The_plan_has_one_id_per_missing_policy_in_dependency_order()
    {
        Assert.Equal([ColumnsId, TablesId, IgnoredId], WarehousePlan.Description.Groups.Select(g => g.SyncId));
        Assert.Equal(["Schema", "Database"], WarehousePlan.Description.Groups[2].Types.Select(t => t.AssetType));
    }

    [Fact]
    public async Task A_first_cycle_adds_everything_in_batches_of_at_most_the_plan_size()
    {
        var report = await RunOkAsync(tables: 3);

        Assert.Equal([2, 1, 1], report.Groups.Select(g => g.Batches.Count)); // 6 columns, 3 tables, 2 + 2 in two domains: assets only
        Assert.All(report.Jobs.Where(j => j.Kind == SyncJobKind.Batch), b => Assert.InRange(b.Resources, 2, 4));
        Assert.All(report.Jobs.Where(j => j.Kind == SyncJobKind.Batch), b => Assert.Equal(b.Assets, b.Resources));
        Assert.All(report.Groups, g => Assert.Equal(SyncJobKind.Finalization, g.Finalization?.Kind));
        Assert.Equal(6, report[ColumnsId].AssetCounters.Added);
        Assert.Equal(3, report[TablesId].AssetCounters.Added);
        var ignored = report[IgnoredId];
        Assert.Equal([("Schema", 2, 2), ("Database", 2, 2)], ignored.Types.Select(t => (t.Type.AssetType, t.AssetsSent, t.Counters.Added)));
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
        Assert.True(report.Elapsed >= report.Groups.Max(g => g.Elapsed));
    }

    [Fact]
    public async Task Each_strategy_treats_what_disappeared_as_its_policy_says()
    {
        await RunOkAsync(tables: 3);

        var report = await RunOkAsync(tables: 2, schemas: 1, databases: 1);

        var columns = report[ColumnsId]; // REMOVE_RESOURCES
        Assert.Equal((2, 4), (columns.AssetCounters.Removed, columns.AssetCounters.Unchanged));
        Assert.Null(await Temp.FindAssetAsync("rt.col.3.1", "Columns"));
        var tables = report[TablesId]; // CHANGE_STATUS
        Assert.Equal((1, 2), (tables.AssetCounters.Retired, tables.AssetCounters.Unchanged));
        Assert.Equal(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.3", "Tables")).Status.Id);
        Assert.Equal(TempCatalog.MissingFromSource, tables.StatusId);
        var ignored = report[IgnoredId]; // IGNORE
        Assert.Equal([("Schema", 1, 0), ("Database", 1, 0)], ignored.Types.Select(t => (t.Type.AssetType, t.Counters.Unchanged, t.Counters.Removed + t.Counters.Retired)));
        Assert.NotNull(await Temp.FindAssetAsync("rt.schema.2", "Schemas"));
        Assert.NotNull(await Temp.FindAssetAsync("rt.db.2", "Databases"));
    }

    [Fact]
    public async Task A_retired_asset_that_comes_back_is_restored()
    {
        await RunOkAsync(tables: 3);
        await RunOkAsync(tables: 2);
        var defaultStatus = (await Temp.Engine.FindAssetTypesAsync("Table", NameMatchMode.Exact)).Results.Single().DefaultStatus!.Id;

        var report = await RunOkAsync(tables: 3);

        Assert.Equal(1, report[TablesId].AssetCounters.Restored);
        Assert.Equal(1, report[TablesId].Types.Single().Counters.Restored);
        Assert.Equal(defaultStatus, (await Temp.GetAssetAsync("rt.table.3", "Tables")).Status.Id);
    }

    [Fact]
    public async Task A_failed_batch_finalizes_no_id_not_even_those_before_it()
    {
        await RunOkAsync(tables: 3);
        var tables = Data.Tables(2);
        tables[0] = tables[0] with { Columns = ["rt.col.does-not-exist"] }; // a relation to an unknown asset fails the batch

        var report = await WarehousePlan.RunAsync(Client, tables: tables, columns: Data.Columns(3, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));

        Assert.False(report.Succeeded);
        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.BatchFailed, SyncGroupOutcome.NotStarted], report.Groups.Select(g => g.Outcome));
        Assert.Null(report[ColumnsId].Finalization);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // all or nothing: the columns of table 3 were not removed
        Assert.Equal($"Batch {report[TablesId].Batches.Count} of '{TablesId}' stopped the run (BatchFailed); no ID was finalized.", report.Message);
        var failed = report[TablesId];
        Assert.Null(failed.Finalization);
        Assert.Equal(JobState.Error, failed.Batches[^1].Job.State);
        Assert.Contains("not finalized", failed.Message, StringComparison.Ordinal);
        Assert.NotEqual(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.3", "Tables")).Status.Id); // not retired
        Assert.NotNull(await Temp.FindAssetAsync("rt.schema.2", "Schemas"));
        Assert.Contains("BatchFailed", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_after_a_batch_stops_there_and_finalizes_nothing()
    {
        await RunOkAsync(tables: 3);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressRecorder(p =>
        {
            if (p.Phase == SyncPhase.BatchCompleted && p.SyncId == ColumnsId)
            {
                cancel.Cancel();
            }
        });

        var report = await RunAsync(tables: 1, options: new SyncRunOptions { Progress = progress }, cancellationToken: cancel.Token);

        Assert.True(report.Cancelled);
        Assert.False(report.Succeeded);
        Assert.Equal([SyncGroupOutcome.Cancelled, SyncGroupOutcome.NotStarted, SyncGroupOutcome.NotStarted], report.Groups.Select(g => g.Outcome));
        Assert.Single(report[ColumnsId].Batches);
        Assert.Null(report[ColumnsId].Finalization);
        Assert.DoesNotContain(progress.Reports, p => p.Phase == SyncPhase.FinalizationStarted);
        Assert.Equal(SyncCycleClose.Closed, report[ColumnsId].CycleClose); // the close is not cancellable
        Assert.Equal(SyncJobKind.CycleClose, report[ColumnsId].Close?.Kind);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // the columns of tables 2 and 3 were not removed
        Assert.StartsWith("Run of sync plan 'rt': cancelled", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_while_reading_a_source_stops_there()
    {
        await RunOkAsync(tables: 3);
        using var cancel = new CancellationTokenSource();

        var report = await WarehousePlan.RunAsync(Client, tables: Data.Async(Data.Tables(3)), columns: CancellingColumns(cancel), schemas: Data.Async(Data.Schemas(1)), databases: Data.Async(Data.Databases(1)), cancellationToken: cancel.Token);

        Assert.True(report.Cancelled);
        Assert.Equal(SyncGroupOutcome.Cancelled, report[ColumnsId].Outcome);
        Assert.Contains("while reading the sources", report[ColumnsId].Message, StringComparison.Ordinal);
        Assert.Null(report[ColumnsId].Finalization);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));

        static async IAsyncEnumerable<Column> CancellingColumns(CancellationTokenSource cancel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var column in Data.Columns(3, 2))
            {
                await Task.Yield();
                if (column.Name == "rt.col.3.1")
                {
                    await cancel.CancelAsync();
                }

                cancellationToken.ThrowIfCancellationRequested();
                yield return column;
            }
        }
    }

    [Fact]
    public async Task A_run_cancelled_after_the_last_batch_of_an_id_does_not_finalize_it()
    {
        await RunOkAsync(tables: 3);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressRecorder(p =>
        {
            if (p.Phase == SyncPhase.BatchCompleted && p.SyncId == ColumnsId && p.BatchesSent == 1)
            {
                cancel.Cancel();
            }
        });

        // Asynchronous sources that ignore the token: the run itself must notice before it finalizes.
        var report = await WarehousePlan.RunAsync(Client, tables: Data.Async(Data.Tables(2)), columns: Data.Async(Data.Columns(2, 2)), schemas: Data.Async(Data.Schemas(1)), databases: Data.Async(Data.Databases(1)), options: new SyncRunOptions { Progress = progress }, cancellationToken: cancel.Token);

        Assert.True(report.Cancelled);
        var columns = report[ColumnsId];
        Assert.Equal(SyncGroupOutcome.Cancelled, columns.Outcome);
        Assert.Single(columns.Batches); // its 4 columns fill one batch of assets
        Assert.True(columns.Batches.All(b => b.Succeeded));
        Assert.Null(columns.Finalization);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_batch_that_does_not_finish_within_MaxJobWait_stops_the_run_before_finalizing()
    {
        await RunOkAsync(tables: 3);
        var slow = new SlowJobs(Client) { StuckBatch = 1 }; // the columns' one batch

        // Long enough for every real job on a loaded machine (each commit is fsynced), short enough for a test.
        var report = await WarehousePlan.RunAsync(slow, tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { MaxJobWait = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(20) });

        var columns = report[ColumnsId];
        Assert.Equal(SyncGroupOutcome.BatchFailed, columns.Outcome);
        Assert.Contains("did not finish within", columns.Message, StringComparison.Ordinal);
        Assert.False(columns.Batches[^1].Finished);
        Assert.Null(columns.Finalization);
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_finalization_that_does_not_finish_within_MaxJobWait_is_reported_unconfirmed()
    {
        var slow = new SlowJobs(Client) { StuckFinalization = true };

        // Long enough for every real job on a loaded machine (each commit is fsynced), short enough for a test.
        var report = await WarehousePlan.RunAsync(slow, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { MaxJobWait = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromMilliseconds(20) });

        Assert.Equal([SyncGroupOutcome.FinalizationUnconfirmed, SyncGroupOutcome.NotFinalized, SyncGroupOutcome.NotFinalized], report.Groups.Select(g => g.Outcome));
        Assert.NotNull(report[ColumnsId].Finalization);
        Assert.Contains("may still complete", report[ColumnsId].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_sends_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var report = await RunAsync(tables: 1, cancellationToken: cancel.Token);

        Assert.True(report.Cancelled);
        Assert.All(report.Groups, g => Assert.Equal(SyncGroupOutcome.NotStarted, g.Outcome));
        Assert.Empty(report.Jobs);
        Assert.Equal(0, await Temp.CountAssetsAsync("rt."));
    }

    [Fact]
    public async Task Progress_log_metrics_and_spans_follow_every_batch_and_finalization()
    {
        using var telemetry = new TelemetryRecorder();
        var progress = new ProgressRecorder();
        var logger = new ListLogger();

        var report = await RunAsync(tables: 3, options: new SyncRunOptions { Progress = progress, Logger = logger });

        Assert.True(report.Succeeded, report.Describe());
        var batches = report.Jobs.Where(j => j.Kind == SyncJobKind.Batch).ToList();
        Assert.Equal(4, batches.Count); // assets only: 4 + 2 columns, 3 tables, 2 schemas + 2 databases
        // Progress: per group, each batch started then completed, then the finalization, then the group.
        var columns = progress.Reports.Where(p => p.SyncId == ColumnsId).Select(p => (p.Phase, p.BatchesSent)).ToList();
        Assert.Equal(
            [(SyncPhase.BatchStarted, 1), (SyncPhase.BatchCompleted, 1), (SyncPhase.BatchStarted, 2), (SyncPhase.BatchCompleted, 2),
             (SyncPhase.FinalizationStarted, 2), (SyncPhase.FinalizationCompleted, 2), (SyncPhase.GroupCompleted, 2)],
            columns);
        Assert.Equal(4, progress.Reports.Last().TotalBatchesSent);
        Assert.Equal(SyncGroupOutcome.Finalized, progress.Reports.Last().Outcome);
        Assert.All(progress.Reports.Where(p => p.Phase is SyncPhase.BatchStarted or SyncPhase.FinalizationStarted), p => Assert.NotNull(p.Job));
        // Log: one line per batch, one per finalization, one for the run.
        Assert.Equal(4, logger.Lines.Count(l => l.Id.Id == 1));
        Assert.Equal(3, logger.Lines.Count(l => l.Id.Id == 3));
        Assert.Contains(logger.Lines, l => l.Id.Id == 7 && l.Message.StartsWith("Run of sync plan 'rt' succeeded: 7 job(s)", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Message.StartsWith($"Batch 1 of '{ColumnsId}': 4 resources, 4 of them assets, job ", StringComparison.Ordinal));
        // The fresh catalog's community and four domains: one plain import, one log line, counted by kind.
        var created = Assert.Single(logger.Lines, l => l.Id.Id == 30);
        Assert.Contains("Created 5 missing container(s) with a plain import outside any synchronization ID", created.Message, StringComparison.Ordinal);
        Assert.Equal(1, telemetry.Sum(D.ContainersCreatedInstrument, D.ContainerKindTag, "community"));
        Assert.Equal(4, telemetry.Sum(D.ContainersCreatedInstrument, D.ContainerKindTag, "domain"));
        Assert.Equal(1, telemetry.Count(D.JobDurationInstrument, D.JobKindTag, "containers"));
        // Metrics.
        Assert.Equal(4, telemetry.Sum(D.BatchesSentInstrument));
        Assert.Equal(13, telemetry.Sum(D.AssetsSentInstrument));
        Assert.Equal(6, telemetry.Sum(D.AssetsSentInstrument, D.SyncIdTag, ColumnsId));
        Assert.Equal(0, telemetry.Sum(D.BatchFailuresInstrument));
        Assert.Equal(3, telemetry.Sum(D.FinalizationsInstrument, D.ResultTag, "success"));
        Assert.Equal(4 + 3 + 1, telemetry.Count(D.JobDurationInstrument)); // batches, finalizations, the container import
        // Spans: one per batch and per finalization, under the run's.
        var spans = telemetry.Spans.ToList();
        var batchSpans = spans.Where(s => s.OperationName == D.BatchActivity).ToList();
        Assert.Equal(batches.Select(b => b.Job.Id.ToString()), batchSpans.Select(s => s.GetTagItem(D.JobIdTag)?.ToString()));
        Assert.All(batchSpans, s => Assert.Equal("success", s.GetTagItem(D.ResultTag)));
        Assert.Equal([1, 2], batchSpans.Where(s => (string?)s.GetTagItem(D.SyncIdTag) == ColumnsId).Select(s => (int)s.GetTagItem(D.BatchNumberTag)!));
        Assert.Single(spans, s => s.OperationName == D.ContainersActivity);
        Assert.Equal(batches.Select(b => b.Resources), batchSpans.Select(s => (int)s.GetTagItem(D.ResourcesTag)!));
        Assert.Equal([ColumnsId, TablesId, IgnoredId], spans.Where(s => s.OperationName == D.FinalizeActivity).Select(s => (string?)s.GetTagItem(D.SyncIdTag)));
        var run = Assert.Single(spans, s => s.OperationName == D.RunActivity);
        Assert.All(batchSpans, s => Assert.Equal(run.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task A_preview_counts_exactly_what_the_run_then_does_and_changes_nothing()
    {
        await RunOkAsync(tables: 5);
        var temporary = Directory.CreateDirectory(Path.Combine(Temp.Directory, "preview")).FullName;

        var preview = await WarehousePlan.PreviewAsync(Client, tables: Data.Tables(3), columns: Data.Columns(3, 2), schemas: Data.Schemas(1), databases: Data.Databases(3), options: new SyncRunOptions { TemporaryDirectory = temporary });

        Assert.True(preview.Simulation);
        Assert.True(preview.Succeeded, preview.Describe());
        Assert.All(preview.Groups, g => Assert.Equal(SyncJobKind.Synchronization, Assert.Single(g.Batches).Kind));
        Assert.Empty(Directory.GetFiles(temporary));
        Assert.Equal(10, await Temp.CountAssetsAsync("rt.col."));
        Assert.NotEqual(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.5", "Tables")).Status.Id);

        var run = await WarehousePlan.RunAsync(Client, tables: Data.Tables(3), columns: Data.Columns(3, 2), schemas: Data.Schemas(1), databases: Data.Databases(3));

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal(2, run[ColumnsId].Batches.Count); // what the preview sent in one job, the run sends in two
        Assert.Equal(run.Groups.Select(g => g.AssetCounters), preview.Groups.Select(g => g.AssetCounters));
        Assert.Equal(run.Groups.SelectMany(g => g.Types), preview.Groups.SelectMany(g => g.Types));
        Assert.Equal((4, 6), (preview[ColumnsId].AssetCounters.Removed, preview[ColumnsId].AssetCounters.Unchanged));
        Assert.Equal(2, preview[TablesId].AssetCounters.Retired);
        Assert.Equal(1, preview[IgnoredId].Types.Single(t => t.Type.AssetType == "Database").Counters.Added);
    }

    /// <summary>
    /// A run of one type in one domain: batches carry assets only (the community and the domain are created before,
    /// by a plain import), so a batch of 50 000 resources holds 50 000 assets. The sizes straddle that edge, and the
    /// old one (49 998 assets and two containers per batch): 50 000 assets are one batch, 50 001 take two.
    /// </summary>
    protected async Task AssertBatchBoundariesAsync(int assets)
    {
        const int perBatch = SyncPlanAttribute.MaxBatchSize;
        var report = await BulkPlan.RunAsync(Client, Data.Async(Enumerable.Range(0, assets).Select(i => new BulkColumn($"bulk.{i:000000}", i % 2 == 0 ? "int" : "varchar(50)"))));

        var group = report.Groups.Single();
        var expectedBatches = (assets + perBatch - 1) / perBatch;
        Assert.Equal(expectedBatches, group.Batches.Count);
        Assert.All(group.Batches, b => Assert.InRange(b.Resources, 1, SyncPlanAttribute.MaxBatchSize));
        Assert.All(group.Batches.SkipLast(1), b => Assert.Equal(SyncPlanAttribute.MaxBatchSize, b.Resources));
        Assert.Equal(assets, group.ResourcesSent);
        // The catalog's own count of what each batch held, independent of the writer's.
        Assert.All(group.Batches, b => Assert.Equal(b.Resources, b.Summary.ResourceTypes.Sum(r => r.Counters.Added + r.Counters.Updated + r.Counters.Unchanged)));
        Assert.Equal(assets, group.AssetCounters.Added);
        Assert.Equal(assets, await Temp.CountAssetsAsync("bulk."));
        if (assets == 0)
        {
            Assert.Equal(SyncGroupOutcome.SkippedEmpty, group.Outcome);
        }
        else
        {
            Assert.True(report.Succeeded, report.Describe());
        }
    }
}

/// <summary>The executor against the embedded catalog in-process, no HTTP.</summary>
public sealed class InProcessExecutorTests : ExecutorTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(49_998)]
    [InlineData(49_999)]
    [InlineData(50_000)]
    [InlineData(50_001)]
    [InlineData(120_000)]
    public Task Batches_hold_at_most_50000_resources(int assets) => AssertBatchBoundariesAsync(assets);
}

/// <summary>
/// The executor against the same engine behind the REST host on 127.0.0.1, through <see cref="CollibraHttpClient"/>
/// with its resilience handler, and a fault injector below it.
/// </summary>
public sealed class HttpExecutorTests : ExecutorTests
{
    private HttpClient? _http;

    private FaultInjector Faults { get; } = new();

    /// <summary>Lets one finalization request through untouched (the deletion guard's simulated one comes first).</summary>
    private static FaultInjector.Fault SimulatedFinalizationForwarded => new("POST", "/finalize/job", "forwarded") { AfterServer = true, Status = System.Net.HttpStatusCode.OK };

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        var resilience = new ImportApiResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryAttempts = 3 };
        _http = new HttpClient(ImportApiResilience.CreateHandler(resilience, Faults)) { Timeout = Timeout.InfiniteTimeSpan };
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(49_998)]
    [InlineData(49_999)]
    [InlineData(50_000)]
    [InlineData(50_001)]
    [InlineData(120_000)]
    public Task Batches_hold_at_most_50000_resources(int assets) => AssertBatchBoundariesAsync(assets);

    [Fact]
    public async Task Injected_503s_are_retried_and_each_batch_and_finalization_runs_once()
    {
        Faults
            .Add(FaultInjector.Fault.Unavailable("POST", "/batch/json-job"), times: 2)
            .Add(FaultInjector.Fault.Unavailable("GET", "/jobs/"), times: 2);

        var report = await RunOkAsync(tables: 3);

        Assert.Equal(4, Faults.Attempts.Count(a => a.Played != "forwarded"));
        Assert.Equal(4, report.Jobs.Count(j => j.Kind == SyncJobKind.Batch));
        Assert.Equal(4 + 2, Faults.Count("POST", "/batch/json-job"));
        Assert.Equal(2 + 3, Faults.Count("POST", "/finalize/job")); // the guard's two simulated finalizations, then the three real ones
        Assert.Equal(7, report.Jobs.Select(j => j.Job.Id).Distinct().Count());
        Assert.Equal(1, Faults.Count("POST", "/import/json-job")); // the fresh catalog's containers, created once
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_finalization_answered_503_or_429_is_reported_unconfirmed_and_not_sent_again(int status)
    {
        await RunOkAsync(tables: 3);
        Faults.Add(SimulatedFinalizationForwarded, times: 2); // the deletion guard's, for the columns and the tables
        Faults.Add(new FaultInjector.Fault("POST", "/finalize/job", $"{status} before the server") { Status = (System.Net.HttpStatusCode)status, RetryAfter = TimeSpan.Zero });
        var finalizationsBefore = Faults.Count("POST", "/finalize/job");

        var report = await RunAsync(tables: 2);

        var columns = report[ColumnsId];
        // A 429/503 does not prove the catalog did not take it: unconfirmed, not sent again, and not closed either
        // (a close would be a second finalization of that id).
        Assert.Equal(SyncGroupOutcome.FinalizationUnconfirmed, columns.Outcome);
        Assert.Contains("not sent again", columns.Message, StringComparison.Ordinal);
        Assert.Equal(SyncCycleClose.None, columns.CycleClose);
        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.NotFinalized], report.Groups.Skip(1).Select(g => g.Outcome));
        Assert.Equal(1, Faults.Attempts.Count(a => a.Played == $"{status} before the server"));
        Assert.All(report.Groups.Skip(1), g => Assert.Equal(SyncCycleClose.Closed, g.CycleClose));
        Assert.Equal(2 + 1 + 2, Faults.Count("POST", "/finalize/job") - finalizationsBefore); // 2 simulated, the unconfirmed one, 2 closes
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col.")); // nothing was removed
    }

    [Fact]
    public async Task Job_polls_answered_404_right_after_the_job_was_handed_out_are_tolerated()
    {
        Faults.Add(new FaultInjector.Fault("GET", "/jobs/", "404 before the server") { Status = System.Net.HttpStatusCode.NotFound }, times: 3);
        Faults.Add(FaultInjector.Fault.ServerErrorAfterHandling("GET", "/jobs/"), times: 5); // more than the retries of the client

        var report = await RunOkAsync(tables: 1);

        Assert.Equal(3, Faults.Attempts.Count(a => a.Played.StartsWith("404", StringComparison.Ordinal)));
        Assert.Equal(5, Faults.Attempts.Count(a => a.Played.StartsWith("500", StringComparison.Ordinal)));
        Assert.Equal(2, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task Job_polls_that_cannot_connect_for_a_while_are_tolerated_as_while_a_server_restarts()
    {
        // More refused connections than the client's retries: the waiter itself keeps polling within JobLookupGrace.
        Faults.Add(FaultInjector.Fault.ConnectionRefused("GET", "/jobs/"), times: 8);

        var report = await RunOkAsync(tables: 1);

        Assert.Equal(8, Faults.Attempts.Count(a => a.Played == "connection refused"));
        Assert.Equal(2, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_job_whose_polls_answer_404_for_longer_than_JobLookupGrace_is_lost_and_stops_the_run()
    {
        await RunOkAsync(tables: 1); // the containers exist: the run's first job is a batch
        Faults.Add(new FaultInjector.Fault("GET", "/jobs/", "404 before the server") { Status = System.Net.HttpStatusCode.NotFound }, times: 10_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var report = await RunAsync(tables: 1, options: new SyncRunOptions { JobLookupGrace = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(20) });

        var columns = report[ColumnsId];
        Assert.Equal(SyncGroupOutcome.BatchFailed, columns.Outcome);
        Assert.Contains("could not be read", columns.Message, StringComparison.Ordinal);
        Assert.Contains("taken as lost", columns.Message, StringComparison.Ordinal);
        Assert.Null(columns.Finalization);
        Assert.True(Faults.Attempts.Count(a => a.Played.StartsWith("404", StringComparison.Ordinal)) >= 3, "It polled again before giving up.");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"Gave up after {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_finalization_whose_answer_is_lost_is_reported_unconfirmed_and_not_sent_again()
    {
        await RunOkAsync(tables: 3);
        Faults.Add(SimulatedFinalizationForwarded, times: 2); // the deletion guard's, for the columns and the tables
        Faults.Add(FaultInjector.Fault.ServerErrorAfterHandling("POST", "/finalize/job"));
        var finalizationsBefore = Faults.Count("POST", "/finalize/job");

        var report = await RunAsync(tables: 2);

        var columns = report[ColumnsId];
        Assert.Equal(SyncGroupOutcome.FinalizationUnconfirmed, columns.Outcome);
        Assert.Contains("not sent again", columns.Message, StringComparison.Ordinal);
        Assert.Equal([SyncGroupOutcome.NotFinalized, SyncGroupOutcome.NotFinalized], report.Groups.Skip(1).Select(g => g.Outcome));
        Assert.Equal(SyncCycleClose.None, columns.CycleClose); // it may have run: nothing more is sent for it
        Assert.Equal([SyncCycleClose.Closed, SyncCycleClose.Closed], report.Groups.Skip(1).Select(g => g.CycleClose));
        Assert.Equal(2 + 1 + 2, Faults.Count("POST", "/finalize/job") - finalizationsBefore); // 2 simulated, the lost one, 2 closes
        Assert.Contains($"may have been finalized (unconfirmed): '{ColumnsId}'; not finalized: '{TablesId}', '{IgnoredId}'.", report.Message, StringComparison.Ordinal);
        await Temp.Engine.EvictSynchronizationCacheAsync(ColumnsId); // waits for the jobs of the ID
        Assert.Equal(4, await Temp.CountAssetsAsync("rt.col.")); // the one finalization the catalog ran removed two columns
    }
}
