using CatalogSync.Catalog;
using CatalogSync.Conformance;
using CatalogSync.Http;

namespace CatalogSync.Server.Tests;

/// <summary>
/// The catalog conformance suite a second time, unchanged, through the HTTP host: a fresh embedded catalog on a
/// temporary SQLite file per test, served by real Kestrel on 127.0.0.1, reached by <see cref="CollibraHttpClient"/>
/// over a real <see cref="HttpClient"/>.
/// </summary>
public sealed class HttpConformanceTests : CatalogConformanceTests
{
    protected override async Task<CatalogUnderTest> OpenCatalogAsync()
    {
        var directory = Directory.CreateTempSubdirectory("catalogsync-http-test-");
        var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(directory.FullName, "catalog.db") });
        var server = CatalogServer.Create(
            new CatalogServerOptions
            {
                Urls = ["http://127.0.0.1:0"],
                UserName = "conformance",
                Password = "conformance-password",
                SpoolDirectory = Path.Combine(directory.FullName, "uploads"),
            },
            catalog,
            catalog);
        await server.StartAsync();
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = server.BaseAddress, UserName = "conformance", Password = "conformance-password" });
        return new CatalogUnderTest(client, client, async () =>
        {
            http.Dispose();
            await server.DisposeAsync();
            await catalog.DisposeAsync();
            directory.Delete(recursive: true);
        });
    }
}
