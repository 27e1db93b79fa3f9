using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogSync.Hosting;

/// <summary>Registers CatalogSync's runtime: the resilient HTTP Import API client and the run options.</summary>
public static class CatalogSyncServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client that <c>AddCatalogSync</c> registers with <c>IHttpClientFactory</c>.</summary>
    public const string HttpClientName = "CatalogSync";

    /// <summary>
    /// Registers CatalogSync with options bound from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("CatalogSync")</c>; see <see cref="CatalogSyncOptions"/> for the keys).
    /// </summary>
    /// <inheritdoc cref="AddCatalogSync(IServiceCollection, Action{CatalogSyncOptions})"/>
    public static IHttpClientBuilder AddCatalogSync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CatalogSyncOptions>().Bind(configuration);
        return AddCore(services);
    }

    /// <summary>
    /// Registers CatalogSync:
    /// <list type="bullet">
    /// <item><description><see cref="IImportApiClient"/> and <see cref="ICatalogReader"/>: a <see cref="CollibraHttpClient"/>
    /// from <c>IHttpClientFactory</c> (client <see cref="HttpClientName"/>) with <see cref="ImportApiResilience"/>'s
    /// retries and timeouts;</description></item>
    /// <item><description><see cref="SyncRunOptions"/>: batch size, polling, job wait and a logger, to pass to a
    /// generated plan's <c>RunAsync</c> or <c>PreviewAsync</c>;</description></item>
    /// <item><description><see cref="IOptions{TOptions}"/> of <see cref="CatalogSyncOptions"/>, validated when the
    /// host starts.</description></item>
    /// </list>
    /// </summary>
    /// <returns>The HTTP client's builder: handlers added to it run below the resilience handler, once per attempt.</returns>
    public static IHttpClientBuilder AddCatalogSync(this IServiceCollection services, Action<CatalogSyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CatalogSyncOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<CatalogSyncOptions>, Validator>();
        services.AddOptions<CatalogSyncOptions>().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(SyncPlanExecutor).FullName!);
            return provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.ToRunOptions(logger);
        });
        services.AddTransient<IImportApiClient>(provider => provider.GetRequiredService<CollibraHttpClient>());
        services.AddTransient<ICatalogReader>(provider => provider.GetRequiredService<CollibraHttpClient>());
        return services
            .AddHttpClient(HttpClientName)
            .AddTypedClient((http, provider) => new CollibraHttpClient(http, provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.ToClientOptions()))
            .AddImportApiResilienceHandler(provider => provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.ToResilienceOptions());
    }

    private sealed class Validator : IValidateOptions<CatalogSyncOptions>
    {
        public ValidateOptionsResult Validate(string? name, CatalogSyncOptions options) =>
            options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
