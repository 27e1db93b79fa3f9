using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace CatalogSync.Http;

/// <summary>
/// Retries with exponential backoff and jitter, <c>Retry-After</c>, and per-attempt and total timeouts for the HTTP
/// Import API client, built on Microsoft.Extensions.Http.Resilience (Polly). What is retried depends on whether
/// sending a request twice is harmless.
/// </summary>
/// <remarks>
/// <para>
/// <b>Idempotency.</b> Sending a request again is only safe when a duplicate cannot change the outcome:
/// </para>
/// <list type="bullet">
/// <item><description>
/// <b>GET</b> (job polling, summaries, reads) changes nothing: always retried.
/// </description></item>
/// <item><description>
/// <b>Import and synchronization batch POSTs</b> are replayable: the same content under the same synchronization ID
/// imports the same resources and marks the same resources as seen, so a duplicate job does nothing new. The client
/// marks them with <see cref="ReplayableKey"/>; their body (a batch held in memory or a file) is written again on
/// each attempt.
/// </description></item>
/// <item><description>
/// <b>Simulated</b> finalizations and full synchronizations change nothing: replayable.
/// </description></item>
/// <item><description>
/// <b>A finalization POST</b> (and a full synchronization, which ends a cycle too) is <b>not</b> replayable: if the first one was executed, a second one ends the
/// <i>next</i> cycle, which has seen nothing, and would remove or retire everything the ID owns. <b>DELETE</b>s (evict,
/// forget an ID) are treated the same way, so a duplicate never reports a misleading error.
/// </description></item>
/// </list>
/// <para>
/// So every request is retried when a connection failed before it was sent (name resolution, connection refused, TLS
/// handshake, proxy tunnel). <c>429 Too Many Requests</c> and <c>503 Service Unavailable</c> ("not taken, come back
/// later"; <c>Retry-After</c> is honoured, capped at <see cref="ImportApiResilienceOptions.MaxRetryDelay"/>) are retried
/// for replayable requests only: a real finalization or full synchronization is never sent twice, whatever the answer. Failures that leave it open whether the catalog
/// acted on the request — <c>408</c>, <c>500</c>, <c>502</c>, <c>504</c>, a connection lost after sending, an attempt
/// timeout — are retried only for replayable requests. A finalization that fails ambiguously is therefore reported to
/// the caller (a <see cref="Contract.CatalogApiException"/>, <see cref="HttpRequestException"/> or
/// <see cref="TimeoutRejectedException"/>), and the executor reports its group as
/// <see cref="Plans.SyncGroupOutcome.FinalizationUnconfirmed"/> instead of finalizing again.
/// </para>
/// <para>
/// A retried POST whose first attempt is still on its way to the catalog may arrive after the retry. For a batch that
/// is harmless (jobs of one synchronization ID run in the order they arrive, and a late batch joins an open cycle, see
/// docs/semantics.md rule 21).
/// </para>
/// </remarks>
public static class ImportApiResilience
{
    /// <summary>The name of the resilience handler that <see cref="AddImportApiResilienceHandler"/> adds.</summary>
    public const string HandlerName = "catalogsync-import-api";

    /// <summary>
    /// A request option saying whether a POST or DELETE may be sent again after an ambiguous failure (the catalog may
    /// have acted on it). <see cref="CollibraHttpClient"/> sets it on every request it sends; a POST or DELETE without
    /// it is treated as not replayable.
    /// </summary>
    public static HttpRequestOptionsKey<bool> ReplayableKey { get; } = new("CatalogSync.ReplayableOnAmbiguousFailure");

    /// <summary>
    /// Adds the Import API resilience handler (total timeout → retry → attempt timeout) to an HTTP client, and removes
    /// the client's own 100-second timeout, which the resilience timeouts replace.
    /// </summary>
    /// <param name="builder">The HTTP client's builder.</param>
    /// <param name="options">The options, read from the application's services when the handler is built.</param>
    /// <returns>The builder. Handlers added after this one run below it, once per attempt.</returns>
    public static IHttpClientBuilder AddImportApiResilienceHandler(this IHttpClientBuilder builder, Func<IServiceProvider, ImportApiResilienceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(HandlerName, (pipeline, context) => Configure(pipeline, options(context.ServiceProvider)));
        return builder;
    }

    /// <summary>
    /// Creates the resilience handler without dependency injection, e.g.
    /// <c>new HttpClient(ImportApiResilience.CreateHandler(options, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan }</c>.
    /// </summary>
    /// <param name="options">Retries and timeouts; <see langword="null"/> for <see cref="ImportApiResilienceOptions.Default"/>.</param>
    /// <param name="innerHandler">The handler that sends each attempt.</param>
    /// <param name="timeProvider">The clock of delays and timeouts; <see langword="null"/> for the system clock.</param>
    public static DelegatingHandler CreateHandler(ImportApiResilienceOptions? options, HttpMessageHandler innerHandler, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(innerHandler);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        Configure(builder, options ?? ImportApiResilienceOptions.Default);
        return new ResilienceHandler(builder.Build()) { InnerHandler = innerHandler };
    }

    /// <summary>Adds the total timeout, the retry and the attempt timeout, in that order (outermost first).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ImportApiResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (options.TotalRequestTimeout != Timeout.InfiniteTimeSpan)
        {
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.TotalRequestTimeout });
        }

        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = false, // replaced by the capped generator below
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options.MaxRetryDelay)),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            });
        }

        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
        }
    }

    /// <summary>Whether an attempt's outcome should be retried, by the rules above.</summary>
    /// <param name="outcome">The attempt's response or exception.</param>
    /// <param name="request">The request; <see langword="null"/> counts as not replayable.</param>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (outcome.Exception is { } exception)
        {
            var failure = CatalogFailures.Classify(exception);
            if (failure == CatalogFailure.NotSent)
            {
                return true;
            }

            return exception is HttpRequestException or TimeoutRejectedException && failure == CatalogFailure.Ambiguous && IsReplayable(request);
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        return CatalogFailures.Classify(response.StatusCode) switch
        {
            // "Not taken, come back later" — but a real finalization or full synchronization is never sent twice by
            // CatalogSync, whatever the answer: a gateway may answer 503 for a request the catalog did take.
            CatalogFailure.Busy => IsReplayable(request),
            CatalogFailure.Ambiguous => IsReplayable(request),
            _ => false,
        };
    }

    /// <summary>Whether a request may be sent again after an ambiguous failure.</summary>
    public static bool IsReplayable(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            return true;
        }

        return request.Options.TryGetValue(ReplayableKey, out var replayable) && replayable;
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), capped; <see langword="null"/> for the backoff.</summary>
    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeSpan max)
    {
        if (outcome.Result?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value <= TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
    }
}
