// Runs Collibra's Import API tutorial against the embedded catalog: two synchronization cycles of
// one synchronization id, the second without "SynchronizeDemoAsset3", finalized with
// REMOVE_RESOURCES; prints what each job did and what the catalog holds after each cycle.
using System.Globalization;
using CatalogSync.Catalog;
using CatalogSync.Contract;

var database = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), $"catalogsync-tutorial-{Environment.ProcessId}.db");
var tutorial = Path.Combine(AppContext.BaseDirectory, "Tutorial");
File.Delete(database);

await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = database });
Console.WriteLine($"Embedded catalog: {database}");

foreach (var (cycle, demo) in new[] { (1, "Demo4"), (2, "Demo5") })
{
    Console.WriteLine();
    Console.WriteLine($"Cycle {cycle} of synchronization 'tutorial' ({demo}_SynchronizeBatch1.json, {demo}_SynchronizeBatch2.json, finalize REMOVE_RESOURCES)");
    foreach (var batch in new[] { "Batch1", "Batch2" })
    {
        var file = ImportContent.FromFile(Path.Combine(tutorial, $"{demo}_Synchronize{batch}.json"));
        await ReportAsync(await catalog.StartSynchronizationBatchAsync("tutorial", file, ImportJobOptions.Default));
    }

    await ReportAsync(await catalog.StartFinalizationAsync("tutorial", FinalizationOptions.Default));

    var assets = await catalog.FindAssetsAsync(new AssetQuery { Name = "SynchronizeDemoAsset", NameMatchMode = NameMatchMode.Start });
    Console.WriteLine($"  The catalog holds {assets.Total} tutorial assets:");
    foreach (var asset in assets.Results)
    {
        Console.WriteLine($"    {asset.Name,-24} {asset.Type.Name,-14} {asset.Status.Name,-10} {asset.Domain.Name}");
    }
}

return 0;

async Task ReportAsync(Job started)
{
    var job = await catalog.WaitForJobAsync(started.Id);
    var assets = (await catalog.GetSummaryAsync(job.Id)).CountersFor(ImportResourceType.Asset);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {job.Name,-48} {job.State,-9} assets: +{assets.Added} ~{assets.Updated} ={assets.Unchanged} -{assets.Removed}"));
    if (job.State != JobState.Completed)
    {
        throw new InvalidOperationException(job.Message);
    }
}
