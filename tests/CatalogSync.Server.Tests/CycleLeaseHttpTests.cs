using System.Net;
using System.Text;
using System.Text.Json;
using CatalogSync.Catalog;
using CatalogSync.Conformance;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>Cycle leases over HTTP: real Kestrel, real HttpClient, the embedded catalog on a SQLite file.</summary>
public sealed class CycleLeaseHttpTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-lease-http-");
    private EmbeddedCatalog _catalog = null!;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(_directory.FullName, "catalog.db") });
        _server = await RunningServer.StartAsync(_catalog, _catalog);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _catalog.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static ImportContent Assets(string domain, IEnumerable<string> names) =>
        CatalogDriver.Resources([CatalogDriver.Domain(domain), .. names.Select(n => CatalogDriver.Asset(n, domain: domain))]);

    private static IEnumerable<string> Names(string prefix, int from, int count) => Enumerable.Range(from, count).Select(i => $"{prefix}-{i:D4}");

    [Fact]
    public async Task Two_writers_with_tokens_on_one_id_one_wins_the_other_gets_409_naming_the_holder_and_nothing_is_lost()
    {
        var alice = _server.CreateClient();
        var bob = _server.CreateClient();
        (await alice.BatchAsync("shared", Assets("D", Names("a", 0, 50)), new ImportJobOptions { CycleOwner = "alice-run-1" })).Job.AssertSucceeded();

        // Bob, mid-way through Alice's cycle, with his own token: refused, told who holds it and until when.
        var refused = await Assert.ThrowsAsync<CatalogApiException>(() =>
            bob.StartFinalizationAsync("shared", new FinalizationOptions { CycleOwner = "bob-run-7" }));
        Assert.Equal((409, "cycleLeased"), (refused.StatusCode, refused.ErrorCode));
        Assert.Contains("'alice-run-1'", refused.Message, StringComparison.Ordinal);
        Assert.Matches(@"until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", refused.Message);

        // The answer is Collibra's error JSON with status 409.
        using (var form = new MultipartFormDataContent())
        {
            form.AddFile("file", Encoding.UTF8.GetBytes("[]"));
            using var request = new HttpRequestMessage(HttpMethod.Post, "rest/2.0/import/synchronize/shared/batch/json-job") { Content = form };
            request.Headers.Add(CycleLease.HeaderName, "bob-run-7");
            using var response = await _server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(409, body.RootElement.GetProperty("statusCode").GetInt32());
            Assert.Equal("Conflict", body.RootElement.GetProperty("titleMessage").GetString());
            Assert.Equal("cycleLeased", body.RootElement.GetProperty("errorCode").GetString());
            Assert.Contains("alice-run-1", body.RootElement.GetProperty("userMessage").GetString(), StringComparison.Ordinal);
            Assert.Equal(body.RootElement.GetProperty("userMessage").GetString(), body.RootElement.GetProperty("message").GetString());
        }

        // A writer without a token (any Collibra client, curl) is refused too, and so is forgetting the id.
        using (var form = new MultipartFormDataContent())
        {
            form.AddText("foo", "bar");
            using var response = await _server.Http.PostAsync("rest/2.0/import/synchronize/shared/finalize/job", form);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        using (var response = await _server.Http.DeleteAsync("rest/2.0/import/synchronize/shared"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        // Alice finishes her cycle: nothing of it was lost; then Bob's turn.
        (await alice.BatchAsync("shared", Assets("D", Names("a", 50, 50)), new ImportJobOptions { CycleOwner = "alice-run-1" })).Job.AssertSucceeded();
        var (finalized, summary) = await alice.FinalizeAsync("shared", new FinalizationOptions { CycleOwner = "alice-run-1" });
        finalized.AssertSucceeded();
        Assert.Equal(0, summary.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(Names("a", 0, 100).ToList(), await _catalog.AssetNamesAsync("D"));
        Assert.Empty(_server.SpooledFiles());

        (await bob.BatchAsync("shared", Assets("D", Names("a", 0, 100)), new ImportJobOptions { CycleOwner = "bob-run-7" })).Job.AssertSucceeded();
        (await bob.FinalizeAsync("shared", new FinalizationOptions { CycleOwner = "bob-run-7" })).Job.AssertSucceeded();
        Assert.Equal(100, (await _catalog.AssetNamesAsync("D")).Count);
    }

    [Fact]
    public async Task Two_writers_racing_for_a_free_id_one_takes_the_lease_and_the_other_is_refused()
    {
        var clients = new[] { "left", "right" }.Select(owner => (Owner: owner, Client: _server.CreateClient())).ToArray();
        var results = await Task.WhenAll(clients.Select(async c =>
        {
            try
            {
                return (c.Owner, Job: (Job?)await c.Client.StartSynchronizationBatchAsync("race", Assets("R", Names(c.Owner, 0, 200)), new ImportJobOptions { CycleOwner = c.Owner }), Error: (CatalogApiException?)null);
            }
            catch (CatalogApiException e)
            {
                return (c.Owner, Job: null, Error: e);
            }
        }));

        var winner = Assert.Single(results, r => r.Job is not null);
        var loser = Assert.Single(results, r => r.Error is not null);
        Assert.Equal((409, "cycleLeased"), (loser.Error!.StatusCode, loser.Error.ErrorCode));
        Assert.Contains($"'{winner.Owner}'", loser.Error.Message, StringComparison.Ordinal);
        (await _catalog.WaitForJobAsync(winner.Job!.Id)).AssertSucceeded();
        Assert.Equal(Names(winner.Owner, 0, 200).ToList(), await _catalog.AssetNamesAsync("R"));
    }

    [Fact]
    public async Task Eight_writers_on_eight_ids_run_in_parallel_and_all_succeed()
    {
        var runs = Enumerable.Range(0, 8).Select(async i =>
        {
            var client = _server.CreateClient();
            var id = $"parallel-{i}";
            var owner = $"writer-{i}";
            var jobs = new List<Job>();
            for (var batch = 0; batch < 3; batch++)
            {
                jobs.Add(await client.StartSynchronizationBatchAsync(id, Assets($"P{i}", Names(id, batch * 100, 100)), new ImportJobOptions { CycleOwner = owner }));
            }

            jobs.Add(await client.StartFinalizationAsync(id, new FinalizationOptions { CycleOwner = owner }));
            foreach (var job in jobs)
            {
                (await client.WaitAsync(job)).AssertSucceeded();
            }

            var found = await _catalog.FindAssetsAsync(new AssetQuery { Name = id + "-", NameMatchMode = NameMatchMode.Start, Paging = new Paging { Limit = 1000 } });
            return found.Results.Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        }).ToList();

        var names = await Task.WhenAll(runs);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(Names($"parallel-{i}", 0, 300).ToList(), names[i]);
        }
    }

    [Fact]
    public async Task A_writer_without_a_token_on_an_id_nobody_holds_behaves_as_with_collibra()
    {
        var client = _server.CreateClient();
        (await client.BatchAsync("plain", Assets("Q", Names("q", 0, 10)))).Job.AssertSucceeded();
        (await client.BatchAsync("plain", Assets("Q", Names("q", 10, 10)))).Job.AssertSucceeded();
        var other = _server.CreateClient();
        (await other.FinalizeAsync("plain")).Job.AssertSucceeded();
        Assert.Equal(20, (await _catalog.AssetNamesAsync("Q")).Count);
        using var response = await _server.Http.DeleteAsync("rest/2.0/import/synchronize/plain");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
