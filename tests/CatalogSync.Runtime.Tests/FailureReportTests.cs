using System.Net;
using System.Net.Sockets;
using CatalogSync.Http;
using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// Failures of the catalog end a run with a report, not an exception: a wrong password against the real server on
/// 127.0.0.1, and a refused connection to a closed loopback port.
/// </summary>
public sealed class FailureReportTests : IAsyncLifetime
{
    private static readonly ImportApiResilienceOptions Fast = new() { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    private TempCatalog _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempCatalog.CreateAsync();
        await _temp.ServeAsync();
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_ends_a_run_with_a_report_that_says_so()
    {
        using var http = CreateHttpClient();
        var client = new CollibraHttpClient(http, _temp.ClientOptions() with { Password = "wrong" });

        // The preflight is the first request: it stops the run before anything is sent.
        var report = await WarehousePlan.RunAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));
        // Without the preflight, the lookup of the plan's communities and domains meets the same refusal, before any batch.
        var skipped = await WarehousePlan.RunAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: new SyncRunOptions { SkipPreflight = true });

        Assert.False(report.Succeeded);
        Assert.All(report.Groups, g => Assert.Equal(SyncGroupOutcome.NotStarted, g.Outcome));
        Assert.Contains("metamodel could not be read for the preflight: the catalog refused the credentials", report.Message, StringComparison.Ordinal);
        Assert.Empty(report.Jobs);
        Assert.False(skipped.Succeeded);
        Assert.All(skipped.Groups, g => Assert.Equal(SyncGroupOutcome.NotStarted, g.Outcome));
        Assert.Contains("communities and domains of the plan could not be looked up: the catalog refused the credentials", skipped.Message, StringComparison.Ordinal);
        Assert.Empty(skipped.Jobs);
        Assert.Equal(0, await _temp.CountAssetsAsync("rt."));
    }

    [Fact]
    public async Task A_wrong_password_while_a_status_name_is_looked_up_ends_the_run_with_a_report()
    {
        using var http = CreateHttpClient();
        var client = new CollibraHttpClient(http, _temp.ClientOptions() with { Password = "wrong" });

        var report = await NamedStatusPlan.RunAsync(client, [new NamedStatusTable("rt.named.1")]);
        var preview = await NamedStatusPlan.PreviewAsync(client, [new NamedStatusTable("rt.named.1")]);

        foreach (var r in new[] { report, preview })
        {
            Assert.False(r.Succeeded);
            Assert.Equal(SyncGroupOutcome.NotStarted, Assert.Single(r.Groups).Outcome);
            Assert.Contains("refused the credentials", r.Message, StringComparison.Ordinal);
            Assert.Contains("refused the credentials", r.Describe(), StringComparison.Ordinal);
            Assert.Empty(r.Jobs);
        }
    }

    [Fact]
    public async Task A_status_name_is_looked_up_with_the_right_password()
    {
        // The counterpart of the test above: the same plan runs when the catalog lets it in.
        using var http = CreateHttpClient();
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var report = await NamedStatusPlan.RunAsync(client, [new NamedStatusTable("rt.named.1")]);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(TempCatalog.MissingFromSource, report.Groups[0].StatusId);
    }

    [Fact]
    public async Task A_refused_connection_ends_a_run_and_a_preview_with_a_report()
    {
        using var http = CreateHttpClient();
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = ClosedLoopbackPort(), UserName = TempCatalog.User, Password = TempCatalog.Password });

        var run = await WarehousePlan.RunAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));
        var preview = await WarehousePlan.PreviewAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));
        var named = await NamedStatusPlan.RunAsync(client, [new NamedStatusTable("rt.named.1")]);
        var skipped = new SyncRunOptions { SkipPreflight = true };
        var runWithoutPreflight = await WarehousePlan.RunAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: skipped);
        var previewWithoutPreflight = await WarehousePlan.PreviewAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1), options: skipped);

        // The preflight is the first request of a run and of a preview; without it, the lookup of the containers.
        Assert.Contains("could not be reached", run.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", preview.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", named.Message, StringComparison.Ordinal);
        foreach (var withoutPreflight in new[] { runWithoutPreflight, previewWithoutPreflight })
        {
            Assert.All(withoutPreflight.Groups, g => Assert.Equal(SyncGroupOutcome.NotStarted, g.Outcome));
            Assert.Contains("communities and domains of the plan could not be looked up: the catalog could not be reached", withoutPreflight.Message, StringComparison.Ordinal);
        }

        Assert.All(new[] { run, preview, named, runWithoutPreflight, previewWithoutPreflight }, r => Assert.False(r.Succeeded));
    }

    [Fact]
    public async Task A_request_that_times_out_ends_the_run_with_a_report()
    {
        // Every attempt of the first batch is answered a minute late; the total timeout gives up after a second.
        var faults = new FaultInjector().Add(FaultInjector.Fault.SlowAfterHandling("POST", "/batch/json-job", TimeSpan.FromMinutes(1)), times: 10);
        var options = Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(400), TotalRequestTimeout = TimeSpan.FromSeconds(1) };
        using var http = new HttpClient(ImportApiResilience.CreateHandler(options, faults)) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var report = await WarehousePlan.RunAsync(client, tables: Data.Tables(1), columns: Data.Columns(1, 2), schemas: Data.Schemas(1), databases: Data.Databases(1));

        Assert.Equal([SyncGroupOutcome.BatchFailed, SyncGroupOutcome.NotStarted, SyncGroupOutcome.NotStarted], report.Groups.Select(g => g.Outcome));
        Assert.Contains("timed out", report.Groups[0].Message, StringComparison.Ordinal);
        Assert.Null(report.Groups[0].Finalization);
    }

    private static HttpClient CreateHttpClient() =>
        new(ImportApiResilience.CreateHandler(Fast, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>A loopback port nothing listens on (bound, then closed).</summary>
    private static Uri ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
