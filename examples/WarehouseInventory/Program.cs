// The README's main job: a warehouse inventory synchronized into the embedded catalog, three days
// in a row. Day 2 drops two tables (retired: status "Missing from source") and their columns
// (removed); on day 3 one of the tables comes back (restored to its type's default status).
using CatalogSync.Catalog;
using CatalogSync.Contract;
using WarehouseInventory;

var database = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "catalogsync-warehouse.db");
File.Delete(database);
Console.WriteLine($"Embedded catalog: {database} (a new SQLite file)");
Console.WriteLine();
Console.WriteLine(WarehousePlan.Description.Describe());

await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = database });
var days = new (string File, string Story)[]
{
    ("day1.csv", "the first synchronization of the warehouse"),
    ("day2.csv", "sales.returns and hr.payroll_2023 were dropped; sales.orders grew"),
    ("day3.csv", "sales.returns is back"),
};

foreach (var (file, story) in days)
{
    var inventory = new Inventory(Path.Combine(AppContext.BaseDirectory, "data", file));
    Console.WriteLine();
    Console.WriteLine($"== {file}: {story}");
    if (file == "day2.csv")
    {
        // A dry run first: what would this cycle do? (simulation=true: the catalog changes nothing)
        var preview = await WarehousePlan.PreviewAsync(catalog, inventory.SchemasAsync(), inventory.TablesAsync(), inventory.ColumnsAsync());
        Console.WriteLine(preview.Describe());
    }

    var report = await WarehousePlan.RunAsync(catalog, inventory.SchemasAsync(), inventory.TablesAsync(), inventory.ColumnsAsync());
    Console.WriteLine(report.Describe());

    var tables = await catalog.FindAssetsAsync(new AssetQuery { TypeIds = [Guid.Parse("00000000-0000-0000-0000-000000031007")] });
    var columns = await catalog.FindAssetsAsync(new AssetQuery { TypeIds = [Guid.Parse("00000000-0000-0000-0000-000000031008")], Paging = new Paging { Limit = 1 } });
    Console.WriteLine($"The catalog now holds {tables.Total} tables and {columns.Total} columns:");
    foreach (var table in tables.Results)
    {
        Console.WriteLine($"  {table.Name,-20} {table.Status.Name}");
    }

    if (!report.Succeeded)
    {
        return 1;
    }
}

return 0;
