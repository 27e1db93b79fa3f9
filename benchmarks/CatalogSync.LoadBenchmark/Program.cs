using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.LoadBenchmark;

/// <summary>
/// The load benchmark of issue 18: `catalog-sync serve` on a fresh temp database, driven over HTTP through the runtime's
/// <see cref="CollibraHttpClient"/>, then the sqlite3 floors. Prints one table. The data is generated lazily, batch by
/// batch, straight into the request body, so the client holds one batch's writer and nothing more.
/// </summary>
internal static partial class Program
{
    private const string SyncId = "load-benchmark";
    private const string Community = "Load Benchmark";
    private const int Domains = 20;
    private static readonly Guid MissingStatus = Guid.Parse("00000000-0000-0000-0000-000000005066");
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static async Task<int> Main(string[] args)
    {
        var assets = 100_000;
        var batchSize = 50_000;
        var keep = false;
        var serveArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--assets":
                    assets = int.Parse(args[++i], Inv);
                    break;
                case "--batch":
                    batchSize = Math.Min(50_000, int.Parse(args[++i], Inv));
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--serve-arg":
                    serveArgs.Add(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine("Usage: --assets N (default 100000) [--batch N (at most 50000)] [--keep] [--serve-arg ARG]...");
                    return 2;
            }
        }

        var directory = Directory.CreateTempSubdirectory("catalogsync-load-");
        var report = new Report(assets, batchSize);
        Console.WriteLine($"CatalogSync load benchmark: {assets} assets, 2 attributes each, {Domains} domains, batches of {batchSize}; temp {directory.FullName}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}");
        try
        {
            await RunCatalogAsync(directory.FullName, assets, batchSize, serveArgs, report);
            RunFloors(directory.FullName, assets, report);
        }
        finally
        {
            report.LoadAtEnd = LoadAverage();
            report.Print();
            if (!keep)
            {
                directory.Delete(recursive: true);
            }
        }

        return 0;
    }

    // ------------------------------------------------------------------ the catalog over HTTP

    private static async Task RunCatalogAsync(string directory, int assets, int batchSize, List<string> serveArgs, Report report)
    {
        var database = Path.Combine(directory, "catalog.db");
        using var serve = StartServe(database, serveArgs, out var output);
        var root = await WaitForListeningAsync(serve, output);
        report.ServerPid = serve.Id;
        using var http = new HttpClient { BaseAddress = new Uri(root + "/"), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("bench:bench")));
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = new Uri(root + "/"), UserName = "bench", Password = "bench" });

        // A copy of the fresh catalog (schema and seeded metamodel) for the floor with the project's schema.
        Sqlite3.Backup(database, Path.Combine(directory, "floor-project.db"));

        var all = (Func<int, bool>)(_ => true);
        report.Add(await SyncAsync(client, "first sync", assets, batchSize, all, FinalizationStrategy.RemoveResources));
        report.Add(await SyncAsync(client, "unchanged re-sync", assets, batchSize, all, FinalizationStrategy.RemoveResources));
        report.Add(await SyncAsync(client, "1 % missing, CHANGE_STATUS", assets, batchSize, i => i % 100 != 0, FinalizationStrategy.ChangeStatus));
        report.Add(await SyncAsync(client, "1 % missing, REMOVE_RESOURCES", assets, batchSize, i => i % 100 != 1, FinalizationStrategy.RemoveResources));

        await ReadsAsync(http, assets, report);
        report.ServerPeakRss = PeakRss(serve.Id);
        report.ServerCpu = CpuSeconds(serve.Id);
        report.DatabaseBytes = new DirectoryInfo(directory).EnumerateFiles("catalog.db*").Sum(f => f.Length);
        serve.Kill(entireProcessTree: true);
        await serve.WaitForExitAsync();
        report.ClientPeakRss = PeakRss(Environment.ProcessId);
    }

    private static Process StartServe(string database, List<string> serveArgs, out StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "catalog-sync.dll"), "serve", "--urls", "http://127.0.0.1:0", "--database", database, "--user", "bench", "--password", "bench"])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in serveArgs)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static async Task<string> WaitForListeningAsync(Process serve, StringBuilder output)
    {
        for (var i = 0; i < 1200; i++)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            if (ListeningLine().Match(text) is { Success: true } match)
            {
                return match.Groups["root"].Value;
            }

            if (serve.HasExited)
            {
                throw new InvalidOperationException("catalog-sync serve exited: " + text);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("catalog-sync serve did not start listening in 60 s.");
    }

    [GeneratedRegex(@"Listening on (?<root>http://\S+?)/rest/2\.0")]
    private static partial Regex ListeningLine();

    /// <summary>One cycle: every batch of the assets that <paramref name="include"/> keeps, then the finalization.</summary>
    private static async Task<Phase> SyncAsync(CollibraHttpClient client, string name, int assets, int batchSize, Func<int, bool> include, FinalizationStrategy strategy)
    {
        var phase = new Phase(name);
        var total = Stopwatch.StartNew();
        for (var first = 0; first < assets; first += batchSize)
        {
            var end = Math.Min(assets, first + batchSize);
            var start = first;
            var content = ImportContent.FromWriter((stream, ct) => WriteBatchAsync(stream, start, end, include, withContainers: start == 0, ct));
            var watch = Stopwatch.StartNew();
            var job = await client.StartSynchronizationBatchAsync(SyncId, content, new ImportJobOptions());
            job = await WaitAsync(client, job);
            phase.Batches.Add(watch.Elapsed.TotalSeconds);
            if (job.Result != JobResult.Success)
            {
                throw new InvalidOperationException($"{name}: batch {first}..{end} ended {job.State} {job.Result}: {job.Message}");
            }

            phase.Assets += Enumerable.Range(start, end - start).Count(include);
        }

        phase.BatchesSeconds = total.Elapsed.TotalSeconds;
        var finalize = Stopwatch.StartNew();
        var options = new FinalizationOptions { Strategy = strategy, MissingAssetStatusId = strategy == FinalizationStrategy.ChangeStatus ? MissingStatus : null };
        var fin = await WaitAsync(client, await client.StartFinalizationAsync(SyncId, options));
        phase.FinalizeSeconds = finalize.Elapsed.TotalSeconds;
        if (fin.Result != JobResult.Success)
        {
            throw new InvalidOperationException($"{name}: finalization ended {fin.State} {fin.Result}: {fin.Message}");
        }

        var summary = await client.GetSummaryAsync(fin.Id);
        phase.FinalizeNote = Describe(summary);
        Console.WriteLine($"  {name}: {phase.BatchesSeconds:F1} s batches ({string.Join(" ", phase.Batches.Select(b => b.ToString("F1", Inv)))}), finalize {phase.FinalizeSeconds:F2} s {phase.FinalizeNote}");
        return phase;
    }

    private static string Describe(ImportSummary summary)
    {
        var json = JsonSerializer.Serialize(summary, ContractJsonContext.Default.ImportSummary);
        using var document = JsonDocument.Parse(json);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Name is "removed" or "retired" or "restored")
                    {
                        counts[p.Name] = Math.Max(counts.GetValueOrDefault(p.Name), p.Value.GetInt64());
                    }
                    else
                    {
                        Walk(p.Value);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray())
                {
                    Walk(x);
                }
            }
        }

        Walk(document.RootElement);
        return string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
    }

    private static async Task<Job> WaitAsync(CollibraHttpClient client, Job job)
    {
        var delay = 10;
        while (!job.IsFinished)
        {
            await Task.Delay(delay);
            delay = Math.Min(200, delay * 2);
            job = await client.GetJobAsync(job.Id);
        }

        return job;
    }

    internal static string AssetName(int i) => "asset-" + i.ToString("D7", Inv);

    internal static string DomainName(int d) => "Domain " + d.ToString("D2", Inv);

    private static async Task WriteBatchAsync(Stream stream, int start, int end, Func<int, bool> include, bool withContainers, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        if (withContainers)
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "Community");
            json.WriteStartObject("identifier");
            json.WriteString("name", Community);
            json.WriteEndObject();
            json.WriteEndObject();
            for (var d = 0; d < Domains; d++)
            {
                json.WriteStartObject();
                json.WriteString("resourceType", "Domain");
                json.WriteStartObject("identifier");
                json.WriteString("name", DomainName(d));
                json.WriteStartObject("community");
                json.WriteString("name", Community);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject("type");
                json.WriteString("name", "Physical Data Dictionary");
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        for (var i = start; i < end; i++)
        {
            if (!include(i))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("resourceType", "Asset");
            json.WriteStartObject("identifier");
            json.WriteString("name", AssetName(i));
            json.WriteStartObject("domain");
            json.WriteString("name", DomainName(i % Domains));
            json.WriteStartObject("community");
            json.WriteString("name", Community);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("displayName", "Asset " + i.ToString(Inv));
            json.WriteStartObject("type");
            json.WriteString("name", "Table");
            json.WriteEndObject();
            json.WriteStartObject("attributes");
            json.WriteStartArray("Description");
            json.WriteStartObject();
            json.WriteString("value", "Table number " + i.ToString(Inv) + " of the load benchmark");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("Row Count");
            json.WriteStartObject();
            json.WriteString("value", (i * 37L % 1_000_003).ToString(Inv));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    // ------------------------------------------------------------------ reads

    private static async Task ReadsAsync(HttpClient http, int assets, Report report)
    {
        var remaining = assets - (assets / 100);
        var offset = remaining * 9 / 10 / 1000 * 1000;
        await TimeReadAsync(http, report, $"/assets?limit=1000&offset={offset}", $"rest/2.0/assets?limit=1000&offset={offset}");
        await TimeReadAsync(http, report, "/assets?limit=1000&offset=0", "rest/2.0/assets?limit=1000&offset=0");

        // Cursor paging: the first page, then following nextCursor (as Collibra's clients do).
        var cursorTimes = new List<double>();
        string? cursor = "";
        var pages = 0;
        while (cursor is not null && pages < 20)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync("rest/2.0/assets?limit=1000&cursor=" + Uri.EscapeDataString(cursor));
            var body = await response.Content.ReadAsStringAsync();
            cursorTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                report.Reads.Add(($"/assets?cursor= (following nextCursor)", double.NaN, $"HTTP {(int)response.StatusCode}"));
                break;
            }

            using var document = JsonDocument.Parse(body);
            cursor = document.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
            if (cursor is null && pages == 1)
            {
                report.Reads.Add(("/assets?cursor= (following nextCursor)", cursorTimes[0], "no nextCursor in the answer: cursor paging not served"));
                cursorTimes.Clear();
            }
        }

        if (cursorTimes.Count > 0)
        {
            report.Reads.Add(($"/assets?cursor= ({cursorTimes.Count} pages, max)", cursorTimes.Max(), $"median {Median(cursorTimes):F1} ms"));
        }

        var name = AssetName(assets / 2 + 7);
        var found = await TimeReadAsync(http, report, "/assets?name=<name>&nameMatchMode=EXACT", $"rest/2.0/assets?name={Uri.EscapeDataString(name)}&nameMatchMode=EXACT");
        await TimeReadAsync(http, report, "/assets?name=<displayName>&nameMatchMode=EXACT", $"rest/2.0/assets?name={Uri.EscapeDataString("Asset " + (assets / 3 + 5).ToString(Inv))}&nameMatchMode=EXACT");
        using var document2 = JsonDocument.Parse(found);
        var id = document2.RootElement.GetProperty("results")[0].GetProperty("id").GetString();
        await TimeReadAsync(http, report, "/assets/{id}", $"rest/2.0/assets/{id}");
    }

    private static async Task<string> TimeReadAsync(HttpClient http, Report report, string label, string path)
    {
        // Three calls: the first may read cold pages; the table shows the first and the median.
        var times = new List<double>();
        var body = "";
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                report.Reads.Add((label, double.NaN, $"HTTP {(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}"));
                return body;
            }
        }

        using var document = JsonDocument.Parse(body);
        var total = document.RootElement.TryGetProperty("total", out var t) ? t.GetInt64().ToString(Inv) : "-";
        report.Reads.Add((label, Median(times), $"first {times[0]:F1} ms, total {total}"));
        return body;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    // ------------------------------------------------------------------ sqlite3 floors

    private static void RunFloors(string directory, int assets, Report report)
    {
        if (!Sqlite3.EnsureInstalled(out var note))
        {
            report.FloorNote = note;
            return;
        }

        var project = Path.Combine(directory, "floor-project.db");
        report.ProjectFloor = Sqlite3.Run(project, writer => FloorProjectSchema(writer, project, assets));
        var integer = Path.Combine(directory, "floor-integer.db");
        report.IntegerFloor = Sqlite3.Run(integer, writer => FloorIntegerKeys(writer, assets));
        Console.WriteLine($"  sqlite3 floors: project schema {report.ProjectFloor:F1} s, integer keys {report.IntegerFloor:F1} s");
    }

    private const string FloorPragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

    /// <summary>The same asset and attribute rows as the first sync, into the project's schema (version 3: integer keys, UUIDs as 16-byte BLOBs, every index and trigger), one transaction.</summary>
    private static void FloorProjectSchema(TextWriter sql, string database, int assets)
    {
        var typePk = Sqlite3.Scalar(database, "SELECT pk FROM asset_types WHERE name = 'Table'");
        var statusPk = Sqlite3.Scalar(database, "SELECT default_status_pk FROM asset_types WHERE name = 'Table'");
        var description = Sqlite3.Scalar(database, "SELECT pk FROM attribute_types WHERE name = 'Description'");
        var rowCount = Sqlite3.Scalar(database, "SELECT pk FROM attribute_types WHERE name = 'Row Count'");
        var domainType = Sqlite3.Scalar(database, "SELECT pk FROM domain_types WHERE name = 'Physical Data Dictionary'");
        static string Blob(Guid id) => "X'" + Convert.ToHexString(id.ToByteArray(bigEndian: true)) + "'";
        sql.WriteLine(FloorPragmas);
        sql.WriteLine("BEGIN;");
        // Keys far above the seed's: the floor's own community and domains.
        const long Base = 1_000_000;
        sql.WriteLine($"INSERT INTO communities VALUES ({Base}, {Blob(Guid.NewGuid())}, '{Community}', NULL, NULL, 0, 0);");
        for (var d = 0; d < Domains; d++)
        {
            sql.WriteLine($"INSERT INTO domains VALUES ({Base + d}, {Blob(Guid.NewGuid())}, '{DomainName(d)}', NULL, {Base}, {domainType}, 0, 0);");
        }

        for (var i = 0; i < assets; i++)
        {
            var pk = i + 1;
            sql.WriteLine($"INSERT INTO assets VALUES ({pk}, {Blob(Guid.NewGuid())}, '{AssetName(i)}', 'Asset {i}', {Base + (i % Domains)}, {typePk}, {statusPk}, 0, 0);");
            sql.WriteLine($"INSERT INTO attributes VALUES (NULL, {Blob(Guid.NewGuid())}, {pk}, {description}, 0, 'Table number {i} of the load benchmark', 0, 0);");
            sql.WriteLine($"INSERT INTO attributes VALUES (NULL, {Blob(Guid.NewGuid())}, {pk}, {rowCount}, 0, '{i * 37L % 1_000_003}', 0, 0);");
        }

        sql.WriteLine("COMMIT;");
    }

    /// <summary>The same rows with integer keys (the physical floor): rowid tables, the same unique and look-up indexes.</summary>
    private static void FloorIntegerKeys(TextWriter sql, int assets)
    {
        sql.WriteLine(FloorPragmas);
        sql.WriteLine("""
            CREATE TABLE assets(id INTEGER PRIMARY KEY, name TEXT NOT NULL, display_name TEXT, domain_id INTEGER NOT NULL, type_id INTEGER NOT NULL,
                status_id INTEGER NOT NULL, created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL, UNIQUE(domain_id, name));
            CREATE INDEX assets_name ON assets(name);
            CREATE TABLE attributes(id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id), type_id INTEGER NOT NULL, position INTEGER NOT NULL,
                value TEXT, created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL);
            CREATE INDEX attributes_asset ON attributes(asset_id, type_id, position);
            """);
        sql.WriteLine("BEGIN;");
        for (var i = 0; i < assets; i++)
        {
            var id = i + 1;
            sql.WriteLine($"INSERT INTO assets VALUES ({id}, '{AssetName(i)}', 'Asset {i}', {i % Domains}, 1, 1, 0, 0);");
            sql.WriteLine($"INSERT INTO attributes VALUES ({(2 * i) + 1}, {id}, 1, 0, 'Table number {i} of the load benchmark', 0, 0);");
            sql.WriteLine($"INSERT INTO attributes VALUES ({(2 * i) + 2}, {id}, 2, 0, '{i * 37L % 1_000_003}', 0, 0);");
        }

        sql.WriteLine("COMMIT;");
    }

    // ------------------------------------------------------------------ /proc

    private static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], Inv) * 1024;
            }
        }

        return -1;
    }

    private static double CpuSeconds(int pid)
    {
        // Fields 14 and 15 of /proc/{pid}/stat: user and system time in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv)) / 100.0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
