using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The scope file's round trip through the real compiler and the real CLI process: a project is built to a .dll,
/// <c>catalog-sync scopes update</c> writes the file from it, the generator reads it back with no diagnostic, an edit
/// that moves or drops a scope is an error until it is declared, and <c>scopes check</c> says what differs.
/// </summary>
public sealed class ScopeFileRoundTripTests : IDisposable
{
    private const string Types = """
        using CatalogSync;

        namespace Shop;

        [SyncAsset(AssetType = "Table", Community = "Shop", Domain = "Tables")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class ShopTable { [AssetName] public string Name { get; set; } = ""; }

        [SyncAsset(AssetType = "Column", Community = "Shop", Domain = "Columns"COLUMN_EXTRA)]
        [MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Obsolete")]
        public sealed class ShopColumn { [AssetName] public string Name { get; set; } = ""; }

        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-scopes-");

    private string ScopeFile => Path.Combine(_directory.FullName, "catalogsync.scopes.json");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void The_scope_file_round_trips_through_the_CLI_and_the_compiler_holds_the_plans_to_it()
    {
        // Version 1, built and recorded.
        var v1 = Types.Replace("COLUMN_EXTRA", "", StringComparison.Ordinal) + "[SyncPlan(typeof(ShopTable), typeof(ShopColumn), Name = \"shop\")] public static partial class ShopPlan;";
        var v1Dll = Build(v1, "v1");
        var update = Cli("update", v1Dll);
        Assert.True(update.ExitCode == 0, update.Output);
        Assert.Contains("Wrote " + ScopeFile + ": 2 synchronization ID(s) of 1 plan(s).", update.Output, StringComparison.Ordinal);
        Assert.Contains("+ Column in 'Columns' under 'shop-column-columns-", update.Output, StringComparison.Ordinal);
        var recorded = File.ReadAllText(ScopeFile);
        Assert.Contains("\"syncId\": \"shop-table-tables-", recorded, StringComparison.Ordinal);
        Assert.Contains("\"strategy\": \"ChangeStatus\"", recorded, StringComparison.Ordinal);
        Assert.Empty(Diagnostics(v1));
        Assert.Equal(0, Cli("check", v1Dll).ExitCode);
        Assert.Contains("is up to date", Cli("update", v1Dll).Output, StringComparison.Ordinal);
        var columnsId = System.Text.RegularExpressions.Regex.Match(recorded, "\"(shop-column-columns-[0-9a-f]{8})\"").Groups[1].Value;

        // Version 2 pins the columns to another ID: an error until the move is declared.
        var moved = Types.Replace("COLUMN_EXTRA", ", SyncId = \"shop-columns\"", StringComparison.Ordinal) + "[SyncPlan(typeof(ShopTable), typeof(ShopColumn), Name = \"shop\")] public static partial class ShopPlan;";
        Assert.Equal(["CSYNC030"], Diagnostics(moved).Select(d => d.Id));
        var declared = moved.Replace("SyncId = \"shop-columns\"", $"SyncId = \"shop-columns\", MovedFrom = \"{columnsId}\"", StringComparison.Ordinal);
        Assert.Empty(Diagnostics(declared));
        var v2Dll = Build(declared, "v2");
        var check = Cli("check", v2Dll);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"~ Column in 'Columns' moved from '{columnsId}' to 'shop-columns'", check.Output, StringComparison.Ordinal);
        Assert.Equal(0, Cli("update", v2Dll).ExitCode);
        Assert.Equal(0, Cli("check", v2Dll).ExitCode);
        Assert.Empty(Diagnostics(declared)); // the declaration may stay until every catalog ran it

        // Version 3 drops the columns: an error until the removal is declared.
        var dropped = Types.Replace("COLUMN_EXTRA", ", SyncId = \"shop-columns\"", StringComparison.Ordinal) + "[SyncPlan(typeof(ShopTable), Name = \"shop\")] public static partial class ShopPlan;";
        Assert.Equal(["CSYNC017", "CSYNC032"], Diagnostics(dropped).Select(d => d.Id).Order(StringComparer.Ordinal));
        var removal = dropped.Replace("[SyncPlan(typeof(ShopTable)", "[RemovedSyncId(\"shop-columns\", Then = RemovedAssets.Keep)]\n[SyncPlan(typeof(ShopTable)", StringComparison.Ordinal);
        Assert.Equal(["CSYNC017"], Diagnostics(removal).Select(d => d.Id)); // only the stray type's warning is left
        var v3Dll = Build(removal, "v3");
        Assert.Contains("- Column in 'Columns' under 'shop-columns' is no longer synchronized", Cli("check", v3Dll).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CLI_refuses_an_assembly_without_plans_and_a_file_that_is_not_an_assembly()
    {
        var noPlans = Build("namespace Empty; public static class Nothing { }", "empty");
        var none = Cli("update", noPlans);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("No [SyncPlan] was found", none.Output, StringComparison.Ordinal);

        var text = Path.Combine(_directory.FullName, "not-an-assembly.dll");
        File.WriteAllText(text, "hello");
        var bad = Cli("check", text);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("cannot be read as a .NET assembly", bad.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(ScopeFile));
    }

    /// <summary>The generator's diagnostics for <paramref name="source"/> with the current scope file as an AdditionalFiles item.</summary>
    private List<Diagnostic> Diagnostics(string source) =>
        [.. GeneratorHarness.RunWithFiles([(ScopeFile, File.ReadAllText(ScopeFile))], source).GeneratorDiagnostics];

    /// <summary>Compiles <paramref name="source"/> with the generator to a .dll on disk, as a build would.</summary>
    private string Build(string source, string name)
    {
        var result = GeneratorHarness.Run(source);
        var path = Path.Combine(_directory.FullName, name + ".dll");
        var emit = result.Output.Emit(path);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }

    private (int ExitCode, string Output) Cli(string verb, string assembly)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory.FullName,
        };
        foreach (var argument in new[] { CliPath, "scopes", verb, assembly, "--file", ScopeFile })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "catalog-sync did not exit");
        return (process.ExitCode, output + error.Result);
    }

    private static string CliPath
    {
        get
        {
            var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = baseDirectory.Parent!.Name; // …/bin/<configuration>/net10.0
            return Path.GetFullPath(Path.Combine(baseDirectory.FullName, "..", "..", "..", "..", "..", "src", "CatalogSync.Cli", "bin", configuration, baseDirectory.Name, "catalog-sync.dll"));
        }
    }
}
