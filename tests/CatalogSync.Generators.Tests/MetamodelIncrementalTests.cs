using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>Editing the metamodel snapshot re-runs the check against it, and nothing that emits code.</summary>
public sealed class MetamodelIncrementalTests
{
    private const string Path = "/project/catalogsync.metamodel.json";

    [Fact]
    public void An_edit_of_the_snapshot_reruns_only_the_metamodel_check()
    {
        var shipped = ShippedSnapshot();
        var edited = shipped.Replace(
            "\"attributeTypes\": [\n",
            "\"attributeTypes\": [\n    { \"id\": \"c0e00000-0000-0000-0000-0000000000aa\", \"name\": \"Retention Class\", \"kind\": \"String\" },\n",
            StringComparison.Ordinal);
        Assert.NotEqual(shipped, edited);

        var second = RunTwice(shipped, edited);

        AssertReasons(second, SyncGenerator.Steps.MetamodelFiles, IncrementalStepRunReason.Modified);
        AssertReasons(second, SyncGenerator.Steps.Metamodel, IncrementalStepRunReason.Modified);
        AssertReasons(second, SyncGenerator.Steps.MetamodelChecks, IncrementalStepRunReason.Unchanged);
        // The domain type defaults are the same, so the resolver and every emitter keep their cached results.
        AssertReasons(second, SyncGenerator.Steps.DomainTypeDefaults, IncrementalStepRunReason.Unchanged);
        foreach (var step in new[] { SyncGenerator.Steps.Assets, SyncGenerator.Steps.Plans, SyncGenerator.Steps.Resolved, SyncGenerator.Steps.Mappers, SyncGenerator.Steps.PlanOutputs, SyncGenerator.Steps.Diagnostics })
        {
            AssertReasons(second, step, IncrementalStepRunReason.Cached);
        }
    }

    [Fact]
    public void Removing_a_used_type_from_the_snapshot_reports_it_without_regenerating_code()
    {
        var shipped = ShippedSnapshot();
        var edited = shipped.Replace("\"name\": \"Technical Data Type\"", "\"name\": \"Physical Data Type\"", StringComparison.Ordinal);
        Assert.NotEqual(shipped, edited);

        var second = RunTwice(shipped, edited);

        AssertReasons(second, SyncGenerator.Steps.MetamodelChecks, IncrementalStepRunReason.Modified);
        AssertReasons(second, SyncGenerator.Steps.Mappers, IncrementalStepRunReason.Cached);
        AssertReasons(second, SyncGenerator.Steps.PlanOutputs, IncrementalStepRunReason.Cached);
        var diagnostic = Assert.Single(second.Diagnostics);
        Assert.Equal("CSYNC039", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    private static GeneratorRunResult RunTwice(string before, string after)
    {
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.Warehouse);
        var first = new InMemoryAdditionalText(Path, before);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).AddAdditionalTexts([first]).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        driver = driver.ReplaceAdditionalText(first, new InMemoryAdditionalText(Path, after)).RunGenerators(compilation);
        return driver.GetRunResult().Results.Single();
    }

    private static void AssertReasons(GeneratorRunResult result, string step, IncrementalStepRunReason reason)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason == reason, $"Step {step} produced {o.Reason}, not {reason}"));
    }

    private static string ShippedSnapshot([CallerFilePath] string path = "") =>
        File.ReadAllText(System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json")));
}
