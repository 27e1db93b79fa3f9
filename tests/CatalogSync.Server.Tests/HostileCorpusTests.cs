using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CatalogSync.Server.Tests;

/// <summary>
/// The hostile corpus against the real <c>catalog-sync serve</c> process on a SQLite file: no 5xx, every error a Collibra
/// error JSON, every accepted job failed with a bounded message, no data table changed, and the server's peak memory
/// (VmHWM) under 500 MB.
/// </summary>
public sealed partial class HostileCorpusTests(ITestOutputHelper output) : IDisposable
{
    private const long MemoryBound = 500L << 20;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-corpus-");

    public void Dispose() => _directory.Delete(recursive: true);

    [GeneratedRegex(@"Listening on (?<root>http://127\.0\.0\.1:\d+)/rest/2\.0")]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task Hundreds_of_hostile_requests_cost_a_4xx_or_a_failed_job_never_a_5xx_memory_or_data()
    {
        var database = Path.Combine(_directory.FullName, "corpus.db");
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", database, "--user", RunningServer.User, "--password", RunningServer.Password]);
        var root = new Uri((await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value + "/");
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(RawHttp.BasicAuthorization);
        Assert.Equal(200, (int)(await http.GetAsync("rest/2.0/application/info")).StatusCode);

        var before = DumpDataTables(database);
        var corpus = HostileCorpus.Build();
        Assert.True(corpus.Count >= 500, $"The corpus has {corpus.Count} requests.");

        using var sampling = new CancellationTokenSource();
        long peakRss = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, ReadStatus(serve.ProcessId, "VmRSS"));
                await Task.Delay(50, CancellationToken.None);
            }
        });

        var problems = new List<string>();
        var bigRequests = new List<string>();
        var statuses = new Dictionary<int, int>();
        var jobs = 0;
        var clock = Stopwatch.StartNew();
        var queue = new Queue<HostileRequest>(corpus);
        // The bound is per request: the big inputs (5 MB and more) go one at a time, the small ones alongside.
        using var oneBig = new SemaphoreSlim(1);
        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                HostileRequest request;
                lock (queue)
                {
                    if (!queue.TryDequeue(out request!))
                    {
                        return;
                    }
                }

                var big = (request.Body?.Length ?? 0) > 5 << 20;
                if (big)
                {
                    await oneBig.WaitAsync();
                }

                (int Status, List<string> Problems, bool Job) outcome;
                try
                {
                    outcome = await RunAsync(root, http, request);
                }
                finally
                {
                    if (big)
                    {
                        lock (queue)
                        {
                            bigRequests.Add($"{request.Name} ({request.Body!.Length >> 20} MB): VmHWM {ReadStatus(serve.ProcessId, "VmHWM") >> 20} MB after it");
                        }

                        oneBig.Release();
                    }
                }

                var (status, found, isJob) = outcome;
                lock (queue)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    problems.AddRange(found.Select(f => $"{request.Name}: {f}"));
                    jobs += isJob ? 1 : 0;
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        // The server is still healthy, then the data tables are compared.
        Assert.Equal(200, (int)(await http.GetAsync("rest/2.0/application/info")).StatusCode);
        await sampling.CancelAsync();
        await sampler;
        var peak = ReadStatus(serve.ProcessId, "VmHWM");
        var after = DumpDataTables(database);

        output.WriteLine($"{corpus.Count} requests in {clock.Elapsed.TotalSeconds:0.0} s; {jobs} accepted jobs; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        output.WriteLine($"server peak memory: VmHWM {peak >> 20} MB, highest VmRSS sampled {peakRss >> 20} MB");
        bigRequests.ForEach(output.WriteLine);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(40)));
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
        Assert.Equal(before, after);
        Assert.True(peak < MemoryBound, $"The server's peak memory was {peak >> 20} MB.");
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", serve.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(database).Length < 50L << 20, "The database grew to " + new FileInfo(database).Length + " bytes.");
    }

    private static async Task<(int Status, List<string> Problems, bool Job)> RunAsync(Uri root, HttpClient http, HostileRequest request)
    {
        var problems = new List<string>();
        var bigRequests = new List<string>();
        RawResponse response;
        try
        {
            response = request.RawBytes is { } raw
                ? await RawHttp.SendBytesAsync(root, raw)
                : await RawHttp.SendAsync(root, request.Method, request.Target, request.Headers, request.Body);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Net.Sockets.SocketException)
        {
            return (0, [$"no answer: {e.Message}"], false);
        }

        if (response.Status >= 500)
        {
            problems.Add($"{response.Status}: {Shorten(response.Text)}");
        }

        if (request.MustBeRefused && response.Status < 400)
        {
            problems.Add($"a bad synchronization id was answered {response.Status}: {Shorten(response.Text)}");
        }

        if (response.Status >= 400 && request.Kind == HostileKind.Api)
        {
            CheckError(response, problems);
        }
        else if (response.Status < 400 && request.Kind == HostileKind.Kestrel)
        {
            problems.Add($"expected Kestrel to refuse it, got {response.Status}");
        }

        if (response.Status == 200 && request.StartsJob)
        {
            await CheckJobAsync(http, response, problems);
            return (response.Status, problems, true);
        }

        return (response.Status, problems, false);
    }

    private static void CheckError(RawResponse response, List<string> problems)
    {
        if (response.Body.Length > 8 << 10)
        {
            problems.Add($"{response.Status} answer of {response.Body.Length} bytes");
        }

        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var root = json.RootElement;
            if (root.GetProperty("statusCode").GetInt32() != response.Status
                || string.IsNullOrWhiteSpace(root.GetProperty("errorCode").GetString())
                || string.IsNullOrWhiteSpace(root.GetProperty("titleMessage").GetString())
                || string.IsNullOrWhiteSpace(root.GetProperty("userMessage").GetString())
                || root.GetProperty("userMessage").GetString()!.Length < 20)
            {
                problems.Add($"{response.Status} without a clear Collibra error: {Shorten(response.Text)}");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add($"{response.Status} answer is not Collibra's error JSON: '{Shorten(response.Text)}'");
        }
    }

    private static async Task CheckJobAsync(HttpClient http, RawResponse response, List<string> problems)
    {
        var id = JsonDocument.Parse(response.Body).RootElement.GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string text;
        JsonElement job;
        do
        {
            text = await http.GetStringAsync($"rest/2.0/jobs/{id}");
            job = JsonDocument.Parse(text).RootElement;
            if (job.GetProperty("state").GetString() is "COMPLETED" or "ERROR" or "CANCELED")
            {
                break;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        var state = job.GetProperty("state").GetString();
        var result = job.GetProperty("result").GetString();
        if (state is not ("ERROR" or "COMPLETED") || result == "SUCCESS")
        {
            problems.Add($"job ended {state} {result}: {Shorten(text)}");
        }

        if (text.Length > 4 << 10)
        {
            problems.Add($"GET /jobs/{id} is {text.Length} characters");
        }

        var errors = await http.GetStringAsync($"rest/2.0/import/results/{id}/errors?limit=1000");
        foreach (var error in JsonDocument.Parse(errors).RootElement.GetProperty("results").EnumerateArray())
        {
            if (error.GetProperty("errorMessage").GetString()!.Length > 4100)
            {
                problems.Add("an error message of " + error.GetProperty("errorMessage").GetString()!.Length + " characters");
                break;
            }
        }

        var summary = await http.GetStringAsync($"rest/2.0/import/results/{id}/summary");
        if (summary.Length > 16 << 10)
        {
            problems.Add($"a summary of {summary.Length} characters");
        }
    }

    /// <summary>Every table but the job history, row by row, in a stable order.</summary>
    private static List<string> DumpDataTables(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'job%' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("assets", tables);
        var dump = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    row.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('|');
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            dump.Add($"{table}: {rows.Count} rows");
            dump.AddRange(rows);
        }

        return dump;
    }

    /// <summary>A size from /proc/{pid}/status, in bytes.</summary>
    private static long ReadStatus(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}.");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
