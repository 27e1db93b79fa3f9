using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CatalogSync.Server.Tests;

/// <summary>
/// Accepted means durable, proven on the real <c>catalog-sync serve</c> process: a 20-batch cycle and its
/// finalization, with the server killed (SIGKILL) at 28 points — mid-upload, right after a 200, while a job runs
/// (at several stages, with its transaction open, and right after its commit), during the finalization — and
/// restarted on the same files each
/// time. The client goes on as a real one would (polls what got a 200, re-sends only what did not, finalizes), and
/// the whole catalog content is then compared with an uninterrupted run of the same cycle.
/// </summary>
public sealed partial class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const string SyncId = "crash";
    private const string Owner = "crash-client-1";
    private const int Batches = 20;
    private const int AssetsPerBatch = 250;
    private const int StageDelayMs = 100;
    private const int FinalizationStageDelayMs = 2500; // wide enough for the last kill point (1950 ms) and a slow restart on a loaded machine (load 20 on 2 cores missed it at 1200)
    private const string Domain = "Crash Domain";
    private const string Community = "Data Governance Council";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-crash-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [GeneratedRegex(@"Listening on (?<root>http://127\.0\.0\.1:\d+)/rest/2\.0")]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task A_cycle_killed_at_every_stage_and_resumed_ends_with_the_same_catalog_as_an_uninterrupted_one()
    {
        var stopwatch = Stopwatch.StartNew();
        var reference = Path.Combine(_directory.FullName, "reference", "catalog.db");
        await RunAsync(reference, []);
        var referenceTime = stopwatch.Elapsed;

        var crashed = Path.Combine(_directory.FullName, "crashed", "catalog.db");
        // Each "running" point is seen on a live server after its own 200 (a job resumed at a restart starts before
        // the server listens, so it could be over before the client looks).
        KillPoint[] plan =
        [
            new(Stage.MidUpload, 0), new(Stage.Running, 1, 0), new(Stage.Accepted, 2), new(Stage.MidUpload, 3),
            new(Stage.Running, 4, 150), new(Stage.Accepted, 5), new(Stage.MidUpload, 6), new(Stage.Running, 7, 250),
            new(Stage.Accepted, 8), new(Stage.Running, 9, 100), new(Stage.Running, 10, 370), new(Stage.MidUpload, 11),
            new(Stage.Running, 12, 390), new(Stage.Accepted, 13), new(Stage.Running, 14, 200), new(Stage.MidUpload, 16),
            new(Stage.Running, 15, 470), new(Stage.Running, 17, 300), new(Stage.Accepted, 18), new(Stage.Running, 19, 50),
            // Reached when the batches that failed mid-upload are sent again, with jobs resumed ahead of them.
            new(Stage.Accepted, 3), new(Stage.Running, 6, 330),
            new(Stage.Completed, 9),
            new(Stage.FinalizationAccepted, 0), new(Stage.FinalizationRunning, 0, 0),
            new(Stage.FinalizationRunning, 0, 700), new(Stage.FinalizationRunning, 0, 1300), new(Stage.FinalizationRunning, 0, 1950),
        ];
        var kills = await RunAsync(crashed, plan);
        output.WriteLine($"Reference run {referenceTime.TotalSeconds:0.0} s; run with {kills} kills {(stopwatch.Elapsed - referenceTime).TotalSeconds:0.0} s.");
        output.WriteLine($"Jobs killed after their commit, not run again: {Regex.Count(Log, "had committed before the catalog was last closed")}.");
        Assert.Equal(plan.Length, kills);

        var expected = Dump(reference);
        var actual = Dump(crashed);
        Assert.Contains(expected, row => row.StartsWith("assets|A:Data Governance Council/Crash Domain/t-5249|", StringComparison.Ordinal));
        Assert.DoesNotContain(expected, row => row.Contains("/t-0249|", StringComparison.Ordinal));
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);

        foreach (var database in new[] { reference, crashed })
        {
            Assert.Equal("ok", Scalar(database, "PRAGMA integrity_check"));
            Assert.Equal(0L, Scalar(database + ".queue", "SELECT COUNT(*) FROM pending_jobs"));
            Assert.Equal(0L, Scalar(database + ".queue", "SELECT COUNT(*) FROM cycle_leases"));
            Assert.Empty(FilesUnder(database + ".spool"));
            Assert.Empty(FilesUnder(database + ".uploads"));
        }
    }

    [Fact]
    public async Task Jobs_resumed_at_a_restart_are_let_finish_by_a_graceful_stop()
    {
        var database = Path.Combine(_directory.FullName, "graceful", "catalog.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using var server = new Server(database, stageDelayMs: 300);
        await server.StartAsync();
        var id = await server.PostBatchAsync(Batch(first: 0, AssetsPerBatch, "v1"));
        await server.KillAndRestartAsync();
        await server.StopAsync();
        Assert.Contains("waiting up to 30 s for 1 unfinished job(s)", server.Log, StringComparison.Ordinal);
        Assert.Contains($"Job {id} Synchronization batch '{SyncId}': Completed Success", server.Log, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(database + ".queue", "SELECT COUNT(*) FROM pending_jobs"));
    }

    private enum Stage
    {
        /// <summary>Half of the batch's body is sent.</summary>
        MidUpload,
        /// <summary>The batch's 200 is in.</summary>
        Accepted,
        /// <summary>The batch's job is seen running, plus a delay (its stages are <see cref="StageDelayMs"/> apart).</summary>
        Running,
        /// <summary>The batch's job is seen completed.</summary>
        Completed,
        /// <summary>The finalization's 200 is in.</summary>
        FinalizationAccepted,
        /// <summary>The finalization is seen running, plus a delay (its stages are <see cref="FinalizationStageDelayMs"/> apart after a restart).</summary>
        FinalizationRunning,
    }

    private sealed record KillPoint(Stage Stage, int Batch, int DelayMs = 0)
    {
        public bool Done { get; set; }
    }

    private string Log { get; set; } = "";

    /// <summary>Cycle 1 (four batches, finalized), then the cycle under test; returns how many times the server was killed.</summary>
    private async Task<int> RunAsync(string database, KillPoint[] plan)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        // With kill points, every job waits at the gate until the client releases it: a job at a "running" kill point is
        // released only once the client has seen it running, so no job can finish before the client looks.
        await using var server = new Server(database, plan.Length > 0 ? StageDelayMs : 0, gated: plan.Length > 0);
        await server.StartAsync();

        for (var i = 0; i < 4; i++)
        {
            var id = await server.PostBatchAsync(Batch(first: i * AssetsPerBatch, AssetsPerBatch, "v1"));
            server.Release(id);
            await server.AwaitAsync(id);
        }

        var first = await server.PostFinalizationAsync();
        server.Release(first);
        await server.AwaitAsync(first);

        var batches = Enumerable.Range(0, Batches).Select(i => Batch(first: AssetsPerBatch + (i * AssetsPerBatch), AssetsPerBatch, $"v2-{i}")).ToArray();
        var accepted = new Guid?[Batches];
        Guid? finalization = null;
        KillPoint? Next(Stage stage, int batch) => plan.FirstOrDefault(p => !p.Done && p.Stage == stage && p.Batch == batch);

        async Task KillAsync(KillPoint point)
        {
            point.Done = true;
            output.WriteLine($"kill: {point.Stage} {point.Batch} +{point.DelayMs} ms");
            await server.KillAndRestartAsync();
        }

        while (true)
        {
            try
            {
                // Send what never got a 200, in order.
                for (var i = 0; i < Batches; i++)
                {
                    if (accepted[i] is not null)
                    {
                        continue;
                    }

                    if (Next(Stage.MidUpload, i) is { } mid)
                    {
                        await Assert.ThrowsAnyAsync<Exception>(() => server.PostBatchAsync(batches[i], atHalf: () => KillAsync(mid)));
                        continue;
                    }

                    var id = await server.PostBatchAsync(batches[i]);
                    accepted[i] = id;
                    var running = Next(Stage.Running, i);
                    if (running is null)
                    {
                        server.Release(id);
                    }

                    if (Next(Stage.Accepted, i) is { } after)
                    {
                        await KillAsync(after);
                    }

                    if (running is not null)
                    {
                        // Held at the gate: it is seen running, whatever the machine's load.
                        Assert.Equal(JobState.Running, await server.WaitForAsync(id, JobState.Running));
                        server.Release(id);
                        await Task.Delay(running.DelayMs);
                        await KillAsync(running);
                    }
                }

                if (accepted.Any(a => a is null))
                {
                    continue;
                }

                // Every job that got a 200 is still known, and ends completed.
                for (var i = 0; i < Batches; i++)
                {
                    await server.AwaitAsync(accepted[i]!.Value);
                    if (Next(Stage.Completed, i) is { } completed)
                    {
                        await KillAsync(completed);
                    }
                }

                if (finalization is null)
                {
                    // Slower stages for the finalization, so that its kill points (up to 1950 ms after its release) fall
                    // while it runs.
                    server.StageDelayMs = FinalizationStageDelayMs;
                    finalization = await server.PostFinalizationAsync();
                    if (Next(Stage.FinalizationAccepted, 0) is { } after)
                    {
                        await KillAsync(after);
                    }
                }

                while (Next(Stage.FinalizationRunning, 0) is { } running)
                {
                    // Held at the gate (again after each restart, see below): it is seen running.
                    Assert.Equal(JobState.Running, await server.WaitForAsync(finalization.Value, JobState.Running));
                    server.Release(finalization.Value);
                    await Task.Delay(running.DelayMs);
                    // The resumed finalization waits at the gate again, so that the next kill point is seen running too.
                    server.Hold(finalization.Value);
                    await KillAsync(running);
                }

                server.Release(finalization.Value);
                await server.AwaitAsync(finalization.Value);
                break;
            }
            catch (HttpRequestException e)
            {
                // Only the kills above stop the server; a request that fails otherwise is a failure of the test.
                Assert.Fail($"A request failed while the server was up: {e.Message}\n{server.Log}");
            }
        }

        var unfinished = plan.Where(p => !p.Done).Select(p => $"{p.Stage} {p.Batch}").ToList();
        Assert.True(unfinished.Count == 0, $"Kill points never reached: {string.Join(", ", unfinished)}");
        await server.StopAsync();
        Log = server.Log;
        return server.Kills;
    }

    /// <summary>A batch of the crash domain: assets t-{first}…, every tenth with an acronym it relates to.</summary>
    private static byte[] Batch(int first, int count, string version)
    {
        var domainRef = $"{{\"name\":\"{Domain}\",\"community\":{{\"name\":\"{Community}\"}}}}";
        var resources = new List<string> { $"{{\"resourceType\":\"Domain\",\"identifier\":{domainRef},\"type\":{{\"name\":\"Glossary\"}}}}" };
        for (var n = first; n < first + count; n++)
        {
            var name = $"t-{n:D4}";
            var relation = "";
            if (n % 10 == 0)
            {
                resources.Add($"{{\"resourceType\":\"Asset\",\"identifier\":{{\"name\":\"ACR-{n:D4}\",\"domain\":{domainRef}}},\"type\":{{\"name\":\"Acronym\"}}}}");
                relation = $",\"relations\":{{\"00000000-0000-0000-0000-000000007030:TARGET\":[{{\"name\":\"ACR-{n:D4}\",\"domain\":{domainRef}}}]}}";
            }

            resources.Add($"{{\"resourceType\":\"Asset\",\"identifier\":{{\"name\":\"{name}\",\"domain\":{domainRef}}},\"type\":{{\"name\":\"Business Term\"}},"
                + $"\"displayName\":\"Term {n}\",\"attributes\":{{\"Description\":[{{\"value\":\"{name} {version}\"}}]}},\"tags\":[\"crash\",\"{version}\"]{relation}}}");
        }

        return Encoding.UTF8.GetBytes("[" + string.Join(",\n", resources) + "]");
    }

    /// <summary>
    /// Every row of every table but the jobs', canonical: resources (their UUIDs and their integer keys, and every
    /// reference to them) replaced by their names, the ids and keys of attribute values and relations and every
    /// timestamp left out (they differ between two runs by nature).
    /// </summary>
    private static List<string> Dump(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var byPk = new Dictionary<(string Table, long Pk), string>();
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (table, sql, prefix) in new[]
        {
            ("communities", "SELECT pk, hex(id), name FROM communities", "C:"),
            ("domains", "SELECT d.pk, hex(d.id), c.name || '/' || d.name FROM domains d JOIN communities c ON c.pk = d.community_pk", "D:"),
            ("assets", "SELECT a.pk, hex(a.id), c.name || '/' || d.name || '/' || a.name FROM assets a JOIN domains d ON d.pk = a.domain_pk JOIN communities c ON c.pk = d.community_pk", "A:"),
            ("sync_ids", "SELECT pk, NULL, sync_id FROM sync_ids", "S:"),
        })
        {
            foreach (var row in Rows(connection, sql))
            {
                byPk[(table, long.Parse(row[0]!, CultureInfo.InvariantCulture))] = prefix + row[2];
                if (row[1] is { } id)
                {
                    byId[id] = prefix + row[2];
                }
            }
        }

        // The table a key column refers to (sync_resources.resource_pk: the one its kind names).
        static string? Referenced(string table, string column, Func<string, long> other) => column switch
        {
            "pk" when table is "communities" or "domains" or "assets" or "sync_ids" => table,
            "community_pk" => "communities",
            "parent_pk" when table == "communities" => "communities",
            "domain_pk" => "domains",
            "asset_pk" or "source_pk" or "target_pk" => "assets",
            "sync_pk" => "sync_ids",
            "resource_pk" => other("kind") switch { 0 => "communities", 1 => "domains", _ => "assets" },
            _ => null,
        };

        var tables = Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('jobs', 'job_errors') ORDER BY name")
            .Select(r => r[0]!).ToList();
        Assert.Contains("sync_resources", tables);
        var dump = new List<string>();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Where(i => !reader.GetName(i).EndsWith("_on", StringComparison.Ordinal) && !(reader.GetName(i) is "id" or "pk" && table is "attributes" or "relations"))
                .ToList();
            while (reader.Read())
            {
                long Other(string column) => reader.GetInt64(reader.GetOrdinal(column));
                var cells = columns.Select(i =>
                {
                    if (reader.IsDBNull(i))
                    {
                        return "NULL";
                    }

                    if (reader.GetValue(i) is byte[] bytes)
                    {
                        var hex = Convert.ToHexString(bytes);
                        return byId.GetValueOrDefault(hex, hex);
                    }

                    var value = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                    return Referenced(table, reader.GetName(i), Other) is { } referenced ? byPk.GetValueOrDefault((referenced, reader.GetInt64(i)), value) : value;
                });
                dump.Add(table + "|" + string.Join("|", cells));
            }
        }

        dump.Sort(StringComparer.Ordinal);
        return dump;
    }

    private static List<string?[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i).ToString()).ToArray());
        }

        return rows;
    }

    private static object? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string[] FilesUnder(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];

    /// <summary>The real <c>catalog-sync serve</c> on one database, killed and restarted at will; a client of it.</summary>
    private sealed class Server(string database, int stageDelayMs, bool gated = false) : IAsyncDisposable
    {
        private readonly string? _gate = gated ? Directory.CreateDirectory(database + ".gate").FullName : null;

        /// <summary>Lets the job go on past the server's test gate (no-op without a gate).</summary>
        public void Release(Guid id)
        {
            if (_gate is not null)
            {
                File.WriteAllBytes(Path.Combine(_gate, id.ToString("D")), []);
            }
        }

        /// <summary>Makes the job wait at the gate again the next time it starts (after a restart).</summary>
        public void Hold(Guid id)
        {
            if (_gate is not null)
            {
                File.Delete(Path.Combine(_gate, id.ToString("D")));
            }
        }

        /// <summary>The test-only pause of each job stage, for the next start.</summary>
        public int StageDelayMs { get; set; } = stageDelayMs;

        private readonly StringBuilder _log = new();
        private readonly Lock _lock = new();
        private Process? _process;
        private HttpClient? _http;

        public int Kills { get; private set; }

        public string Log { get { lock (_lock) { return _log.ToString(); } } }

        public async Task StartAsync()
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "catalog-sync.dll"));
            foreach (var argument in new[] { "serve", "--urls", "http://127.0.0.1:0", "--database", database, "--user", "U", "--password", "P" })
            {
                start.ArgumentList.Add(argument);
            }

            // The stage delay is a test hook: honoured only with the explicit opt-in.
            start.Environment["CATALOGSYNC_ENABLE_TEST_HOOKS"] = "1";
            start.Environment["CATALOGSYNC_TEST_JOB_DELAY_MS"] = StageDelayMs.ToString(CultureInfo.InvariantCulture);
            if (_gate is not null)
            {
                start.Environment["CATALOGSYNC_TEST_JOB_GATE_DIR"] = _gate;
            }
            var process = Process.Start(start)!;
            var root = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                lock (_lock)
                {
                    _log.AppendLine(e.Data);
                }

                if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
                {
                    root.TrySetResult(match.Groups["root"].Value);
                }
            };
            process.ErrorDataReceived += (_, e) => { lock (_lock) { _log.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            var listening = await root.Task.WaitAsync(TimeSpan.FromSeconds(60));
            _http?.Dispose();
            _http = new HttpClient { BaseAddress = new Uri(listening + "/rest/2.0/"), Timeout = TimeSpan.FromSeconds(60) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("U:P"u8.ToArray()));

            // Warm the job poll up (a cold first request can take longer than a job stage on a busy machine).
            using var warm = await _http.GetAsync($"jobs/{Guid.Empty}");
            Assert.Equal(HttpStatusCode.NotFound, warm.StatusCode);
        }

        public async Task KillAndRestartAsync()
        {
            _process!.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            Kills++;
            await StartAsync();
        }

        public async Task StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            Assert.True(_process.ExitCode == 0, Log);
        }

        /// <summary>Posts a batch with the owner token; <paramref name="atHalf"/> runs when half of the file is sent.</summary>
        public async Task<Guid> PostBatchAsync(byte[] file, Func<Task>? atHalf = null)
        {
            using var form = new MultipartFormDataContent();
            HttpContent part = atHalf is null ? new ByteArrayContent(file) : new PausingContent(file, atHalf);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(part, "file", "batch.json");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"import/synchronize/{SyncId}/batch/json-job") { Content = form };
            request.Headers.Add(CycleLease.HeaderName, Owner);
            return await SendAsync(request);
        }

        public async Task<Guid> PostFinalizationAsync()
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent("REMOVE_RESOURCES"), "finalizationStrategy");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"import/synchronize/{SyncId}/finalize/job") { Content = form };
            request.Headers.Add(CycleLease.HeaderName, Owner);
            return await SendAsync(request);
        }

        private async Task<Guid> SendAsync(HttpRequestMessage request)
        {
            using var response = await _http!.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.RequestUri}: {(int)response.StatusCode} {text}");
            return JsonSerializer.Deserialize(text, ContractJsonContext.Default.Job)!.Id;
        }

        private async Task<Job> GetJobAsync(Guid id)
        {
            using var response = await _http!.GetAsync($"jobs/{id}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Job {id} was accepted but is now {(int)response.StatusCode}: {text}");
            return JsonSerializer.Deserialize(text, ContractJsonContext.Default.Job)!;
        }

        /// <summary>Polls until the job is in <paramref name="state"/> or finished; returns the state it is in.</summary>
        public async Task<JobState> WaitForAsync(Guid id, JobState state)
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline)
            {
                var job = await GetJobAsync(id);
                if (job.State == state || job.IsFinished)
                {
                    return job.State;
                }

                await Task.Delay(5);
            }

            throw new TimeoutException($"Job {id} never reached {state}.");
        }

        /// <summary>Waits for the job's end: it must succeed.</summary>
        public async Task AwaitAsync(Guid id)
        {
            Assert.Equal(JobState.Completed, await WaitForAsync(id, JobState.Completed));
            var job = await GetJobAsync(id);
            Assert.True(job.Result == JobResult.Success, $"{job.Name}: {job.Result} {job.Message}");
        }

        public async ValueTask DisposeAsync()
        {
            _http?.Dispose();
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process?.Dispose();
        }
    }

    /// <summary>A body that sends its first half, flushes, runs a callback (which kills the server), then sends the rest.</summary>
    private sealed class PausingContent(byte[] bytes, Func<Task> atHalf) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await Task.Delay(50);
            await atHalf();
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
