using CatalogSync.Conformance;

namespace CatalogSync.Catalog.Tests;

/// <summary>The conformance suite against the engine itself, on a fresh SQLite file per test.</summary>
public sealed class InProcessConformanceTests : CatalogConformanceTests
{
    protected override async Task<CatalogUnderTest> OpenCatalogAsync()
    {
        var directory = Directory.CreateTempSubdirectory("catalogsync-test-");
        var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(directory.FullName, "catalog.db") });
        return new CatalogUnderTest(catalog, catalog, async () =>
        {
            await catalog.DisposeAsync();
            directory.Delete(recursive: true);
        });
    }
}
