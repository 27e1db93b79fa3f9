using CatalogSync.Contract;

namespace CatalogSync.EndToEnd.Tests;

public sealed class VolumeTests
{
    [Fact]
    public async Task ThousandsOfAssetsAreStreamedInFullBatchesAndTheMissingOnesRemoved()
    {
        await using var temp = await TempCatalog.CreateAsync();

        var first = await BulkPlan.RunAsync(temp.Catalog, Columns(4500));

        Assert.True(first.Succeeded, first.Groups[0].Message);
        var group = first.Groups[0];
        Assert.Equal([1000, 1000, 1000, 1000, 500], group.Batches.Select(b => b.Resources)); // assets only: the community and domain were created before, by a plain import
        Assert.Equal(4500, group.AssetsSent);
        Assert.Equal(4500, group.AssetCounters.Added);

        var second = await BulkPlan.RunAsync(temp.Catalog, Columns(4000));

        Assert.True(second.Succeeded, second.Groups[0].Message);
        Assert.Equal(500, second.Groups[0].AssetCounters.Removed);
        Assert.Equal(4000, second.Groups[0].AssetCounters.Unchanged);
        var page = await temp.Catalog.FindAssetsAsync(new AssetQuery { Name = "bulk.", NameMatchMode = NameMatchMode.Start, Paging = new Paging { Limit = 1 } });
        Assert.Equal(4000, page.Total);
    }

    private static async IAsyncEnumerable<BulkColumn> Columns(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 500 == 0)
            {
                await Task.Yield();
            }

            yield return new BulkColumn($"bulk.c{i:00000}", i % 2 == 0 ? "int" : "varchar(50)");
        }
    }
}
