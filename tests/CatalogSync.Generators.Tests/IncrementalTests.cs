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

    /// <summary>
    /// Every step by name after an edit above the annotated types (a comment line: every position below it moves), with
    /// a scope file that records none of them, so there are located warnings (CSYNC031) to move too.
    /// </summary>
    [Fact]
    public void AnEditAboveTheTypesMovesTheDiagnosticsAndRegeneratesNoSource()
    {
        const string Scope = "{\"version\": 1, \"syncIds\": []}";
        var compilation = GeneratorHarness.CreateCompilation(Scenarios.Warehouse);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true)
            .AddAdditionalTexts([new InMemoryAdditionalText("/src/catalogsync.scopes.json", Scope)])
            .RunGenerators(compilation);
        var before = driver.GetRunResult();
        var tree = compilation.SyntaxTrees.Single();
        const string Inserted = "// Synchronized nightly.\n";
        var text = tree.GetText().ToString().Replace("namespace Contoso.Warehouse;", Inserted + "namespace Contoso.Warehouse;", StringComparison.Ordinal);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))));
        var after = driver.GetRunResult();
        var result = after.Results.Single();

        var expected = new Dictionary<string, IncrementalStepRunReason[]>
        {
            // The edited tree's declarations are the same (a comment is no declaration), so the key of what every parse
            // binds with compares equal…
            [SyncGenerator.Steps.TreeDeclarations] = [IncrementalStepRunReason.Unchanged],
            [SyncGenerator.Steps.DeclarationKey] = [IncrementalStepRunReason.Cached],
            // …but the types' own tree changed: the parsed models hold the locations their diagnostics point at, so
            // they are parsed again and change with every shift…
            [SyncGenerator.Steps.Assets] = [IncrementalStepRunReason.Modified],
            [SyncGenerator.Steps.Plans] = [IncrementalStepRunReason.Modified],
            // …and so do the diagnostics, which must point at the new positions.
            [SyncGenerator.Steps.Resolved] = [IncrementalStepRunReason.Modified],
            [SyncGenerator.Steps.Diagnostics] = [IncrementalStepRunReason.Modified],
            // What is emitted holds no location: compared equal, and nothing downstream of it runs.
            [SyncGenerator.Steps.Mappers] = [IncrementalStepRunReason.Unchanged],
            [SyncGenerator.Steps.PlanOutputs] = [IncrementalStepRunReason.Unchanged],
            // The additional file did not change.
            [SyncGenerator.Steps.ScopeFiles] = [IncrementalStepRunReason.Cached],
            // No stray [MissingPolicy]: the re-parsed attributes all fall out before the step.
            [SyncGenerator.Steps.StrayPolicies] = [],
            // No snapshot listed: the shipped one is parsed once, and what depends only on it stays cached.
            [SyncGenerator.Steps.MetamodelFiles] = [],
            [SyncGenerator.Steps.Metamodel] = [IncrementalStepRunReason.Cached],
            [SyncGenerator.Steps.DomainTypeDefaults] = [IncrementalStepRunReason.Cached],
            // The scenario names only what the snapshot has: no finding, so the (empty) result compares equal.
            [SyncGenerator.Steps.MetamodelChecks] = [IncrementalStepRunReason.Unchanged],
        };
        var names = typeof(SyncGenerator.Steps).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();
        var all = string.Join("; ", names.Select(n => n + "=" + string.Join(",", result.TrackedSteps.TryGetValue(n, out var s) ? s.SelectMany(x => x.Outputs).Select(o => o.Reason).Distinct() : [])));
        Assert.True(names.Order(StringComparer.Ordinal).SequenceEqual(expected.Keys.Order(StringComparer.Ordinal)), all);
        foreach (var name in names)
        {
            var reasons = result.TrackedSteps.TryGetValue(name, out var steps) ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason).Distinct().ToArray() : [];
            Assert.True(expected[name].SequenceEqual(reasons), $"{name}: expected [{string.Join(", ", expected[name])}], got [{string.Join(", ", reasons)}]");
        }

        Assert.Equal(3, result.TrackedSteps[SyncGenerator.Steps.Assets].SelectMany(s => s.Outputs).Count());
        Assert.Equal(3, result.TrackedSteps[SyncGenerator.Steps.Mappers].SelectMany(s => s.Outputs).Count());
        // Every source output is cached; only the report of the moved diagnostics ran.
        var others = AssertSourceOutputsCached(result);
        Assert.Contains(others, o => o.Reason == IncrementalStepRunReason.Modified); // the report of the resolver's diagnostics
        Assert.All(others, o => Assert.NotEqual(IncrementalStepRunReason.Cached, o.Reason)); // (the metamodel findings' report: none to move)

        // The warnings moved with their declarations, by the inserted line.
        var moved = before.Diagnostics.Select(d => d.Location.SourceSpan.Start + Inserted.Length).ToList();
        Assert.Equal(3, moved.Count);
        Assert.All(after.Diagnostics, d => Assert.Equal("CSYNC031", d.Id));
        Assert.Equal(moved, after.Diagnostics.Select(d => d.Location.SourceSpan.Start));
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

    /// <summary>
    /// Every output that adds sources is cached. The diagnostics are reported with the compilation's trees (so that
    /// #pragma works on them), so that output re-runs on every edit; it only places the diagnostics there are, and
    /// when they are the same its result is Unchanged.
    /// </summary>
    private static void AssertOutputsCached(GeneratorRunResult result) =>
        Assert.All(AssertSourceOutputsCached(result), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

    /// <summary>Asserts that every output that adds sources is cached; returns the other outputs (those that only report diagnostics).</summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> AssertSourceOutputsCached(GeneratorRunResult result)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        // An output step's value is (sources added, diagnostics reported).
        static bool AddsSources((object Value, IncrementalStepRunReason Reason) o) =>
            ((IEnumerable)((System.Runtime.CompilerServices.ITuple)o.Value)[0]!).GetEnumerator().MoveNext();
        var sourceOutputs = outputs.Where(AddsSources).ToList();
        Assert.Equal(result.GeneratedSources.Length, sourceOutputs.Count);
        Assert.All(sourceOutputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        return [.. outputs.Where(o => !AddsSources(o))];
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
