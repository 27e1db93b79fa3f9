using CatalogSync.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogSync.Http;

/// <summary>Registers <see cref="CollibraHttpClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class CollibraHttpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CollibraHttpClient"/> as a typed HTTP client, and as the <see cref="IImportApiClient"/>
    /// and <see cref="ICatalogReader"/> of the application.
    /// </summary>
    /// <remarks>
    /// No retries are added: prefer <c>AddCatalogSync</c> (<see cref="Hosting.CatalogSyncServiceCollectionExtensions"/>),
    /// or add <see cref="ImportApiResilience.AddImportApiResilienceHandler"/> to the returned builder. A generic handler
    /// such as <c>AddStandardResilienceHandler()</c> would retry a finalization after an ambiguous failure, which can
    /// end the next, empty cycle.
    /// </remarks>
    /// <returns>The client's builder, e.g. to add <see cref="ImportApiResilience.AddImportApiResilienceHandler"/>.</returns>
    public static IHttpClientBuilder AddCollibraHttpClient(this IServiceCollection services, CollibraHttpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseAddress, "options.BaseAddress");
        var builder = services.AddHttpClient(nameof(CollibraHttpClient));
        builder.AddTypedClient((http, _) => new CollibraHttpClient(http, options));
        services.AddTransient<IImportApiClient>(provider => provider.GetRequiredService<CollibraHttpClient>());
        services.AddTransient<ICatalogReader>(provider => provider.GetRequiredService<CollibraHttpClient>());
        return builder;
    }
}
