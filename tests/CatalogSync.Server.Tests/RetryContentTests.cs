using System.Security.Cryptography;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Server.Tests;

/// <summary>A retried request writes its content again: the import content is streamed, not consumed once.</summary>
public sealed class RetryContentTests
{
    [Fact]
    public async Task A_retried_import_request_streams_the_whole_content_again()
    {
        var catalog = new FakeCatalog();
        await using var server = await RunningServer.StartAsync(catalog, catalog);
        using var http = new HttpClient(new FirstAttemptFailsHandler { InnerHandler = new HttpClientHandler() });
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = server.BaseAddress, UserName = RunningServer.User, Password = RunningServer.Password });
        var writes = 0;
        var content = ImportContent.FromWriter(async (stream, ct) =>
        {
            writes++;
            await stream.WriteAsync(TestSupport.OneAsset, ct);
        });

        await client.StartSynchronizationBatchAsync("retry", content, ImportJobOptions.Default);

        Assert.Equal(2, writes);
        var call = Assert.Single(catalog.Writes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(TestSupport.OneAsset)), call.ContentSha256);
    }

    /// <summary>Plays a first attempt that wrote the whole body and then failed, and sends the same request again, as a retry handler does.</summary>
    private sealed class FirstAttemptFailsHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The DI registration resolves a working client.</summary>
public sealed class HttpClientRegistrationTests
{
    [Fact]
    public async Task AddCollibraHttpClient_registers_the_import_api_and_the_reader()
    {
        var catalog = new FakeCatalog();
        await using var server = await RunningServer.StartAsync(catalog, catalog);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddCollibraHttpClient(new CollibraHttpClientOptions { BaseAddress = server.BaseAddress, UserName = RunningServer.User, Password = RunningServer.Password });
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var api = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IImportApiClient>(provider);
        var reader = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ICatalogReader>(provider);
        Assert.Equal("known", (await api.FindSynchronizationsAsync()).Results.Single().SynchronizationId);
        Assert.Equal(FakeCatalog.Asset, await reader.GetAssetAsync(FakeCatalog.AssetId));
    }
}
