using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.EndToEnd.Tests;

/// <summary>A fresh embedded catalog in a temporary SQLite file, deleted afterwards.</summary>
internal sealed class TempCatalog : IAsyncDisposable
{
    public static readonly Guid MissingFromSource = Guid.Parse("00000000-0000-0000-0000-000000005066");
    public static readonly Guid RelationColumnIsPartOfTable = Guid.Parse("00000000-0000-0000-0000-000000007042");
    public static readonly Guid RelationSchemaContainsTable = Guid.Parse("00000000-0000-0000-0000-000000007043");

    private readonly string _directory;

    private TempCatalog(string directory, EmbeddedCatalog catalog)
    {
        _directory = directory;
        Catalog = catalog;
    }

    public EmbeddedCatalog Catalog { get; }

    public static async Task<TempCatalog> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "catalogsync-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(directory, "catalog.db") });
        return new TempCatalog(directory, catalog);
    }

    /// <summary>The asset with this exact name in this domain, or null.</summary>
    public async Task<Asset?> FindAssetAsync(string name, string domain)
    {
        var page = await Catalog.FindAssetsAsync(new AssetQuery { Name = name, NameMatchMode = NameMatchMode.Exact });
        return page.Results.SingleOrDefault(a => a.Name == name && a.Domain.Name == domain);
    }

    public async Task<Asset> GetAssetAsync(string name, string domain) =>
        await FindAssetAsync(name, domain) ?? throw new Xunit.Sdk.XunitException($"No asset '{name}' in domain '{domain}'.");

    public async Task<Dictionary<string, List<string>>> AttributesAsync(Guid assetId)
    {
        var page = await Catalog.FindAttributesAsync(assetId);
        return page.Results.GroupBy(a => a.Type.Name ?? "").ToDictionary(g => g.Key, g => g.Select(a => a.Value ?? "").ToList());
    }

    public async Task<Guid> DefaultStatusOfAsync(string assetType)
    {
        var page = await Catalog.FindAssetTypesAsync(assetType, NameMatchMode.Exact);
        return page.Results.Single(t => t.Name == assetType).DefaultStatus?.Id ?? throw new Xunit.Sdk.XunitException($"Asset type '{assetType}' has no default status.");
    }

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS must not fail the test; the temp directory is cleaned anyway.
        }
    }
}
