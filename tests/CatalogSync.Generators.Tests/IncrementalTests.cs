using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CatalogSync.Generators.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps =
    [
        SyncGenerator.Steps.Assets,
        SyncGenerator.Steps.Plans,
        SyncGenerator.Steps.Resolved,
        SyncGenerator.Steps.Mappers,
        SyncGenerator.Steps.PlanOutputs,
        SyncGenerator.Steps.Diagnostics,
    ];

    [Fact]
    public void AnUnrelatedFileLeavesEveryOutputCached()
    {
        var (first, second) = RunTwice(Scenarios.Warehouse, c => c.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Other;\n\npublic sealed class Unrelated { public int X { get; set; } }\n", GeneratorHarness.ParseOptions, path: "/src/Unrelated.cs")));

        Assert.Equal(4, first.GeneratedSources.Length);
        AssertStepsCachedOrUnchanged(second);
        AssertOutputsCached(second);
    }

    [Fact]
    public void AnEditOutsideTheMappedMembersLeavesEveryOutputCached()
    {
        var source = Scenarios.Warehouse.Replace(
            "public static partial class WarehouseSync;",
            "public static partial class WarehouseSync;\n\npublic static class Helpers { public static int Twice(int x) => x * 2; }",
            StringComparison.Ordinal);
        var (_, second) = RunTwice(source, c =>
        {
            var tree = c.SyntaxTrees.Single();
            var text = tree.GetText().ToString().Replace("x * 2", "x + x", StringComparison.Ordinal);
            return c.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        });

        AssertStepsCachedOrUnchanged(second);
        AssertOutputsCached(second);
    }

    [Fact]
    public void ChangingAMappedMemberRegeneratesOnlyWhatDependsOnIt()
    {
        var (_, second) = RunTwice(Scenarios.Warehouse, c =>
        {
            var tree = c.SyntaxTrees.Single();
            var text = tree.GetText().ToString().Replace("[CatalogAttribute(\"Technical Data Type\")]", "[CatalogAttribute(\"Data Type\")]", StringComparison.Ordinal);
            return c.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        });

        var mappers = second.TrackedSteps[SyncGenerator.Steps.Mappers].SelectMany(s => s.Outputs).ToList();
        Assert.Single(mappers, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(2, mappers.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        // The plan's description names each mapped attribute type (the runtime preflight checks them), so it changes too.
        Assert.All(second.TrackedSteps[SyncGenerator.Steps.PlanOutputs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
    }

    [Fact]
    public void ChangingAnUnmappedDetailOfAMappedTypeLeavesThePlanUnchanged()
    {
        var (_, second) = RunTwice(Scenarios.Warehouse, c =>
        {
            var tree = c.SyntaxTrees.Single();
            var text = tree.GetText().ToString().Replace("[AssetDisplayName]", "", StringComparison.Ordinal);
            return c.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        });

        Assert.Contains(second.TrackedSteps[SyncGenerator.Steps.Mappers].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(second.TrackedSteps[SyncGenerator.Steps.PlanOutputs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
    }

    [Fact]
    public void ModelsHoldNoSymbolsSyntaxOrCompilations()
    {
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.Warehouse, Scenarios.ValueKinds.Replace("namespace Samples.Kinds;", "namespace Samples.Kinds2;", StringComparison.Ordinal));
        var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        var walked = 0;
        foreach (var name in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                walked += Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        Assert.True(walked > 100, $"Only {walked} objects were walked: the tracked steps are not being inspected.");
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(string source, Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        driver = driver.RunGenerators(edit(compilation));
        return (first, driver.GetRunResult().Results.Single());
    }

    private static void AssertStepsCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step {name} was not tracked.");
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} produced {output.Reason} for {output.Value}");
            }
        }
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>Walks an object graph by reflection and fails on any Roslyn object that would pin a compilation.</summary>
    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return 0;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location or SyntaxToken or AttributeData,
            $"{path} holds a {value.GetType().FullName}: models must hold only plain data.");
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return 0;
        }

        var count = 1;
        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence)
            {
                count += Walk(item, $"{path}[{i++}]", seen);
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                count += Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }

        return count;
    }
}
