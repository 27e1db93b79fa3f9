using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The parse of a type is skipped on a new compilation only when nothing it reads can differ (SemanticGate.cs): after
/// an edit inside a method body elsewhere. Every other edit of what it binds with parses again. Each case checks the
/// incremental result against a fresh driver's on the edited compilation (sources and located diagnostics).
/// </summary>
public sealed class ParseGateTests
{
    private const string Types = """
        using CatalogSync;

        namespace Gate;

        [SyncAsset(AssetType = Names.Table, Community = "Gate", Domain = "Tables")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class Table : Base
        {
            [AssetName] public required string Name { get; init; }
            [CatalogAttribute(Names.Description)] public string? Description { get; init; }
            [CatalogAttribute("Level")] public Level Level { get; init; }
        }

        [SyncPlan(typeof(Table))]
        public static partial class GateSync;
        """;

    private const string Others = """
        namespace Gate;

        public enum Level { Low, High }

        public static class Helpers
        {
            public static int Twice(int x) => x * 2;
        }

        public static class Names
        {
            public const string Table = "Table";
            public const string Description = "Description";
        }
        """;

    private const string BaseFile = """
        using CatalogSync;

        namespace Gate;

        public abstract class Base
        {
            public int Count() { return 1; }

            [CatalogAttribute("Note")] public string? Note { get; init; }
        }
        """;

    [Fact]
    public void An_edit_inside_a_method_body_of_another_file_parses_nothing_again()
    {
        var (second, _) = RunTwice(others => others.Replace("x * 2", "x * 2 + 0 /* longer */", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Cached);
        AssertReasons(second, SyncGenerator.Steps.Assets, IncrementalStepRunReason.Cached);
        AssertReasons(second, SyncGenerator.Steps.Plans, IncrementalStepRunReason.Cached);
        AssertReasons(second, SyncGenerator.Steps.Resolved, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void A_constant_of_another_file_used_as_an_argument_parses_again()
    {
        var (second, generated) = RunTwice(others => others.Replace("Description = \"Description\"", "Description = \"Definition\"", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.Assets, IncrementalStepRunReason.Modified);
        Assert.Contains("\"Definition\"", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_added_to_an_enum_of_another_file_parses_again()
    {
        var (second, generated) = RunTwice(others => others.Replace("Low, High", "Low, Medium, High", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.Assets, IncrementalStepRunReason.Modified);
        Assert.Contains("Medium", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_that_moves_an_enum_parses_again()
    {
        // The models hold enum members' locations: a line above the enum moves them.
        var (second, _) = RunTwice(others => others.Replace("public enum Level", "\npublic enum Level", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Modified);
        AssertNotCached(second, SyncGenerator.Steps.Assets);
    }

    [Fact]
    public void A_type_declared_elsewhere_that_shadows_a_used_name_parses_again()
    {
        // Gate.MissingStrategy now wins over CatalogSync.MissingStrategy in the types' namespace.
        var (second, _) = RunTwice(others => others + "\npublic enum MissingStrategy { RemoveResources = 2 }\n");

        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Modified);
        AssertNotCached(second, SyncGenerator.Steps.Assets);
        AssertNotCached(second, SyncGenerator.Steps.Plans);
    }

    [Fact]
    public void A_body_edit_in_the_file_of_a_base_type_parses_the_derived_type_again()
    {
        // The base type's members (and their locations) are part of the derived type's model.
        var (second, _) = RunTwice(edit: null, editBase: b => b.Replace("return 1;", "return 1 + 1;", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Cached);
        AssertNotCached(second, SyncGenerator.Steps.Assets);
        AssertReasons(second, SyncGenerator.Steps.Plans, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void A_body_edit_in_the_file_of_another_part_parses_the_partial_type_again()
    {
        // A partial type's members elsewhere (and their locations) are part of its model; with no base list and not
        // partial, a type's own tree is its only one (ParseTarget's shortcut), which the other cases cover.
        var types = Types.Replace("public sealed class Table : Base", "public sealed partial class Table : Base", StringComparison.Ordinal);
        var part = BaseFile.Replace("public int Count() { return 1; }", "public int Count() { return 1; }\n}\n\npublic sealed partial class Table\n{\n    public int Size() { return 2; }\n    [CatalogAttribute(\"Size\")] public int Size2 { get; init; }", StringComparison.Ordinal);
        var (second, generated) = RunTwice(edit: null, editBase: b => b.Replace("return 2;", "return 2 + 2;", StringComparison.Ordinal), sources: [types, Others, part]);

        Assert.Contains("\"Size\"", generated, StringComparison.Ordinal);
        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Cached);
        AssertNotCached(second, SyncGenerator.Steps.Assets);
    }

    [Fact]
    public void A_nullable_directive_inside_a_body_counts()
    {
        var (second, _) = RunTwice(others => others.Replace("x * 2;", "x * 2;\n#nullable disable\n", StringComparison.Ordinal));

        AssertReasons(second, SyncGenerator.Steps.DeclarationKey, IncrementalStepRunReason.Modified);
    }

    /// <summary>Runs the generator, edits the other files, runs it again; asserts the result is a fresh run's. Returns the second run and the generated text.</summary>
    private static (GeneratorRunResult Second, string Generated) RunTwice(Func<string, string>? edit, Func<string, string>? editBase = null, string[]? sources = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources ?? [Types, Others, BaseFile]);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var edited = compilation;
        if (edit is not null)
        {
            edited = Replace(edited, 1, edit);
        }

        if (editBase is not null)
        {
            edited = Replace(edited, 2, editBase);
        }

        Assert.NotSame(compilation, edited);
        driver = driver.RunGenerators(edited);
        var incremental = driver.GetRunResult();
        var fresh = GeneratorHarness.CreateDriver().RunGenerators(edited).GetRunResult();

        static string Sources(GeneratorDriverRunResult run) =>
            string.Join("\n//----\n", run.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.HintName + "\n" + s.SourceText));
        static string Diagnostics(GeneratorDriverRunResult run) =>
            string.Join("\n", run.Diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.Location.SourceSpan + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));

        Assert.Equal(Sources(fresh), Sources(incremental));
        Assert.Equal(Diagnostics(fresh), Diagnostics(incremental));
        return (incremental.Results.Single(), Sources(incremental));
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.ElementAt(index);
        var text = edit(tree.GetText().ToString());
        Assert.NotEqual(tree.GetText().ToString(), text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }

    private static void AssertReasons(GeneratorRunResult result, string step, IncrementalStepRunReason reason)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} was not tracked.");
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason == reason, $"Step {step} produced {o.Reason}, not {reason}"));
    }

    private static void AssertNotCached(GeneratorRunResult result, string step)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.NotEqual(IncrementalStepRunReason.Cached, o.Reason));
    }
}
