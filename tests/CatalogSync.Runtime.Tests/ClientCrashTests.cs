using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CatalogSync.Contract;
using CatalogSync.CrashClient;
using CatalogSync.Plans;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The run journal proven on a real client process (<c>tests/CatalogSync.CrashClient</c>: a generated plan of three
/// IDs, about 20 batches of 50 resources a day, over HTTP to a real server on 127.0.0.1, its journal a file given on the
/// command line), killed with SIGKILL at every other progress point of a day-2 run (right after a batch was accepted,
/// between batches, right after a finalization was accepted, after it completed) and while it waits for each
/// finalization's job (the server makes finalization jobs look running for a while), then run again until it
/// succeeds. Each time the catalog must equal that of an uninterrupted day 2 (asset names, types, statuses,
/// attributes, relations, per domain) and each ID must have had exactly one real finalization applied on day 2: a
/// finalization sent twice, or a cycle wrongly resumed, would show (day 2 removes and retires what day 1 had).
/// </summary>
public sealed class ClientCrashTests(ITestOutputHelper output)
{
    private static readonly string[] SyncIds = ["crash-remove-resources", "crash-change-status-000000005066", "crash-ignore"];
    private static readonly TimeSpan FinalizationDelay = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_client_killed_at_every_point_of_a_three_id_run_and_run_again_ends_with_the_uninterrupted_catalog_and_no_finalization_applied_twice()
    {
        var clock = Stopwatch.StartNew();
        Assert.True(File.Exists(ClientPath), $"The crash client was not built: {ClientPath}");
        await using var template = await TempCatalog.CreateAsync();
        var day1 = await CrashPlan.RunAsync(template.Engine, crashColumns: CrashData.Columns(1), crashTables: CrashData.Tables(1), crashSchemas: CrashData.Schemas(1), options: new SyncRunOptions { UseJournal = false });
        Assert.True(day1.Succeeded, day1.Describe());

        // The reference: day 2 without a crash (in-process, the same plan and executor), and its progress points.
        List<string> reference;
        var points = 0;
        await using (var uninterrupted = await TempCatalog.CopyOfAsync(template))
        {
            var day2 = await CrashPlan.RunAsync(uninterrupted.Engine, crashColumns: CrashData.Columns(2), crashTables: CrashData.Tables(2), crashSchemas: CrashData.Schemas(2),
                options: new SyncRunOptions { UseJournal = false, Progress = new ProgressRecorder(_ => points++) });
            Assert.True(day2.Succeeded, day2.Describe());
            Assert.InRange(day2.Jobs.Count(j => j.Kind == SyncJobKind.Batch), 18, 24);
            Assert.True(day2.AssetCounters.Removed > 0 && day2.AssetCounters.Retired > 0, day2.Describe());
            reference = Dump(uninterrupted.DatabasePath);
        }

        // Every other progress point (odd ones: right after a batch or finalization was accepted, and some completions),
        // and the wait for each ID's finalization job.
        var kills = Enumerable.Range(1, points).Where(p => p % 2 == 1).Select(p => new Kill(p, null))
            .Concat(SyncIds.Select(id => new Kill(0, id)))
            .ToList();
        var runsNeeded = new List<int>();
        var closes = 0;
        foreach (var kill in kills)
        {
            await using var catalog = await TempCatalog.CopyOfAsync(template);
            var server = new FinalizationRecorder(catalog.Engine, FinalizationDelay);
            var root = await catalog.ServeAsync(server);
            var journal = Path.Combine(catalog.Directory, "client", "runs.db");

            var killed = await RunClientAsync(root, journal, kill, server);
            Assert.True(killed.Killed, $"{kill}: the client was not killed (exit {killed.ExitCode}):\n{killed.Output}");
            var runs = 1;
            Client last;
            do
            {
                last = await RunClientAsync(root, journal, null, server);
                runs++;
            }
            while (last.ExitCode != 0 && runs < 4);

            Assert.True(last.ExitCode == 0, $"{kill}: the client did not succeed after {runs - 1} run(s):\n{last.Output}");
            var dump = Dump(catalog.DatabasePath);
            Assert.True(reference.SequenceEqual(dump), $"{kill}: the catalog differs from the uninterrupted run's: {Difference(reference, dump)}\n{last.Output}");
            var applied = await server.AppliedAsync();
            foreach (var id in SyncIds[..2])
            {
                Assert.True(applied.GetValueOrDefault(id) == 1, $"{kill}: '{id}' had {applied.GetValueOrDefault(id)} real finalization(s) applied on day 2:\n{last.Output}");
            }

            // The IGNORE ID's own finalization cannot be told from a close (both change nothing): at least one.
            Assert.True(applied.GetValueOrDefault(SyncIds[2]) >= 1, $"{kill}: '{SyncIds[2]}' was not finalized on day 2");

            closes += server.Closes;
            runsNeeded.Add(runs);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kills.Count} kills ({kills.Count(k => k.Point > 0)} at progress points of {points}, {kills.Count(k => k.Point == 0)} while waiting for a finalization), runs per kill {runsNeeded.Min()}–{runsNeeded.Max()} (the killed one included), {closes} IGNORE close(s) in all, {clock.Elapsed.TotalSeconds:0} s"));
    }

    private sealed record Kill(int Point, string? WhileFinalizing)
    {
        public override string ToString() => Point > 0 ? $"kill at point {Point}" : $"kill while waiting for the finalization of '{WhileFinalizing}'";
    }

    private sealed record Client(bool Killed, int ExitCode, string Output);

    private static string ClientPath
    {
        get
        {
            var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = baseDirectory.Parent!.Name; // …/bin/<configuration>/net10.0
            return Path.GetFullPath(Path.Combine(baseDirectory.FullName, "..", "..", "..", "..", "CatalogSync.CrashClient", "bin", configuration, baseDirectory.Name, "CatalogSync.CrashClient.dll"));
        }
    }

    /// <summary>Runs the client for day 2; kills it at the kill's point (or while its finalization is polled), else lets it end.</summary>
    private static async Task<Client> RunClientAsync(Uri root, string journal, Kill? kill, FinalizationRecorder server)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ClientPath, root.AbsoluteUri, TempCatalog.User, TempCatalog.Password, journal, "2", (kill?.Point ?? 0).ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var lines = new ConcurrentQueue<string>();
        var killed = false;
        void KillNow()
        {
            killed = true;
            process.Kill(entireProcessTree: true);
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lines.Enqueue(e.Data);
            if (e.Data.StartsWith("KILL ", StringComparison.Ordinal))
            {
                KillNow();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue("stderr: " + e.Data);
            }
        };
        server.OnFinalizationPoll = kill?.WhileFinalizing is { } id ? syncId =>
        {
            if (syncId == id && !killed)
            {
                KillNow();
            }
        }
        : null;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillNow();
            await process.WaitForExitAsync();
            return new Client(false, -1, "timed out\n" + string.Join('\n', lines));
        }
        finally
        {
            server.OnFinalizationPoll = null;
        }

        process.WaitForExit(); // the output's last lines
        return new Client(killed, process.ExitCode, string.Join('\n', lines));
    }

    /// <summary>What a person would compare: per domain, each asset's name, type and status, its attributes and its relations.</summary>
    private static List<string> Dump(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        const string Asset = "c.name || '/' || d.name || '/' || a.name";
        const string Scope = "JOIN domains d ON d.pk = a.domain_pk JOIN communities c ON c.pk = d.community_pk";
        var dump = new List<string>();
        // Schema version 3: integer keys inside, so types and statuses are named by their UUIDs (hex), resources by names.
        foreach (var sql in new[]
        {
            "SELECT 'domain', c.name || '/' || d.name FROM domains d JOIN communities c ON c.pk = d.community_pk",
            $"SELECT 'asset', {Asset}, hex(at.id), hex(st.id) FROM assets a {Scope} JOIN asset_types at ON at.pk = a.type_pk JOIN statuses st ON st.pk = a.status_pk",
            $"SELECT 'attribute', {Asset}, hex(xt.id), t.position, t.value FROM attributes t JOIN attribute_types xt ON xt.pk = t.type_pk JOIN assets a ON a.pk = t.asset_pk {Scope}",
            $"SELECT 'relation', {Asset}, hex(rt.id), tc.name || '/' || td.name || '/' || ta.name FROM relations r JOIN relation_types rt ON rt.pk = r.type_pk JOIN assets a ON a.pk = r.source_pk {Scope} JOIN assets ta ON ta.pk = r.target_pk JOIN domains td ON td.pk = ta.domain_pk JOIN communities tc ON tc.pk = td.community_pk",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                dump.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        dump.Sort(StringComparer.Ordinal);
        return dump;
    }

    private static string Difference(List<string> expected, List<string> actual) =>
        $"missing [{string.Join(", ", expected.Except(actual).Take(5))}], extra [{string.Join(", ", actual.Except(expected).Take(5))}] ({expected.Count} vs {actual.Count} rows)";

    /// <summary>
    /// The server's catalog, wrapped: records every finalization started, makes a finalization's job look running for
    /// <paramref name="delay"/> after it was started (so that a client can be killed while it waits), and reports each
    /// poll of a finalization's job.
    /// </summary>
    private sealed class FinalizationRecorder(IImportApiClient inner, TimeSpan delay) : DelegatingCatalog(inner)
    {
        private readonly ConcurrentDictionary<Guid, (string SyncId, FinalizationStrategy Strategy, long Started)> _finalizations = new();

        public Action<string>? OnFinalizationPoll { get; set; }

        public int Closes => _finalizations.Values.Count(f => f.Strategy == FinalizationStrategy.Ignore && f.SyncId != SyncIds[2]);

        /// <summary>Per ID, the real finalizations (not IGNORE; for the IGNORE ID, its IGNORE ones) whose job completed successfully.</summary>
        public async Task<Dictionary<string, int>> AppliedAsync()
        {
            var applied = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (id, f) in _finalizations)
            {
                var job = await Inner.GetJobAsync(id);
                var real = f.SyncId == SyncIds[2] ? f.Strategy == FinalizationStrategy.Ignore : f.Strategy != FinalizationStrategy.Ignore;
                if (real && job is { State: JobState.Completed, Result: JobResult.Success })
                {
                    applied[f.SyncId] = applied.GetValueOrDefault(f.SyncId) + 1;
                }
            }

            return applied;
        }

        public override async Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
        {
            var job = await Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
            if (!options.Simulation) // the deletion guard's simulated finalizations change nothing
            {
                _finalizations[job.Id] = (synchronizationId, options.Strategy, Stopwatch.GetTimestamp());
            }

            return job;
        }

        public override async Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default)
        {
            var job = await Inner.GetJobAsync(jobId, cancellationToken);
            if (!_finalizations.TryGetValue(jobId, out var f))
            {
                return job;
            }

            OnFinalizationPoll?.Invoke(f.SyncId);
            return Stopwatch.GetElapsedTime(f.Started) < delay ? job with { State = JobState.Running, Result = JobResult.NotSet } : job;
        }

    }
}
