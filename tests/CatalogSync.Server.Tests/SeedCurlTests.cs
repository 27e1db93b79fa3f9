using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogSync.Catalog;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Server.Tests;

/// <summary>
/// The <c>curl</c> commands of Collibra's documentation pages (<c>shared/seeds</c>), run literally by curl
/// against a started server: only the credentials, the base URL and the synchronization id are substituted.
/// The batch steps use the paths the batch-synchronization page gives, in the same curl style.
/// </summary>
public sealed partial class SeedCurlTests : IAsyncLifetime
{
    private const string User = "seed-user";
    private const string Password = "seed-password";
    private const string SyncId = "seed-demo";

    private DirectoryInfo _directory = null!;
    private EmbeddedCatalog _catalog = null!;
    private CatalogServer _server = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("catalogsync-seeds-");
        _catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(_directory.FullName, "catalog.db") });
        _server = CatalogServer.Create(new CatalogServerOptions { Urls = ["http://127.0.0.1:0"], UserName = User, Password = Password, SpoolDirectory = Path.Combine(_directory.FullName, "uploads") }, _catalog, _catalog);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _catalog.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [GeneratedRegex("```bash\\n(?<command>curl.*?)```", RegexOptions.Singleline)]
    private static partial Regex CurlBlock();

    [GeneratedRegex("`(?<path>/import/synchronize/<synchronization_id>/[^`]+)`")]
    private static partial Regex DocumentedPath();

    private static string ReadSeed(string prefix) =>
        File.ReadAllText(Directory.GetFiles(TestSupport.SeedsDirectory, prefix + "_*.txt").Single());

    /// <summary>Puts this server's address, credentials and sync id into a documentation command.</summary>
    private string Substitute(string command) => command
        .Replace("<your_credentials>", $"{User}:{Password}", StringComparison.Ordinal)
        .Replace("https://<your_collibra_platform_url>", _server.BaseAddress.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
        .Replace("<synchronization_id>", SyncId, StringComparison.Ordinal)
        .Replace("<file_format>", "json", StringComparison.Ordinal);

    [Fact]
    public async Task The_documented_batch_flow_and_the_literal_finalize_curl_retire_and_restore_missing_assets()
    {
        // The finalization page's curl command, as written.
        var finalizeCurl = Assert.Single(CurlBlock().Matches(ReadSeed("001")).Select(m => m.Groups["command"].Value));
        Assert.Contains("finalizationParameters={ \"STATUS_ID\": \"00000000-0000-0000-0000-000000005066\" };type=application/json", finalizeCurl, StringComparison.Ordinal);
        Assert.Contains("-H  'content-type: multipart/form-data'", finalizeCurl, StringComparison.Ordinal);

        // The batch-synchronization page's paths: batch, then finalize.
        var paths = DocumentedPath().Matches(ReadSeed("002")).Select(m => m.Groups["path"].Value).Distinct().ToList();
        Assert.Contains("/import/synchronize/<synchronization_id>/batch/<file_format>-job", paths);
        Assert.Contains("/import/synchronize/<synchronization_id>/finalize/job", paths);
        string BatchCurl(string file) =>
            $"curl -X POST -u <your_credentials> -H 'accept: application/json' https://<your_collibra_platform_url>/rest/2.0/import/synchronize/<synchronization_id>/batch/<file_format>-job -F 'file=@{file}'";

        // Cycle 1: both batches, then the literal finalize (CHANGE_STATUS through the deprecated JSON part).
        await RunJobAsync(BatchCurl("Demo4_SynchronizeBatch1.json"));
        await RunJobAsync(BatchCurl("Demo4_SynchronizeBatch2.json"));
        await RunJobAsync(finalizeCurl);
        Assert.Equal("Candidate", await StatusOfAsync("SynchronizeDemoAsset4"));

        // Cycle 2: the second batch is missing from the source, so its assets get "Missing from source".
        await RunJobAsync(BatchCurl("Demo4_SynchronizeBatch1.json"));
        var finalize = await RunJobAsync(finalizeCurl);
        Assert.Equal(JobResult.Success, finalize.Result);
        Assert.Equal("Missing from source", await StatusOfAsync("SynchronizeDemoAsset4"));
        Assert.Equal("Missing from source", await StatusOfAsync("SynchronizeDemoAsset5"));
        Assert.Equal("Candidate", await StatusOfAsync("SynchronizeDemoAsset1"));

        // Cycle 3: the assets are back, and the same command restores their type's default status.
        await RunJobAsync(BatchCurl("Demo4_SynchronizeBatch1.json"));
        await RunJobAsync(BatchCurl("Demo4_SynchronizeBatch2.json"));
        await RunJobAsync(finalizeCurl);
        Assert.Equal("Candidate", await StatusOfAsync("SynchronizeDemoAsset4"));
    }

    [Fact]
    public async Task The_finalize_description_dummy_part_and_job_polling_work_with_curl()
    {
        await RunJobAsync("curl -X POST -u <your_credentials> https://<your_collibra_platform_url>/rest/2.0/import/synchronize/<synchronization_id>/batch/json-job -F 'file=@Demo4_SynchronizeBatch1.json'");
        var job = await RunJobAsync("curl -X POST -u <your_credentials> https://<your_collibra_platform_url>/rest/2.0/import/synchronize/<synchronization_id>/finalize/job -F 'foo=bar'");
        Assert.Equal(JobState.Completed, job.State);

        var (exit, output, error) = await RunAsync(Substitute($"curl -s -f -u <your_credentials> https://<your_collibra_platform_url>/rest/2.0/jobs/{job.Id}"));
        Assert.True(exit == 0, error);
        Assert.Equal(job.Id, JsonSerializer.Deserialize(output, ContractJsonContext.Default.Job)!.Id);

        (exit, output, _) = await RunAsync(Substitute("curl -s -o /dev/null -w '%{http_code}' https://<your_collibra_platform_url>/rest/2.0/jobs/" + job.Id));
        Assert.Equal((0, "401"), (exit, output));
    }

    private async Task<Job> RunJobAsync(string documentedCommand)
    {
        var (exit, output, error) = await RunAsync(Substitute(documentedCommand));
        Assert.True(exit == 0, $"curl failed ({exit}): {error}");
        var job = JsonSerializer.Deserialize(output, ContractJsonContext.Default.Job);
        Assert.NotNull(job);
        job = await _catalog.WaitForJobAsync(job.Id);
        Assert.True(job.Result == JobResult.Success, $"{job.Name}: {job.State} {job.Result} {job.Message}");
        return job;
    }

    private async Task<string?> StatusOfAsync(string assetName)
    {
        using var http = new HttpClient();
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = _server.BaseAddress, UserName = User, Password = Password });
        var page = await client.FindAssetsAsync(new AssetQuery { Name = assetName, NameMatchMode = NameMatchMode.Exact });
        return Assert.Single(page.Results).Status.Name;
    }

    /// <summary>Runs a command line with bash in the tutorial folder (so <c>-F file=@…</c> finds the files).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string commandLine)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", commandLine },
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "Tutorial"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
