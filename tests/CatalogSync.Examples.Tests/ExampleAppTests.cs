using System.Diagnostics;
using System.Reflection;
using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.Examples.Tests;

/// <summary>The README's commands, run as processes: exit code, what they print, what the catalog holds after.</summary>
public sealed class ExampleAppTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-examples-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<(int ExitCode, string Output)> RunExampleAsync(string name, params string[] args)
    {
        var folder = typeof(ExampleAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ExamplesOutput").Value!.Replace("%NAME%", name, StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(folder, name + ".dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task The_warehouse_example_retires_dropped_tables_removes_their_columns_and_restores_the_one_that_comes_back()
    {
        var database = Path.Combine(_directory.FullName, "warehouse.db");
        var (exitCode, output) = await RunExampleAsync("WarehouseInventory", database);

        Assert.True(exitCode == 0, output);
        Assert.Contains("The catalog now holds 8 tables and 29 columns", output, StringComparison.Ordinal);
        Assert.Contains("The catalog now holds 8 tables and 23 columns", output, StringComparison.Ordinal);
        Assert.Contains("The catalog now holds 8 tables and 26 columns", output, StringComparison.Ordinal);

        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = database });
        async Task<string> StatusOf(string table) =>
            Assert.Single((await catalog.FindAssetsAsync(new AssetQuery { Name = table, NameMatchMode = NameMatchMode.Exact })).Results).Status.Name!;
        Assert.Equal("Missing from source", await StatusOf("hr.payroll_2023"));
        Assert.Equal("Candidate", await StatusOf("sales.returns"));
        Assert.Equal("Candidate", await StatusOf("sales.orders"));
        var returns = Assert.Single((await catalog.FindAssetsAsync(new AssetQuery { Name = "sales.returns", NameMatchMode = NameMatchMode.Exact })).Results);
        Assert.Equal(3, (await catalog.FindRelationsAsync(targetId: returns.Id)).Results.Count(r => r.Type.Id == Guid.Parse("00000000-0000-0000-0000-000000007042")));
        Assert.Empty((await catalog.FindAssetsAsync(new AssetQuery { Name = "hr.payroll_2023.", NameMatchMode = NameMatchMode.Start })).Results);
    }

    [Fact]
    public async Task The_tutorial_example_removes_the_asset_that_left_the_source()
    {
        var database = Path.Combine(_directory.FullName, "tutorial.db");
        var (exitCode, output) = await RunExampleAsync("TutorialSync", database);

        Assert.True(exitCode == 0, output);
        Assert.Contains("The catalog holds 5 tutorial assets", output, StringComparison.Ordinal);
        Assert.Contains("The catalog holds 4 tutorial assets", output, StringComparison.Ordinal);
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = database });
        Assert.Empty((await catalog.FindAssetsAsync(new AssetQuery { Name = "SynchronizeDemoAsset3", NameMatchMode = NameMatchMode.Exact })).Results);
    }
}
