using System.Collections.Concurrent;
using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using CatalogSync.Plans.Journal;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The run journal after a crash of the client, simulated in-process by an exception thrown from the progress callback
/// or from the client (the run ends there, as a killed process would: no end of run, no finalization, no close): the
/// next run resumes, closes and restarts, or confirms, against a real catalog, in-process and over HTTP. The catalog's
/// cycle leases are on, and the crashed run held them: the next run gets in because it reuses the crashed run's token.
/// </summary>
public abstract class JournalResumeTests : IAsyncLifetime
{
    private const string ColumnsId = "rt-remove-resources";
    private const string TablesId = "rt-change-status-000000005066";
    private const string IgnoredId = "rt-ignore";
    private const string Succeeded = "Succeeded";

    private DirectoryInfo _journalDirectory = null!;

    protected TempCatalog Temp { get; private set; } = null!;

    private RecordingClient Client { get; set; } = null!;

    private string JournalPath => Path.Combine(_journalDirectory.FullName, "runs.db");

    public async Task InitializeAsync()
    {
        _journalDirectory = Directory.CreateTempSubdirectory("catalogsync-journal-");
        Temp = await TempCatalog.CreateAsync();
        Client = new RecordingClient(await ConnectAsync(Temp));
    }

    public async Task DisposeAsync()
    {
        Disconnect();
        await Temp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            _journalDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected abstract Task<IImportApiClient> ConnectAsync(TempCatalog temp);

    protected virtual void Disconnect()
    {
    }

    private SyncRunOptions Options(IProgress<SyncProgress>? progress = null) => new() { JournalPath = JournalPath, Progress = progress, PollInterval = TimeSpan.FromMilliseconds(20) };

    private Task<SyncRunReport> RunAsync(int tables, SyncRunOptions? options = null) =>
        WarehousePlan.RunAsync(Client, tables: Data.Tables(tables), columns: Data.Columns(tables, 2), schemas: Data.Schemas(2), databases: Data.Databases(2), options: options ?? Options());

    /// <summary>Runs until the progress report <paramref name="crashAt"/> arrives, then "crashes" there.</summary>
    private async Task CrashAsync(int tables, Func<SyncProgress, bool> crashAt)
    {
        var progress = new ProgressRecorder(p =>
        {
            if (crashAt(p))
            {
                throw new SimulatedCrash();
            }
        });
        await Assert.ThrowsAsync<SimulatedCrash>(() => RunAsync(tables, Options(progress)));
    }

    [Fact]
    public async Task A_crashed_cycle_whose_batches_the_source_gives_again_is_resumed_without_sending_them_again()
    {
        // The crash: after the 1st of the 2 column batches (batches of 4 assets).
        await CrashAsync(tables: 3, p => p is { Phase: SyncPhase.BatchCompleted, SyncId: ColumnsId, BatchesSent: 1 });
        Assert.Equal(1, Client.Batches(ColumnsId));
        Client.Clear();

        var report = await RunAsync(tables: 3);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal([1, 1, 1], new[] { ColumnsId, TablesId, IgnoredId }.Select(Client.Batches)); // only the column batch never sent
        Assert.Contains("resumed the cycle an earlier run", report[ColumnsId].Recovery, StringComparison.Ordinal);
        Assert.Contains("1 batch(es) were identical", report[ColumnsId].Recovery, StringComparison.Ordinal);
        Assert.Null(report[TablesId].Recovery);
        Assert.Equal(6, report[ColumnsId].AssetsSent); // the resumed batches count as sent in this cycle
        Assert.Equal(2, report[ColumnsId].AssetCounters.Added); // 4 more were added by the crashed run
        Assert.Equal([FinalizationStrategy.RemoveResources, FinalizationStrategy.ChangeStatus, FinalizationStrategy.Ignore], Client.Finalizations.Select(f => f.Strategy));
        Assert.Equal(6, await Temp.CountAssetsAsync("rt.col."));

        using var journal = RunJournal.Open(JournalPath);
        var runs = journal.Runs();
        Assert.Equal([Succeeded, null], runs.Select(r => r.Outcome));
        Assert.Equal(runs[1].Owner, runs[0].Owner); // the lease token of the crashed run, reused
    }

    [Fact]
    public async Task A_crashed_cycle_the_source_no_longer_matches_is_closed_with_ignore_and_sent_afresh_so_what_only_it_saw_is_removed()
    {
        await RunAsync(tables: 4); // the catalog before: 4 tables, 8 columns
        Client.Clear();
        // The crashed run saw a fifth table and its columns (all 3 column batches were sent), then died in the tables.
        await CrashAsync(tables: 5, p => p is { Phase: SyncPhase.BatchCompleted, SyncId: TablesId, BatchesSent: 1 });
        Assert.Equal(10, await Temp.CountAssetsAsync("rt.col."));
        Client.Clear();

        var report = await RunAsync(tables: 4);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Contains("closed with an IGNORE finalization", report[ColumnsId].Recovery, StringComparison.Ordinal);
        Assert.Equal(2, Client.Batches(ColumnsId)); // the two spooled batches, sent afresh in a new cycle
        Assert.Equal([FinalizationStrategy.Ignore, FinalizationStrategy.RemoveResources], Client.FinalizationsOf(ColumnsId));
        Assert.Equal(2, report[ColumnsId].AssetCounters.Removed);
        Assert.Null(await Temp.FindAssetAsync("rt.col.5.1", "Columns")); // only the crashed run had seen it
        Assert.Null(await Temp.FindAssetAsync("rt.col.5.2", "Columns"));
        Assert.Equal(8, await Temp.CountAssetsAsync("rt.col."));
        // Tables: its first recorded batch (tables 1 to 4) is what the source gives now: resumed, table 5 never sent.
        Assert.Contains("resumed", report[TablesId].Recovery, StringComparison.Ordinal);
        Assert.Equal(0, Client.Batches(TablesId));
    }

    [Fact]
    public async Task A_finalization_sent_but_never_confirmed_is_looked_up_by_its_job_and_not_sent_again()
    {
        await RunAsync(tables: 3);
        Client.Clear();
        // Day 2 loses table 3; the crash comes right after the columns' finalization was accepted.
        await CrashAsync(tables: 2, p => p is { Phase: SyncPhase.FinalizationStarted, SyncId: ColumnsId });
        Assert.Equal([FinalizationStrategy.RemoveResources], Client.FinalizationsOf(ColumnsId));
        Client.Clear();

        var report = await RunAsync(tables: 2);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Contains("was applied; it was not sent again", report[ColumnsId].Recovery, StringComparison.Ordinal);
        Assert.Empty(Client.FinalizationsOf(ColumnsId)); // neither the finalization nor an IGNORE close
        Assert.Equal(0, Client.Batches(ColumnsId));
        Assert.Equal(SyncGroupOutcome.Finalized, report[ColumnsId].Outcome);
        // The other IDs' cycles were left open with every batch: resumed, finalized once.
        Assert.Equal(0, Client.Batches(TablesId) + Client.Batches(IgnoredId));
        Assert.Equal([FinalizationStrategy.ChangeStatus], Client.FinalizationsOf(TablesId));
        Assert.Equal(4, await Temp.CountAssetsAsync("rt.col."));
        Assert.Equal(TempCatalog.MissingFromSource, (await Temp.GetAssetAsync("rt.table.3", "Tables")).Status.Id);

        // A third run: nothing left to recover, a normal cycle.
        Client.Clear();
        var third = await RunAsync(tables: 2);
        Assert.True(third.Succeeded, third.Describe());
        Assert.All(third.Groups, g => Assert.Null(g.Recovery));
        Assert.Equal(3, Client.Finalizations.Count);
    }

    [Fact]
    public async Task A_finalization_whose_answer_never_came_is_not_resumed_its_cycle_is_closed_with_ignore_and_started_afresh()
    {
        await RunAsync(tables: 3);
        Client.Clear();
        Client.CrashBeforeFinalization = ColumnsId; // the process dies after the journal said "sending", before the request
        await Assert.ThrowsAsync<SimulatedCrash>(() => RunAsync(tables: 2));
        Client.CrashBeforeFinalization = null;
        Client.Clear();

        var report = await RunAsync(tables: 2);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Contains("may or may not have reached the catalog", report[ColumnsId].Recovery, StringComparison.Ordinal);
        Assert.Equal([FinalizationStrategy.Ignore, FinalizationStrategy.RemoveResources], Client.FinalizationsOf(ColumnsId));
        Assert.Equal(1, Client.Batches(ColumnsId)); // every batch (its 4 columns fill one) again: never resumed
        Assert.Equal(2, report[ColumnsId].AssetCounters.Removed);
        Assert.Equal(4, await Temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_preview_never_writes_the_journal_and_UseJournal_false_turns_it_off()
    {
        var report = await RunAsync(tables: 2, Options() with { UseJournal = false });
        Assert.True(report.Succeeded, report.Describe());
        Assert.False(File.Exists(JournalPath));
        var tokens = Client.Finalizations.Select(f => f.CycleOwner).Distinct().ToList();
        Assert.Single(tokens); // without a journal too, one lease token for the whole run
        Assert.NotNull(tokens[0]);

        var preview = await WarehousePlan.PreviewAsync(Client, tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: Options());
        Assert.True(preview.Succeeded, preview.Describe());
        Assert.False(File.Exists(JournalPath));

        Client.Clear();
        Assert.True((await RunAsync(tables: 2)).Succeeded);
        Assert.True(File.Exists(JournalPath));
        Assert.All(Client.Finalizations, f => Assert.NotNull(f.CycleOwner));
    }

    private sealed class SimulatedCrash : Exception
    {
        public SimulatedCrash()
            : base("simulated crash")
        {
        }
    }

    /// <summary>Forwards to the catalog and records the batches and finalizations sent; can "crash" before a finalization.</summary>
    private sealed class RecordingClient(IImportApiClient inner) : DelegatingCatalog(inner)
    {
        private readonly ConcurrentQueue<string> _batches = new();
        private readonly ConcurrentQueue<(string SyncId, FinalizationOptions Options)> _finalizations = new();

        public string? CrashBeforeFinalization { get; set; }

        public List<FinalizationOptions> Finalizations => [.. _finalizations.Select(f => f.Options)];

        public int Batches(string syncId) => _batches.Count(b => b == syncId);

        public List<FinalizationStrategy> FinalizationsOf(string syncId) => [.. _finalizations.Where(f => f.SyncId == syncId).Select(f => f.Options.Strategy)];

        public void Clear()
        {
            _batches.Clear();
            _finalizations.Clear();
        }

        public override Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
        {
            _batches.Enqueue(synchronizationId);
            return Inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken);
        }

        public override Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
        {
            // Real finalizations only: the deletion guard's simulated ones change nothing and are not what these tests count.
            if (!options.Simulation)
            {
                if (synchronizationId == CrashBeforeFinalization)
                {
                    throw new SimulatedCrash();
                }

                _finalizations.Enqueue((synchronizationId, options));
            }

            return Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
        }

    }
}

public sealed class InProcessJournalResumeTests : JournalResumeTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);
}

public sealed class HttpJournalResumeTests : JournalResumeTests
{
    private HttpClient? _http;

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        _http = new HttpClient(ImportApiResilience.CreateHandler(new ImportApiResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryAttempts = 3 }, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();
}
