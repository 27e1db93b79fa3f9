using System.Text;
using CatalogSync.Conformance;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Tests;

/// <summary>Accepted means durable: jobs answered by a Start… call survive the engine stopping before they ran.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-durable-");

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    private string SpoolPath => DatabasePath + ".spool";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private Task<EmbeddedCatalog> OpenAsync(int stageDelayMs = 0) =>
        EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TestJobStageDelay = TimeSpan.FromMilliseconds(stageDelayMs) });

    private static ImportContent Assets(params string[] names) =>
        CatalogDriver.Resources([CatalogDriver.Domain(), .. names.Select(n => CatalogDriver.Asset(n))]);

    private string[] SpoolFiles() => Directory.Exists(SpoolPath) ? Directory.GetFiles(SpoolPath) : [];

    private long PendingRows()
    {
        using var connection = new SqliteConnection($"Data Source={EmbeddedCatalog.JournalPath(DatabasePath)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pending_jobs";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Jobs_pending_when_the_engine_stops_resume_at_the_next_open_in_their_order()
    {
        Guid a, b;
        await using (var catalog = await OpenAsync())
        {
            (await catalog.BatchAsync("resume", Assets("a", "b"))).Job.AssertSucceeded();
            (await catalog.FinalizeAsync("resume")).Job.AssertSucceeded();
            a = (await catalog.AssetAsync("a")).Id;
            b = (await catalog.AssetAsync("b")).Id;
        }

        // The engine stops while the first job runs (held at its first stage) and the others wait behind it.
        Job batch1, batch2, finalization, import;
        await using (var catalog = await OpenAsync(stageDelayMs: 2000))
        {
            batch1 = await catalog.StartSynchronizationBatchAsync("resume", Assets("a", "b", "c"), ImportJobOptions.Default);
            batch2 = await catalog.StartSynchronizationBatchAsync("resume", Assets("d"), ImportJobOptions.Default);
            finalization = await catalog.StartFinalizationAsync("resume", FinalizationOptions.Default);
            import = await catalog.StartImportAsync(Assets("plain"), ImportJobOptions.Default);
            await Task.Delay(200);
            Assert.Equal(JobState.Running, (await catalog.GetJobAsync(batch1.Id)).State);
        }

        Assert.Equal(4, PendingRows());
        Assert.Equal(3, SpoolFiles().Length);

        await using (var catalog = await OpenAsync(stageDelayMs: 100))
        {
            // Right after the reopen, every accepted job is there, not finished yet.
            foreach (var job in new[] { batch1, batch2, finalization, import })
            {
                var state = (await catalog.GetJobAsync(job.Id)).State;
                Assert.True(state is JobState.Waiting or JobState.Running, $"{job.Name}: {state}");
            }

            var done = new List<Job>();
            foreach (var job in new[] { batch1, batch2, finalization, import })
            {
                var final = await catalog.WaitForJobAsync(job.Id);
                final.AssertSucceeded();
                done.Add(final);
                Assert.Equal(final, await catalog.GetJobAsync(job.Id));
            }

            // Per id, in the order accepted: the finalization ran after both batches.
            Assert.True(done[0].EndDate <= done[1].StartDate, "batch 2 started before batch 1 ended");
            Assert.True(done[1].EndDate <= done[2].StartDate, "the finalization started before batch 2 ended");
            Assert.Equal(0, (await catalog.GetSummaryAsync(finalization.Id)).CountersFor(ImportResourceType.Asset).Removed);

            // Had the finalization run before the batches, a and b would have been removed and created again.
            Assert.Equal(a, (await catalog.AssetAsync("a")).Id);
            Assert.Equal(b, (await catalog.AssetAsync("b")).Id);
            Assert.Equal(["a", "b", "c", "d", "plain"], await catalog.AssetNamesAsync());
        }

        Assert.Equal(0, PendingRows());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Csv_and_excel_jobs_resumed_at_the_next_open_are_read_with_the_template_and_options_they_were_accepted_with()
    {
        var template = "[" + CatalogDriver.Domain() + "," + CatalogDriver.Asset("${2}") + "]";
        var csv = ImportContent.FromBytes(Encoding.UTF8.GetBytes("Id|Name\n1|from csv\n"), ImportFormat.Csv, new TabularOptions { Template = template, Separator = '|', HeaderRow = true });
        var excel = ImportContent.FromBytes(
            Workbooks.Create(("A", [["x", "wrong sheet"]]), ("B", [["Id", "Name"], ["2", "from excel"]])),
            ImportFormat.Excel,
            new TabularOptions { Template = template, SheetName = "B", HeaderRow = true });

        Job first, second;
        await using (var catalog = await OpenAsync(stageDelayMs: 2000))
        {
            first = await catalog.StartSynchronizationBatchAsync("tabular", csv, ImportJobOptions.Default);
            second = await catalog.StartSynchronizationBatchAsync("tabular", excel, ImportJobOptions.Default);
            await Task.Delay(200);
        }

        Assert.Equal(2, PendingRows());
        await using (var catalog = await OpenAsync())
        {
            (await catalog.WaitForJobAsync(first.Id)).AssertSucceeded();
            (await catalog.WaitForJobAsync(second.Id)).AssertSucceeded();
            Assert.Equal(["from csv", "from excel"], await catalog.AssetNamesAsync());
        }

        Assert.Equal(0, PendingRows());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Jobs_resumed_at_the_open_count_in_the_queue_limit_until_they_finish()
    {
        // Two batches are accepted, then the engine stops while the first runs: both are in the journal at the next open.
        Job first, second;
        await using (var catalog = await OpenAsync(stageDelayMs: 2000))
        {
            first = await catalog.StartSynchronizationBatchAsync("limit", Assets("a", "b"), ImportJobOptions.Default);
            second = await catalog.StartSynchronizationBatchAsync("limit", Assets("c"), ImportJobOptions.Default);
        }

        Assert.Equal(2, PendingRows());
        var resumedBytes = SpoolFiles().Sum(f => new FileInfo(f).Length);
        var next = Assets("x");

        // By count: the two resumed jobs (one after the other, each paused 1 s at every stage) fill a queue of two.
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxPendingJobs = 2, TestJobStageDelay = TimeSpan.FromMilliseconds(1000) }))
        {
            var full = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(next, ImportJobOptions.Default));
            Assert.Equal(("queueFull", 503), (full.ErrorCode, full.StatusCode));
            Assert.Contains("2 jobs are waiting, running or being uploaded", full.Message, StringComparison.Ordinal);
            Assert.Equal("queueFull", Assert.Throws<CatalogApiException>(() => catalog.ReserveUpload(0)).ErrorCode);
        }

        Assert.Equal(2, PendingRows());

        // By bytes: their spooled inputs leave room for 10 bytes, less than the next input.
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxPendingBytes = resumedBytes + 10, TestJobStageDelay = TimeSpan.FromMilliseconds(1000) }))
        {
            var full = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(next, ImportJobOptions.Default));
            Assert.Equal("queueFull", full.ErrorCode);
            Assert.Contains($"hold {resumedBytes} bytes of input", full.Message, StringComparison.Ordinal);
            Assert.Equal("queueFull", Assert.Throws<CatalogApiException>(() => catalog.ReserveUpload(11)).ErrorCode);

            // Once they have finished, their room is back.
            (await catalog.WaitForJobAsync(first.Id)).AssertSucceeded();
            (await catalog.WaitForJobAsync(second.Id)).AssertSucceeded();
            (await catalog.WaitForJobAsync((await catalog.StartImportAsync(next, ImportJobOptions.Default)).Id)).AssertSucceeded();
            catalog.ReserveUpload(resumedBytes + 10).Dispose();
        }

        Assert.Equal(0, PendingRows());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_job_is_journaled_with_its_fsynced_input_before_start_returns()
    {
        await using var catalog = await OpenAsync(stageDelayMs: 1000);
        var input = "[" + CatalogDriver.Domain() + "," + CatalogDriver.Asset("journaled") + "]";
        var job = await catalog.StartSynchronizationBatchAsync("journal", CatalogDriver.Json(input), new ImportJobOptions { ContinueOnError = true, CycleOwner = "me" });

        using var connection = new SqliteConnection($"Data Source={EmbeddedCatalog.JournalPath(DatabasePath)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, sync_id, owner, continue_on_error, input_path FROM pending_jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", job.Id.ToString("D"));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("SynchronizationBatch", "journal", "me", 1L), (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        Assert.Equal(input, await File.ReadAllTextAsync(reader.GetString(4)));
    }

    [Fact]
    public async Task A_job_whose_result_committed_is_not_run_again_when_its_journal_row_survived()
    {
        Job finished;
        await using (var catalog = await OpenAsync())
        {
            (await catalog.BatchAsync("once", Assets("x"))).Job.AssertSucceeded();
            finished = (await catalog.FinalizeAsync("once")).Job;
            finished.AssertSucceeded();
        }

        // What a crash between the job's commit and its removal from the journal leaves: the row and its input.
        var input = Path.Combine(SpoolPath, "catalogsync-job-" + finished.Id.ToString("N") + ".json");
        Directory.CreateDirectory(SpoolPath);
        await File.WriteAllTextAsync(input, "[]");
        using (var connection = new SqliteConnection($"Data Source={EmbeddedCatalog.JournalPath(DatabasePath)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO pending_jobs(id, kind, name, sync_id, owner, input_path, created_on, simulation, continue_on_error, send_notification, fin_strategy, fin_simulation)
                VALUES ($id, 'Finalization', 'again', 'once', NULL, $p, 0, 0, 0, 0, 'RemoveResources', 0)
                """;
            command.Parameters.AddWithValue("$id", finished.Id.ToString("D"));
            command.Parameters.AddWithValue("$p", input);
            command.ExecuteNonQuery();
        }

        await using (var catalog = await OpenAsync())
        {
            Assert.Equal(finished, await catalog.GetJobAsync(finished.Id));
            Assert.Equal(["x"], await catalog.AssetNamesAsync());
        }

        Assert.Equal(0, PendingRows());
        Assert.False(File.Exists(input));
    }

    [Fact]
    public async Task A_pending_job_that_is_not_live_in_this_process_is_answered_from_the_journal()
    {
        await using var catalog = await OpenAsync();
        var id = Guid.NewGuid();
        using (var connection = new SqliteConnection($"Data Source={EmbeddedCatalog.JournalPath(DatabasePath)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO pending_jobs(id, kind, name, sync_id, owner, input_path, created_on, simulation, continue_on_error, send_notification)
                VALUES ($id, 'SynchronizationBatch', 'Synchronization batch ''other''', 'other', NULL, NULL, 1700000000000, 0, 0, 0)
                """;
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            command.ExecuteNonQuery();
        }

        var job = await catalog.GetJobAsync(id);
        Assert.Equal((id, JobState.Waiting, JobResult.NotSet, 1700000000000L), (job.Id, job.State, job.Result, job.CreatedOn));
        Assert.Equal("Synchronization batch 'other'", job.Name);
        var summary = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetSummaryAsync(id));
        Assert.Equal((400, "jobNotFinished"), (summary.StatusCode, summary.ErrorCode));
        var errors = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetErrorsAsync(id));
        Assert.Equal((400, "jobNotFinished"), (errors.StatusCode, errors.ErrorCode));
        Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetJobAsync(Guid.NewGuid()))).StatusCode);
    }

    [Fact]
    public async Task Only_spool_files_of_jobs_that_are_not_pending_are_deleted_at_open()
    {
        Directory.CreateDirectory(SpoolPath);
        var stray = Path.Combine(SpoolPath, "catalogsync-job-" + Guid.NewGuid().ToString("N") + ".json");
        var foreign = Path.Combine(SpoolPath, "someone-else.json");
        await File.WriteAllTextAsync(stray, "[]");
        await File.WriteAllTextAsync(foreign, "[]");
        Job pending;
        await using (var catalog = await OpenAsync(stageDelayMs: 5000))
        {
            Assert.False(File.Exists(stray));
            pending = await catalog.StartImportAsync(Assets("kept"), ImportJobOptions.Default);
        }

        var input = Assert.Single(SpoolFiles(), f => f != foreign);
        Assert.Contains(pending.Id.ToString("N"), input, StringComparison.Ordinal);
        await using (var catalog = await OpenAsync())
        {
            (await catalog.WaitForJobAsync(pending.Id)).AssertSucceeded();
        }

        Assert.Equal([foreign], SpoolFiles());
    }
}
