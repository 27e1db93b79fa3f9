using CatalogSync.Contract;
using Microsoft.Data.Sqlite;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Catalog.Tests;

/// <summary>
/// Deep offset pages of every asset seek to a checkpoint of Collibra's order (every 1000th key, built once per change
/// of the catalog) instead of walking the offset: the pages and totals must be exactly those of a plain walk, before
/// and after the catalog changes.
/// </summary>
public sealed class AssetOffsetPagingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-paging-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    // Mixed case, so that the NOCASE order differs from the ordinal one; some names equal but for case.
    private static string Name(int i) => (i % 3) switch { 0 => $"a{i % 1700:D4}", 1 => $"A{i % 1700:D4}", _ => $"b{i:D4}" };

    private static async Task<List<string>> PageAsync(EmbeddedCatalog catalog, int offset, int limit = 1000) =>
        (await catalog.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = offset, Limit = limit } })).Results.Select(a => $"{a.Name}|{a.Id}").ToList();

    // The expected order: NOCASE name (ASCII letters and digits here), then the exact name, then the id's text.
    private static async Task<List<string>> AllAsync(EmbeddedCatalog catalog)
    {
        var all = new List<string>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await catalog.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = offset, Limit = 1000 }, StatusIds = [Candidate] });
            all.AddRange(page.Results.Select(a => $"{a.Name}|{a.Id}"));
            if (page.Results.Count < 1000)
            {
                return all;
            }
        }
    }

    [Fact]
    public async Task Deep_offset_pages_and_totals_are_those_of_a_walk_before_and_after_a_change()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(_directory.FullName, "catalog.db") });
        (await catalog.BatchAsync("s", Resources([Domain(), .. Enumerable.Range(0, 3500).Select(i => Asset(Name(i)))]))).Job.AssertSucceeded();

        // A status filter takes the plain walk (filtered queries do not use the checkpoints): the reference order.
        var all = await AllAsync(catalog);
        Assert.Equal(3500, all.Count);
        var names = all.Select(a => a.Split('|')[0]).ToList();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal), names, StringComparer.Ordinal);

        foreach (var offset in new[] { 0, 999, 1000, 1001, 1999, 2500, 3000, 3499, 3500, 4000 })
        {
            Assert.Equal(all.Skip(offset).Take(1000), await PageAsync(catalog, offset));
        }

        Assert.Equal(all.Skip(2001).Take(7), await PageAsync(catalog, 2001, limit: 7));
        Assert.Equal(3500, (await catalog.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = 3000 } })).Total);
        Assert.Equal(10, (await catalog.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = 3000, CountLimit = 10 } })).Total);

        // A change (an asset that sorts first, one removed): the checkpoints are rebuilt, every page moves.
        (await catalog.BatchAsync("s", Resources(Domain(), Asset("0000")))).Job.AssertSucceeded();
        (await catalog.FinalizeAsync("s", new FinalizationOptions { Strategy = FinalizationStrategy.Ignore })).Job.AssertSucceeded();
        var after = await AllAsync(catalog);
        Assert.Equal(3501, after.Count);
        Assert.StartsWith("0000|", after[0], StringComparison.Ordinal);
        foreach (var offset in new[] { 1000, 2999, 3001 })
        {
            Assert.Equal(after.Skip(offset).Take(1000), await PageAsync(catalog, offset));
        }

        Assert.Equal(3501, (await catalog.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = 2000 } })).Total);
    }
}
