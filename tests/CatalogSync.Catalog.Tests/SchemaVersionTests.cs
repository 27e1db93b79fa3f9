using CatalogSync.Conformance;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Catalog.Tests;

/// <summary>
/// The catalog file's schema version: a version 2 file (TEXT UUID keys, written by the code before issue 18's layout)
/// and a version 1 file (version 2 without its indexes) are rebuilt as version 3 in place, keeping every resource,
/// ownership, cached hash and retired status; an unknown version is refused.
/// </summary>
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

    // The real version 2 file, from its dump (Fixtures/catalog-v2.sql, see SchemaV2Fixture).
    private void WriteVersion2File() => Execute(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "catalog-v2.sql")));

    private EmbeddedCatalogOptions Options => new() { DatabasePath = DatabasePath };

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task An_older_file_is_rebuilt_as_version_3_in_place_keeping_resources_ownership_and_hashes(int version)
    {
        WriteVersion2File();
        if (version == 1)
        {
            // What a version 1 file looks like: the same tables without the version 2 indexes.
            Execute("DROP INDEX sync_resources_cycle; DROP INDEX assets_order; DROP INDEX assets_display_name; UPDATE meta SET value = '1' WHERE key = 'schema_version';");
        }

        Assert.Equal("TEXT", Execute("SELECT typeof(id) FROM assets LIMIT 1").ToUpperInvariant());
        await using (var catalog = await EmbeddedCatalog.OpenAsync(Options))
        {
            // Every resource and what hangs on it, read back through the API.
            Assert.Equal(["ACR|Acronym|Candidate|ImportDemo Domain", "Gone|Business Term|Missing from source|ImportDemo Domain", "Plain|Business Term|Candidate|ImportDemo Domain", "Term|Business Term|Candidate|ImportDemo Domain"], await catalog.SnapshotAsync());
            var term = await catalog.AssetAsync("Term");
            Assert.Equal(Guid.Parse("f2a3e8e0-aab7-46c3-be02-e47a819b4eb6"), term.Id);
            Assert.Equal("The term", term.DisplayName);
            Assert.Equal(term.Id, (await catalog.GetAssetAsync(term.Id))!.Id);
            Assert.Equal(["Definition=d", "Description=kept"], (await catalog.FindAttributesAsync(term.Id)).Results.Select(a => $"{a.Type.Name}={a.Value}").Order(StringComparer.Ordinal));
            Assert.Equal(["gold", "pii"], (await catalog.GetAssetTagsAsync(term.Id)).Select(t => t.Name));
            var relation = Assert.Single((await catalog.FindRelationsAsync(sourceId: term.Id)).Results);
            Assert.Equal(("Term", "ACR", Guid.Parse("00000000-0000-0000-0000-000000007030")), (relation.Source.Name, relation.Target.Name, relation.Type.Id));
            Assert.Equal(Guid.Parse("967c5937-99b7-4a1c-b09c-f190eb31deda"), relation.Id);
            Assert.Equal(["s", "t"], (await catalog.FindSynchronizationsAsync()).Results.Select(s => s.SynchronizationId).Order(StringComparer.Ordinal));

            // The cached hashes carried over: the same batch again is unchanged, and the retired asset sent again is restored.
            var (job, summary) = await catalog.BatchAsync("s", SchemaV2Fixture.FirstBatch());
            job.AssertSucceeded();
            Assert.Equal(2, Count(summary, ImportResourceType.Asset, "unchanged"));
            Assert.Equal(1, Count(summary, ImportResourceType.Asset, "restored"));
            Assert.Equal(1, Count(summary, ImportResourceType.Domain, "unchanged"));
            (await catalog.FinalizeAsync("s")).Job.AssertSucceeded();

            // Ownership carried over: Term is shared with "t", so a REMOVE_RESOURCES of "t" without it keeps it.
            (await catalog.FinalizeAsync("t")).Job.AssertSucceeded();
            (await catalog.BatchAsync("t", Resources(Domain()))).Job.AssertSucceeded();
            (await catalog.FinalizeAsync("t", new FinalizationOptions { Strategy = FinalizationStrategy.RemoveResources })).Job.AssertSucceeded();
            Assert.Contains("Term", await catalog.AssetNamesAsync());
            (await catalog.BatchAsync("s", Resources(Domain(), SchemaV2Fixture.AcrAsset))).Job.AssertSucceeded();
            (await catalog.FinalizeAsync("s", new FinalizationOptions { Strategy = FinalizationStrategy.RemoveResources })).Job.AssertSucceeded();
            Assert.Equal(["ACR", "Plain"], await catalog.AssetNamesAsync());
            Assert.Empty((await catalog.FindRelationsAsync()).Results);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal("3", Execute("SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal("blob", Execute("SELECT typeof(id) FROM assets LIMIT 1"));
        Assert.Equal("integer", Execute("SELECT typeof(domain_pk) FROM assets LIMIT 1"));
        Assert.Equal("0", Execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'v3_%'"));
        Assert.Equal("ok", Execute("PRAGMA integrity_check"));
    }

    private static int Count(ImportSummary summary, ImportResourceType type, string change) => change switch
    {
        "unchanged" => summary.CountersFor(type).Unchanged,
        "restored" => summary.CountersFor(type).Restored,
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    [Fact]
    public async Task A_file_of_an_unknown_version_is_refused_with_a_message_that_names_both_versions()
    {
        await using (await EmbeddedCatalog.OpenAsync(Options))
        {
        }

        SqliteConnection.ClearAllPools();
        Execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await EmbeddedCatalog.OpenAsync(Options));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }
}
