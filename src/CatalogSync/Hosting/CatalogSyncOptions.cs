using CatalogSync.Http;
using CatalogSync.Plans;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Hosting;

/// <summary>
/// Where the catalog is, how to sign in, and how runs behave: the options <c>AddCatalogSync</c> binds from
/// configuration (section <see cref="SectionName"/>), e.g. <c>appsettings.json</c>:
/// <code>
/// "CatalogSync": {
///   "BaseAddress": "https://acme.collibra.com/",
///   "UserName": "sync-bot", "Password": "…",
///   "BatchSize": 20000, "PollInterval": "00:00:01", "MaxJobWait": "01:00:00",
///   "AttemptTimeout": "00:02:00", "TotalRequestTimeout": "00:10:00", "MaxRetryAttempts": 4
/// }
/// </code>
/// or the environment (<c>CatalogSync__Password=…</c>).
/// </summary>
public sealed class CatalogSyncOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "CatalogSync";

    /// <summary>The catalog's root (the client sends to <c>{BaseAddress}rest/2.0/…</c>). Required.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The user for HTTP Basic authentication (with <see cref="Password"/>).</summary>
    public string? UserName { get; set; }

    /// <summary>The password for HTTP Basic authentication.</summary>
    public string? Password { get; set; }

    /// <summary>A bearer token (OAuth), instead of <see cref="UserName"/> and <see cref="Password"/>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The most resources in one batch (3 to 50 000); <see langword="null"/> keeps each plan's own.</summary>
    public int? BatchSize { get; set; }

    /// <summary>The longest wait between two polls of a running job. Default: 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = SyncRunOptions.Default.PollInterval;

    /// <summary>The longest a run waits for one job. Default: one hour.</summary>
    public TimeSpan MaxJobWait { get; set; } = SyncRunOptions.Default.MaxJobWait;

    /// <summary>Whether a synchronization ID whose sources are empty is finalized anyway. Default: no.</summary>
    public bool FinalizeEmptyGroups { get; set; }

    /// <summary>Where previews write their temporary files; <see langword="null"/> for the system's temporary folder.</summary>
    public string? TemporaryDirectory { get; set; }

    /// <summary>Retries after a request's first attempt. Default: 4.</summary>
    public int MaxRetryAttempts { get; set; } = ImportApiResilienceOptions.Default.MaxRetryAttempts;

    /// <summary>The first retry's delay, doubled at each retry, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = ImportApiResilienceOptions.Default.RetryDelay;

    /// <summary>The longest wait before a retry (backoff and <c>Retry-After</c>). Default: 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = ImportApiResilienceOptions.Default.MaxRetryDelay;

    /// <summary>The longest one attempt of a request may take. Default: 2 minutes.</summary>
    public TimeSpan AttemptTimeout { get; set; } = ImportApiResilienceOptions.Default.AttemptTimeout;

    /// <summary>The longest one request may take, retries included. Default: 10 minutes.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = ImportApiResilienceOptions.Default.TotalRequestTimeout;

    /// <summary>The HTTP client's address and credentials.</summary>
    public CollibraHttpClientOptions ToClientOptions() => new()
    {
        BaseAddress = BaseAddress,
        UserName = string.IsNullOrEmpty(UserName) ? null : UserName,
        Password = Password,
        BearerToken = string.IsNullOrEmpty(BearerToken) ? null : BearerToken,
    };

    /// <summary>The HTTP client's retries and timeouts.</summary>
    public ImportApiResilienceOptions ToResilienceOptions() => new()
    {
        MaxRetryAttempts = MaxRetryAttempts,
        RetryDelay = RetryDelay,
        MaxRetryDelay = MaxRetryDelay,
        AttemptTimeout = AttemptTimeout,
        TotalRequestTimeout = TotalRequestTimeout,
    };

    /// <summary>The options of a run, logging to <paramref name="logger"/>.</summary>
    public SyncRunOptions ToRunOptions(ILogger? logger = null) => new()
    {
        BatchSize = BatchSize,
        PollInterval = PollInterval,
        MaxJobWait = MaxJobWait,
        FinalizeEmptyGroups = FinalizeEmptyGroups,
        TemporaryDirectory = TemporaryDirectory,
        Logger = logger,
    };

    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, naming the configuration key, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate()
    {
        if (BaseAddress is null)
        {
            return $"{SectionName}:BaseAddress is required: the catalog's root, e.g. https://acme.collibra.com/ or http://127.0.0.1:5180/.";
        }

        if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttps && BaseAddress.Scheme != Uri.UriSchemeHttp))
        {
            return $"{SectionName}:BaseAddress must be an absolute http or https address, not '{BaseAddress}'.";
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            return $"{SectionName}:UserName is set without {SectionName}:Password: give both.";
        }

        if (!string.IsNullOrEmpty(BearerToken) && !string.IsNullOrEmpty(UserName))
        {
            return $"Give {SectionName}:BearerToken or {SectionName}:UserName and Password, not both.";
        }

        if (ToResilienceOptions().Validate() is { } resilience)
        {
            return $"{SectionName}: {resilience}";
        }

        return ToRunOptions().Validate() is { } run ? $"{SectionName}: {run}" : null;
    }
}
