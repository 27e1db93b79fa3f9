using CatalogSync.Contract;
using CatalogSync.Http;
using Polly.Timeout;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The HTTP client's retries, through the resilience handler, with faults injected by a handler below it in front of
/// the real server on 127.0.0.1: what may be sent twice is, and a finalization that may have run is never sent again.
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private static readonly ImportApiResilienceOptions Fast = new()
    {
        MaxRetryAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(30),
        TotalRequestTimeout = TimeSpan.FromMinutes(1),
    };

    private TempCatalog _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempCatalog.CreateAsync();
        await _temp.ServeAsync();
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Batches_and_polls_answered_503_are_sent_again_and_the_run_completes()
    {
        var faults = new FaultInjector()
            .Add(FaultInjector.Fault.Unavailable("POST", "/batch/json-job"), times: 2)
            .Add(FaultInjector.Fault.Unavailable("GET", "/jobs/"), times: 2)
            .Add(FaultInjector.Fault.Unavailable("GET", "/summary"), times: 1);
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var report = await WarehousePlan.RunAsync(client, tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(2), databases: Data.Databases(1));

        Assert.True(report.Succeeded, report.Describe());
        var batches = report.Groups.Sum(g => g.Batches.Count);
        Assert.Equal(batches + 2, faults.Count("POST", "/batch/json-job"));
        Assert.Equal(2, faults.Attempts.Count(a => a.Played.StartsWith("503", StringComparison.Ordinal) && a.Path.Contains("/batch/", StringComparison.Ordinal)));
        Assert.Equal(4, await _temp.CountAssetsAsync("rt.col."));
        Assert.Equal(2, await _temp.CountAssetsAsync("rt.table."));
    }

    [Fact]
    public async Task A_batch_answered_429_is_sent_again_after_the_Retry_After_the_server_asked_for()
    {
        var faults = new FaultInjector().Add(FaultInjector.Fault.TooManyRequests("POST", "/batch/json-job", TimeSpan.FromSeconds(1)));
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var batch = await CompleteAsync(await client.StartSynchronizationBatchAsync("retry-after", Data.Batch("a", "b"), ImportJobOptions.Default));

        Assert.Equal(JobResult.Success, batch.Result);
        var attempts = faults.Attempts.Where(a => a.Path.EndsWith("/batch/json-job", StringComparison.Ordinal)).ToList();
        Assert.Equal(["429 before the server", "forwarded"], attempts.Select(a => a.Played));
        // The backoff alone would wait about 10 ms; only the server's Retry-After explains a second.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(950), $"Retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms.");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_finalization_answered_429_or_503_is_not_sent_again(int status)
    {
        var faults = new FaultInjector().Add(new FaultInjector.Fault("POST", "/finalize/job", $"{status} before the server") { Status = (System.Net.HttpStatusCode)status, RetryAfter = TimeSpan.Zero });
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());
        await CompleteAsync(await client.StartSynchronizationBatchAsync("busy", Data.Batch("a"), ImportJobOptions.Default));

        var error = await Assert.ThrowsAsync<CatalogApiException>(() => client.StartFinalizationAsync("busy", FinalizationOptions.Default));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal([$"{status} before the server"], faults.Attempts.Where(a => a.Path.EndsWith("/finalize/job", StringComparison.Ordinal)).Select(a => a.Played));
    }

    [Fact]
    public async Task A_finalization_answered_500_after_the_server_ran_it_is_not_sent_again()
    {
        var faults = new FaultInjector();
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());
        await CompleteAsync(await client.StartSynchronizationBatchAsync("no-replay", Data.Batch("a", "b"), ImportJobOptions.Default));
        await CompleteAsync(await client.StartFinalizationAsync("no-replay", FinalizationOptions.Default));
        await CompleteAsync(await client.StartSynchronizationBatchAsync("no-replay", Data.Batch("a"), ImportJobOptions.Default));
        faults.Add(FaultInjector.Fault.ServerErrorAfterHandling("POST", "/finalize/job"));

        var error = await Assert.ThrowsAsync<CatalogApiException>(() => client.StartFinalizationAsync("no-replay", FinalizationOptions.Default));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(2, faults.Count("POST", "/finalize/job")); // one per cycle: the lost answer was not retried
        await WaitForIdleAsync("no-replay");
        Assert.Null(await _temp.FindAssetAsync("rt.b", "Terms")); // the finalization the server ran removed b ...
        Assert.NotNull(await _temp.FindAssetAsync("rt.a", "Terms")); // ... and a second one would have removed a as well
    }

    [Fact]
    public async Task A_batch_answered_500_after_the_server_ran_it_is_sent_again_harmlessly()
    {
        var faults = new FaultInjector().Add(FaultInjector.Fault.ServerErrorAfterHandling("POST", "/batch/json-job"));
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var batch = await CompleteAsync(await client.StartSynchronizationBatchAsync("replay", Data.Batch("a", "b"), ImportJobOptions.Default));
        var finalization = await CompleteAsync(await client.StartFinalizationAsync("replay", FinalizationOptions.Default));

        Assert.Equal(JobResult.Success, batch.Result);
        Assert.Equal(JobResult.Success, finalization.Result);
        Assert.Equal(["500 after the server handled it", "forwarded"], faults.Attempts.Where(a => a.Path.Contains("/batch/", StringComparison.Ordinal)).Select(a => a.Played));
        Assert.NotNull(await _temp.FindAssetAsync("rt.a", "Terms"));
        Assert.NotNull(await _temp.FindAssetAsync("rt.b", "Terms"));
    }

    [Fact]
    public async Task A_finalization_whose_connection_failed_before_sending_is_sent_again()
    {
        var faults = new FaultInjector().Add(FaultInjector.Fault.ConnectionRefused("POST", "/finalize/job"));
        using var http = CreateHttpClient(faults, Fast);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());
        await CompleteAsync(await client.StartSynchronizationBatchAsync("refused", Data.Batch("a"), ImportJobOptions.Default));

        var finalization = await CompleteAsync(await client.StartFinalizationAsync("refused", FinalizationOptions.Default));

        Assert.Equal(JobResult.Success, finalization.Result);
        Assert.Equal(["connection refused", "forwarded"], faults.Attempts.Where(a => a.Path.EndsWith("/finalize/job", StringComparison.Ordinal)).Select(a => a.Played));
    }

    [Fact]
    public async Task An_attempt_timeout_retries_a_batch_but_not_a_finalization()
    {
        // The slow answers would take a minute; the attempt timeout cuts them after two seconds.
        var options = Fast with { AttemptTimeout = TimeSpan.FromSeconds(2) };
        var faults = new FaultInjector()
            .Add(FaultInjector.Fault.SlowAfterHandling("POST", "/batch/json-job", TimeSpan.FromMinutes(1)))
            .Add(FaultInjector.Fault.SlowAfterHandling("POST", "/finalize/job", TimeSpan.FromMinutes(1)));
        using var http = CreateHttpClient(faults, options);
        var client = new CollibraHttpClient(http, _temp.ClientOptions());

        var batch = await CompleteAsync(await client.StartSynchronizationBatchAsync("slow", Data.Batch("a"), ImportJobOptions.Default));
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.StartFinalizationAsync("slow", FinalizationOptions.Default));

        Assert.Equal(JobResult.Success, batch.Result);
        Assert.Equal("slow answer after the server handled it", faults.Attempts.First(a => a.Path.Contains("/batch/", StringComparison.Ordinal)).Played);
        Assert.True(faults.Count("POST", "/batch/json-job") >= 2, "The batch was sent again.");
        Assert.Equal(1, faults.Count("POST", "/finalize/job"));
    }

    [Fact]
    public void Only_requests_that_are_safe_to_repeat_are_retried_on_ambiguous_failures()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/rest/2.0/jobs/1");
        using var unmarkedPost = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/rest/2.0/import/synchronize/x/finalize/job");
        using var batch = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/rest/2.0/import/synchronize/x/batch/json-job");
        batch.Options.Set(ImportApiResilience.ReplayableKey, true);
        using var server500 = new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError);
        using var server503 = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        using var notFound = new HttpResponseMessage(System.Net.HttpStatusCode.NotFound);
        var lost = Polly.Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "lost"));
        var refused = Polly.Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        Assert.True(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server500), get));
        Assert.True(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server500), batch));
        Assert.False(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server500), unmarkedPost));
        Assert.False(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server503), unmarkedPost)); // a finalization is never sent twice
        Assert.True(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server503), batch));
        Assert.True(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(server503), get));
        Assert.False(ImportApiResilience.ShouldRetry(Polly.Outcome.FromResult(notFound), get));
        Assert.False(ImportApiResilience.ShouldRetry(lost, unmarkedPost));
        Assert.True(ImportApiResilience.ShouldRetry(lost, batch));
        Assert.True(ImportApiResilience.ShouldRetry(refused, unmarkedPost));
    }

    private static HttpClient CreateHttpClient(FaultInjector faults, ImportApiResilienceOptions options) =>
        new(ImportApiResilience.CreateHandler(options, faults)) { Timeout = Timeout.InfiniteTimeSpan };

    private async Task<Job> CompleteAsync(Job job) => await _temp.Engine.WaitForJobAsync(job.Id);

    /// <summary>Waits until the jobs of a synchronization ID have run (an evict runs after them in its lane).</summary>
    private Task WaitForIdleAsync(string syncId) => _temp.Engine.EvictSynchronizationCacheAsync(syncId);
}
