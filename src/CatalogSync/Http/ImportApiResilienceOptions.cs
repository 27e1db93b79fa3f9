namespace CatalogSync.Http;

/// <summary>
/// Retries and timeouts of the HTTP Import API client (see <see cref="ImportApiResilience"/> for what is retried and
/// what is never sent twice).
/// </summary>
public sealed record ImportApiResilienceOptions
{
    /// <summary>Default options.</summary>
    public static ImportApiResilienceOptions Default { get; } = new();

    /// <summary>Retries after the first attempt (0 disables retries). Default: 4.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>
    /// The first retry's delay; each further retry doubles it, with jitter (randomized so that many clients do not
    /// retry in step). Default: 1 second.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry, for the exponential backoff and for a server's <c>Retry-After</c> alike.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one attempt may take, upload of the batch included. Default: 2 minutes, enough for a batch of
    /// 50 000 resources on a slow link. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest one request may take, all attempts and retry delays included. Default: 10 minutes.
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan TotalRequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate()
    {
        if (MaxRetryAttempts is < 0 or > 100)
        {
            return $"MaxRetryAttempts must be between 0 and 100, not {MaxRetryAttempts}.";
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            return "RetryDelay and MaxRetryDelay must not be negative.";
        }

        if (!IsTimeout(AttemptTimeout) || !IsTimeout(TotalRequestTimeout))
        {
            return "AttemptTimeout and TotalRequestTimeout must be positive (or Timeout.InfiniteTimeSpan).";
        }

        return null;
    }

    private static bool IsTimeout(TimeSpan value) => value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan;
}
