using System.Runtime.CompilerServices;

namespace CatalogSync.Server.Tests;

/// <summary>
/// <c>catalog-sync validate | plan | sync | status</c> on YAML manifests, as processes: the shipped no-code example
/// (examples/NoCodeCsv) synced three times into an embedded catalog file, with a row removed (retired) and back
/// (restored); mistakes printed at their YAML line and column with the compiler's IDs; exit codes.
/// </summary>
public sealed class ManifestCliTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-manifest-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_no_code_example_syncs_then_retires_and_restores_a_removed_row()
    {
        var example = CopyExample();
        var manifest = Path.Combine(example, "products.sync.yaml");
        var database = Path.Combine(_directory.FullName, "catalog", "catalog.db");
        var journal = Path.Combine(_directory.FullName, "runs.db");
        string[] Sync() => ["sync", manifest, "--embedded", database, "--journal", journal];

        var validate = await CliAsync("validate", manifest);
        Assert.True(validate.ExitCode == 0, validate.Error + validate.Output);
        Assert.Contains("0 error(s), 0 warning(s).", validate.Output, StringComparison.Ordinal);

        var first = await CliAsync(Sync());
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.Contains("Run of sync plan 'products': succeeded", first.Output, StringComparison.Ordinal);
        Assert.Matches(@"products-data-asset-products-\w+: Finalized, 1 batch\(es\), 3 asset\(s\) sent, [\d.]+ s; assets added 3, updated 0, unchanged 0, removed 0, retired 0, restored 0", first.Output);
        Assert.Contains("batch done (products), 1 batch(es), 3 asset(s) sent", first.Output, StringComparison.Ordinal);

        var products = Path.Combine(example, "data", "products.csv");
        var rows = await File.ReadAllLinesAsync(products);
        await File.WriteAllLinesAsync(products, rows.Where(r => !r.StartsWith("P-200,", StringComparison.Ordinal)));
        var second = await CliAsync(Sync());
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Matches(@"products-data-asset-products-\w+: Finalized, 1 batch\(es\), 2 asset\(s\) sent, [\d.]+ s; assets added 0, updated 0, unchanged 2, removed 0, retired 1, restored 0", second.Output);
        // The summary table (Spectre.Console, wide in a log): one row per type.
        Assert.Matches(@"│ products-data-asset-products-\w+ +│ Data Asset \(products\) +│ Finalized +│ 2 +│ 0 +│ 0 +│ 2 +│ 0 +│ 1 +│ 0 +│", second.Output);
        Assert.Contains("finalized (products)", second.Output, StringComparison.Ordinal);

        await File.WriteAllLinesAsync(products, rows);
        var third = await CliAsync(Sync());
        Assert.True(third.ExitCode == 0, third.Error + third.Output);
        Assert.Matches(@"products-data-asset-products-\w+: Finalized, 1 batch\(es\), 3 asset\(s\) sent, [\d.]+ s; assets added 0, updated 0, unchanged 2, removed 0, retired 0, restored 1", third.Output);

        var status = await CliAsync("status", "--journal", journal);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(3, status.Output.Split('\n').Count(l => l.Contains("plan 'products'", StringComparison.Ordinal) && l.Contains("Succeeded", StringComparison.Ordinal)));
        Assert.Contains("Nothing pending: every cycle is closed.", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_prints_each_mistake_at_its_yaml_line_and_column_and_fails()
    {
        var manifest = Path.Combine(_directory.FullName, "m.sync.yaml");
        await File.WriteAllTextAsync(manifest, """
            version: 1
            target: { community: Shop, domain: Items }
            types:
              - name: items
                assetType: Data Asset
                missing: { policy: ignore }
                source: { csv: items.csv }
                colums: { name: id }
            """);
        var keys = await CliAsync("validate", manifest);
        Assert.Equal(3, keys.ExitCode);
        Assert.Contains("m.sync.yaml(8,5): error CSYNC051: Unknown key 'colums' in types[0]: did you mean 'columns'?", keys.Error, StringComparison.Ordinal);

        // Once the file reads, the rules across entries run: a relation to an entry that does not exist.
        await File.WriteAllTextAsync(manifest, """
            version: 1
            target: { community: Shop, domain: Items }
            types:
              - name: items
                assetType: Data Asset
                missing: { policy: ignore }
                source: { csv: items.csv }
                columns: { name: id }
              - name: parts
                assetType: Data Asset
                domain: Parts
                missing: { policy: ignore }
                source: { csv: parts.csv }
                columns:
                  name: id
                  relations:
                    - { relationTypeId: 00000000-0000-0000-0000-000000007017, role: source, target: itemz, column: item }
            """);
        var target = await CliAsync("validate", manifest);
        Assert.Equal(3, target.ExitCode);
        Assert.Contains("m.sync.yaml(17,89): error CSYNC061: The relation of 'parts' in column 'item' targets 'itemz', which is no entry of the manifest: did you mean 'items'?", target.Error, StringComparison.Ordinal);
        Assert.Contains("1 error(s), 0 warning(s).", target.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metamodel_mistake_is_the_compilers_finding_at_the_yaml_value()
    {
        var manifest = Path.Combine(_directory.FullName, "m.sync.yaml");
        await File.WriteAllTextAsync(manifest, """
            version: 1
            target: { community: Shop, domain: Items }
            types:
              - name: items
                assetType: Busines Term
                missing: { policy: change-status, statusName: Retired }
                source: { csv: items.csv }
                columns: { name: id, attributes: { Definiton: text } }
            """);

        var result = await CliAsync("validate", manifest);

        // Against the shipped metamodel (the manifest names none) these are warnings, as in the compiler.
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("m.sync.yaml(5,16): warning CSYNC037: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("'Business Term'", result.Output, StringComparison.Ordinal);
        Assert.Contains("m.sync.yaml(6,51): warning CSYNC043: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("m.sync.yaml(8,40): warning CSYNC039: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("0 error(s), 3 warning(s).", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Against_the_manifests_own_snapshot_a_metamodel_mistake_is_an_error()
    {
        var manifest = Path.Combine(_directory.FullName, "m.sync.yaml");
        var yaml = """
            version: 1
            metamodel: catalogsync.metamodel.json
            target: { community: Shop, domain: Items }
            types:
              - name: items
                assetType: Busines Term
                missing: { policy: ignore }
                source: { csv: items.csv }
                columns: { name: id }
            """;
        await File.WriteAllTextAsync(manifest, yaml);

        var missing = await CliAsync("validate", manifest);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("m.sync.yaml(2,12): error CSYNC046: ", missing.Error, StringComparison.Ordinal);

        File.Copy(ShippedSnapshotPath(), Path.Combine(_directory.FullName, "catalogsync.metamodel.json"));
        var result = await CliAsync("validate", manifest);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("m.sync.yaml(6,16): error CSYNC037: The asset type 'Busines Term' of 'items' is not in the metamodel: did you mean 'Business Term'?", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("out-of-the-box", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapped_column_the_csv_does_not_have_stops_the_run_before_anything_is_sent()
    {
        var example = CopyExample();
        var manifest = Path.Combine(example, "products.sync.yaml");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("Description: description", "Description: descripton", StringComparison.Ordinal));
        var database = Path.Combine(_directory.FullName, "never", "catalog.db");

        var result = await CliAsync("sync", manifest, "--embedded", database);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("products.csv: the column 'descripton' is not in the header ('sku', 'title', 'description', 'labels', 'category'); did you mean 'description'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database), "Nothing may be sent, and the catalog is not even opened.");
    }

    [Fact]
    public async Task Plan_and_sync_need_a_target_and_refuse_an_invalid_manifest()
    {
        var example = CopyExample();
        var manifest = Path.Combine(example, "products.sync.yaml");
        var noTarget = await CliAsync("plan", manifest);
        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("Give the target: --embedded PATH", noTarget.Error, StringComparison.Ordinal);

        var broken = Path.Combine(_directory.FullName, "broken.sync.yaml");
        await File.WriteAllBytesAsync(broken, [0x76, 0x00, 0x01, 0xFF]);
        var database = Path.Combine(_directory.FullName, "never.db");
        var invalid = await CliAsync("sync", broken, "--embedded", database);
        Assert.Equal(3, invalid.ExitCode);
        Assert.Contains("error CSYNC057", invalid.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database), "An invalid manifest must not open (or create) the catalog.");
    }

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "binary", "CSYNC057" },
        { "empty", "CSYNC056" },
        { "10 MB", "CSYNC058" },
        { "10 000 levels", "CSYNC058" },
        { "alias bomb", "CSYNC059" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_hostile_manifest_is_refused_with_one_clear_finding(string kind, string id)
    {
        var manifest = Path.Combine(_directory.FullName, "hostile.sync.yaml");
        switch (kind)
        {
            case "binary":
                await File.WriteAllBytesAsync(manifest, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
                break;
            case "empty":
                await File.WriteAllTextAsync(manifest, "");
                break;
            case "10 MB":
                await File.WriteAllTextAsync(manifest, "version: 1\ntypes:\n" + string.Concat(Enumerable.Repeat("  - { name: n, assetType: Data Asset }\n", 10 * 1024 * 1024 / 39)));
                break;
            case "10 000 levels":
                await File.WriteAllTextAsync(manifest, "version: 1\nname: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
                break;
            default:
                var bomb = new System.Text.StringBuilder("version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n");
                for (var level = 'b'; level <= 'k'; level++)
                {
                    bomb.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
                }

                await File.WriteAllTextAsync(manifest, bomb.ToString());
                break;
        }

        var result = await CliAsync("validate", manifest);

        Assert.Equal(3, result.ExitCode);
        var finding = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"error {id}: ", finding, StringComparison.Ordinal);
        Assert.StartsWith(manifest, finding, StringComparison.Ordinal);
        Assert.Contains("1 error(s), 0 warning(s).", result.Output, StringComparison.Ordinal);
    }

    private static string ShippedSnapshotPath([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json"));

    private string CopyExample([CallerFilePath] string path = "")
    {
        var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "examples", "NoCodeCsv"));
        var target = Path.Combine(_directory.FullName, "example");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal)))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static Task<(int ExitCode, string Output, string Error)> CliAsync(params string[] arguments) => CliProcess.RunAsync(arguments);
}
