using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary><c>catalog-sync serve</c> as a real process: start, import over HTTP, stop with a signal, data kept.</summary>
public sealed partial class CliServeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-cli-");

    public void Dispose() => _directory.Delete(recursive: true);

    [GeneratedRegex(@"Listening on (?<root>http://127\.0\.0\.1:\d+)/rest/2\.0")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Generated password for user 'admin' .*: (?<password>\S+)$")]
    private static partial Regex GeneratedPasswordLine();

    [Fact]
    public async Task Serve_imports_over_http_and_stops_on_sigint_keeping_every_accepted_batch()
    {
        var database = Path.Combine(_directory.FullName, "catalog.db");
        await using (var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", database, "--user", "U", "--password", "P"]))
        {
            var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
            using var http = Client(root, "U", "P");

            var first = await PostBatchAsync(http, "Demo4_SynchronizeBatch1.json");
            while (!first.IsFinished)
            {
                await Task.Delay(50);
                first = (await http.GetFromJsonAsync($"rest/2.0/jobs/{first.Id}", ContractJsonContext.Default.Job))!;
            }

            Assert.Equal(JobResult.Success, first.Result);

            // Accepted, then the server is told to stop at once: the batch still commits before the process exits.
            var second = await PostBatchAsync(http, "Demo4_SynchronizeBatch2.json");
            serve.Signal("INT");
            Assert.Equal(0, await serve.WaitForExitAsync());
            Assert.Contains($"Job {first.Id}", serve.Output, StringComparison.Ordinal);
            Assert.Contains($"Job {second.Id}", serve.Output, StringComparison.Ordinal);
            Assert.Contains("Stopped; the catalog is closed", serve.Output, StringComparison.Ordinal);
        }

        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = database });
        var names = (await catalog.FindAssetsAsync(new AssetQuery { Name = "SynchronizeDemoAsset", NameMatchMode = NameMatchMode.Start })).Results.Select(a => a.Name);
        Assert.Equal(["SynchronizeDemoAsset1", "SynchronizeDemoAsset2", "SynchronizeDemoAsset3", "SynchronizeDemoAsset4", "SynchronizeDemoAsset5"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Serve_without_credentials_prints_a_generated_password_once_and_requires_it()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", Path.Combine(_directory.FullName, "c.db")]);
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        var password = (await serve.WaitForLineAsync(GeneratedPasswordLine())).Groups["password"].Value;
        using var anonymous = new HttpClient { BaseAddress = new Uri(root + "/") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("rest/2.0/statuses")).StatusCode);
        using var http = Client(root, "admin", password);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("rest/2.0/statuses")).StatusCode);
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync());
        Assert.Single(Regex.Matches(serve.Output, Regex.Escape(password)));
    }

    [Fact]
    public async Task Serve_takes_credentials_from_the_environment()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", Path.Combine(_directory.FullName, "e.db")],
            new() { ["CATALOGSYNC_USER"] = "env-user", ["CATALOGSYNC_PASSWORD"] = "env-password" });
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        using var http = Client(root, "env-user", "env-password");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("rest/2.0/statuses")).StatusCode);
        Assert.DoesNotContain("Generated password", serve.Output, StringComparison.Ordinal);
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync());
    }

    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_without_credentials()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://0.0.0.0:0", "--database", Path.Combine(_directory.FullName, "r.db")]);
        Assert.Equal(2, await serve.WaitForExitAsync());
        Assert.Contains("--user and --password", serve.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-pending-jobs", "0", "pending jobs")]
    [InlineData("--urls", "nonsense", "not an address")]
    [InlineData("--max-pending-size", "lots", "--max-pending-size")]
    [InlineData("--job-retention-days", "-1", "--job-retention-days")]
    [InlineData("--job-retention-min-minutes", "-5", "--job-retention-min-minutes")]
    [InlineData("--job-retention-min-minutes", "50000", "longer than the job retention age")]
    public async Task Serve_with_refused_options_creates_no_database_file(string option, string value, string message)
    {
        var database = Path.Combine(_directory.FullName, "sub", "refused.db");
        string[] arguments = option == "--urls"
            ? ["--urls", value, "--database", database, "--user", "U", "--password", "P"]
            : ["--urls", "http://127.0.0.1:0", "--database", database, "--user", "U", "--password", "P", option, value];
        await using var serve = ServeProcess.Start(arguments);
        Assert.Equal(2, await serve.WaitForExitAsync());
        Assert.Contains(message, serve.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database));
        Assert.False(Directory.Exists(Path.GetDirectoryName(database)));
    }

    [Fact]
    public async Task Serve_refuses_an_upload_that_the_queue_cannot_take_before_reading_it_and_writes_nothing()
    {
        var database = Path.Combine(_directory.FullName, "queue.db");
        var uploads = database + ".uploads";
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", database, "--user", "U", "--password", "P", "--max-pending-jobs", "1"]);
        var root = new Uri((await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value + "/");
        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("U:P"));
        const string target = "/rest/2.0/import/synchronize/queue/batch/json-job";
        string[] headers = ["Content-Type: multipart/form-data; boundary=b", "Content-Length: 100000"];

        // A first upload takes the only place in the queue: it is seen arriving in the uploads folder, then stalls.
        using (var first = new System.Net.Sockets.TcpClient())
        {
            await first.ConnectAsync(root.Host, root.Port);
            await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {target} HTTP/1.1\r\nHost: {root.Authority}\r\nAuthorization: {authorization}\r\n{string.Join("\r\n", headers)}\r\n\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n[" + new string(' ', 10_000)));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (UploadFiles().Length == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Single(UploadFiles());

            // The second is answered from its head alone (no body is sent), and nothing of it is written.
            var refused = await RawHttp.SendAsync(root, "POST", target, headers, authorization: authorization);
            Assert.True(refused.Status == 503, $"{refused.Status}: {refused.Text}");
            Assert.Equal("5", refused.Headers["Retry-After"]);
            using var json = JsonDocument.Parse(refused.Body);
            Assert.Equal("queueFull", json.RootElement.GetProperty("errorCode").GetString());
            Assert.Contains("1 jobs are waiting, running or being uploaded", json.RootElement.GetProperty("userMessage").GetString(), StringComparison.Ordinal);
            Assert.Single(UploadFiles());
            first.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }

        // The first client went away: its upload is deleted and its place given back, so the next request is taken.
        using var http = Client(root.AbsoluteUri.TrimEnd('/'), "U", "P");
        var again = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        string text;
        do
        {
            using var form = new MultipartFormDataContent();
            form.AddFile("file", await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Tutorial", "Demo4_SynchronizeBatch1.json")));
            using var response = await http.PostAsync(target.TrimStart('/'), form);
            (status, text) = (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < again);

        Assert.True(status == HttpStatusCode.OK, text);
        var job = JsonSerializer.Deserialize(text, ContractJsonContext.Default.Job)!;
        while (!job.IsFinished)
        {
            await Task.Delay(50);
            job = (await http.GetFromJsonAsync($"rest/2.0/jobs/{job.Id}", ContractJsonContext.Default.Job))!;
        }

        Assert.Equal(JobResult.Success, job.Result);
        Assert.Empty(UploadFiles());
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync());

        string[] UploadFiles() => Directory.Exists(uploads) ? Directory.GetFiles(uploads, "*", SearchOption.AllDirectories) : [];
    }

    [Fact]
    public async Task Serve_ignores_the_test_job_delay_without_the_test_hooks_opt_in()
    {
        // An hour at every stage: honoured, the job could not finish while the test waits for it.
        var database = Path.Combine(_directory.FullName, "hooks.db");
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", database, "--user", "U", "--password", "P"],
            new() { ["CATALOGSYNC_TEST_JOB_DELAY_MS"] = "3600000" });
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        using var http = Client(root, "U", "P");
        var job = await PostBatchAsync(http, "Demo4_SynchronizeBatch1.json");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!job.IsFinished && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            job = (await http.GetFromJsonAsync($"rest/2.0/jobs/{job.Id}", ContractJsonContext.Default.Job))!;
        }

        Assert.Equal(JobResult.Success, job.Result);
        Assert.Contains("CATALOGSYNC_TEST_JOB_DELAY_MS is set but ignored", serve.Error, StringComparison.Ordinal);
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync());
    }

    [Fact]
    public void The_test_job_delay_counts_only_with_the_explicit_opt_in()
    {
        static Cli.Commands.ServeCommand.TestHooks Read(params (string Name, string Value)[] variables) =>
            Cli.Commands.ServeCommand.ReadTestHooks(name => variables.FirstOrDefault(v => v.Name == name).Value);

        Assert.Equal(new(TimeSpan.Zero, null, false), Read());
        var stray = Read(("CATALOGSYNC_TEST_JOB_DELAY_MS", "500"));
        Assert.Equal(TimeSpan.Zero, stray.JobStageDelay);
        Assert.Contains("ignored", stray.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, Read(("CATALOGSYNC_TEST_JOB_DELAY_MS", "500"), ("CATALOGSYNC_ENABLE_TEST_HOOKS", "true")).JobStageDelay);

        var enabled = Read(("CATALOGSYNC_TEST_JOB_DELAY_MS", "500"), ("CATALOGSYNC_ENABLE_TEST_HOOKS", "1"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), enabled.JobStageDelay);
        Assert.Contains("Test hooks are on", enabled.Message, StringComparison.Ordinal);
        Assert.False(enabled.Refused);
        Assert.True(Read(("CATALOGSYNC_TEST_JOB_DELAY_MS", "soon"), ("CATALOGSYNC_ENABLE_TEST_HOOKS", "1")).Refused);

        var strayGate = Read(("CATALOGSYNC_TEST_JOB_GATE_DIR", "gate"));
        Assert.Null(strayGate.JobGateDirectory);
        Assert.Contains("CATALOGSYNC_TEST_JOB_GATE_DIR is set but ignored", strayGate.Message, StringComparison.Ordinal);
        var gate = Read(("CATALOGSYNC_TEST_JOB_GATE_DIR", "gate"), ("CATALOGSYNC_ENABLE_TEST_HOOKS", "1"));
        Assert.Equal(Path.GetFullPath("gate"), gate.JobGateDirectory);
        Assert.Equal(TimeSpan.Zero, gate.JobStageDelay);
        Assert.Contains("waits for its file in", gate.Message, StringComparison.Ordinal);
    }

    private static HttpClient Client(string root, string user, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(root + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static async Task<Job> PostBatchAsync(HttpClient http, string file)
    {
        using var form = new MultipartFormDataContent();
        form.AddFile("file", await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Tutorial", file)), file);
        using var response = await http.PostAsync("rest/2.0/import/synchronize/cli-demo/batch/json-job", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize(text, ContractJsonContext.Default.Job)!;
    }
}
