using CatalogSync.Conformance;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Tests;

/// <summary>The catalog file's schema version: version 1 (before the indexes of issue 18) is upgraded in place, an unknown one refused.</summary>
public sealed class SchemaVersionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-schema-");

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private string Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString() ?? "";
    }

    [Fact]
    public async Task A_version_1_file_is_upgraded_in_place_keeping_its_data()
    {
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }))
        {
            (await catalog.BatchAsync("s", CatalogDriver.Resources(CatalogDriver.Domain(), CatalogDriver.Asset("kept")))).Job.AssertSucceeded();
        }

        // What a version 1 file looks like: the same tables without the version 2 indexes.
        SqliteConnection.ClearAllPools();
        Execute("DROP INDEX sync_resources_cycle; DROP INDEX assets_order; DROP INDEX assets_display_name; UPDATE meta SET value = '1' WHERE key = 'schema_version';");

        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }))
        {
            Assert.Equal("kept", Assert.Single((await catalog.FindAssetsAsync(new AssetQuery { Name = "kept", NameMatchMode = NameMatchMode.Exact })).Results).Name);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal("2", Execute("SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal("3", Execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('sync_resources_cycle', 'assets_order', 'assets_display_name')"));
    }

    [Fact]
    public async Task A_file_of_an_unknown_version_is_refused_with_a_message_that_names_both_versions()
    {
        await using (await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }))
        {
        }

        SqliteConnection.ClearAllPools();
        Execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }
}
