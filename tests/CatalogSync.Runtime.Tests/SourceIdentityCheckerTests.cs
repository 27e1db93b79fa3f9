using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

/// <summary>The source checks on generated mappers: names are required and one asset comes from one item.</summary>
public sealed class SourceIdentityCheckerTests
{
    private static async Task<List<string?>> CheckAllAsync(SourceIdentityChecker checker, SyncSource source)
    {
        var results = new List<string?>();
        var reader = source.OpenReader(CancellationToken.None);
        await using (reader)
        {
            var position = 0;
            while (await reader.MoveNextAsync())
            {
                results.Add(checker.Check(reader, source.TypeName, ++position));
            }
        }

        return results;
    }

    [Fact]
    public async Task Distinct_items_pass_and_a_repeated_identity_names_both_positions()
    {
        var checker = new SourceIdentityChecker();
        var tables = SyncSource.Create(new[] { new Table("a"), new Table("b"), new Table("a") }, TableAssetMapper.Instance);
        Assert.Equal(
            [null, null, "Items 1 of CatalogSync.Runtime.Tests.Table and 3 of CatalogSync.Runtime.Tests.Table are both 'a' in domain 'Tables' of community 'RT Warehouse': one asset cannot be synchronized from two items (the later would silently win)."],
            await CheckAllAsync(checker, tables));
    }

    [Fact]
    public async Task The_same_name_in_another_domain_or_of_another_run_is_another_asset()
    {
        var checker = new SourceIdentityChecker();
        Assert.Equal([null, null], await CheckAllAsync(checker, SyncSource.Create(new[] { new Table("x"), new Table("ab") }, TableAssetMapper.Instance)));
        // Same name, other domain ('Columns'): not a duplicate. The identity's parts are hashed with their lengths.
        Assert.Equal([null, null], await CheckAllAsync(checker, SyncSource.Create(new[] { new Column("x", "int"), new Column("a", "b") }, ColumnAssetMapper.Instance)));
        Assert.Equal([null], await CheckAllAsync(new SourceIdentityChecker(), SyncSource.Create(new[] { new Table("x") }, TableAssetMapper.Instance)));
        Assert.Equal(4, checker.Count);
        Assert.True(checker.Contains("RT Warehouse", "Tables", "ab"));
        Assert.False(checker.Contains("RT Warehouse", "Columns", "ab"));
        Assert.False(checker.Contains("RT Warehouse", "Tables", "a"));
    }

    [Fact]
    public async Task Missing_empty_and_blank_names_and_null_items_are_errors_with_their_position()
    {
        var checker = new SourceIdentityChecker();
        var tables = SyncSource.Create(new[] { new Table("ok"), new Table(null!), new Table(""), new Table("  "), null! }, TableAssetMapper.Instance);
        Assert.Equal(
            [
                null,
                "Item 2 of CatalogSync.Runtime.Tests.Table has no name: every asset needs a name.",
                "Item 3 of CatalogSync.Runtime.Tests.Table has an empty name: every asset needs a name.",
                "Item 4 of CatalogSync.Runtime.Tests.Table has an empty name: every asset needs a name.",
                "Item 5 of CatalogSync.Runtime.Tests.Table is null.",
            ],
            await CheckAllAsync(checker, tables));
    }
}
