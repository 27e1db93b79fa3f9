using System.Collections.Immutable;
using CatalogSync.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The code fixes, with before/after sources through Microsoft.CodeAnalysis.CSharp.CodeFix.Testing. The test framework
/// asks an analyzer for the diagnostics; ours come from the source generator, so <see cref="GeneratorDiagnostics"/>
/// runs the generator over the test's compilation and reports what it reports (the same diagnostics, locations and
/// properties an IDE gets from the generator). The references are the local SDK's reference pack and the runtime
/// (<see cref="GeneratorHarness.References"/>): nothing is downloaded.
/// </summary>
public sealed class CodeFixTests
{
    private const string Header = """
        using CatalogSync;

        namespace Tests;


        """;

    [Fact]
    public Task CSYNC001_marks_the_only_string_property_with_AssetName() =>
        Verify<AddAssetNameCodeFix>(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class {|CSYNC001:T|}
            {
                // The table's full name.
                public string Name { get; set; } = "";

                [CatalogAttribute("Row Count")] public long Rows { get; set; }
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class T
            {
                // The table's full name.
                [AssetName]
                public string Name { get; set; } = "";

                [CatalogAttribute("Row Count")] public long Rows { get; set; }
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

    [Fact]
    public Task CSYNC001_marks_a_positional_record_parameter_for_its_property() =>
        Verify<AddAssetNameCodeFix>(
            """
            [SyncAsset(AssetType = "Schema", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed record {|CSYNC001:Schema|}(string Name, int Tables);

            [SyncPlan(typeof(Schema))] public static partial class P;
            """,
            """
            [SyncAsset(AssetType = "Schema", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed record Schema([property: AssetName] string Name, int Tables);

            [SyncPlan(typeof(Schema))] public static partial class P;
            """);

    [Fact]
    public Task CSYNC001_offers_nothing_when_two_string_properties_could_be_the_name()
    {
        const string Source = """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class {|CSYNC001:T|}
            {
                public string Name { get; set; } = "";
                public string Label { get; set; } = "";
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """;
        return Verify<AddAssetNameCodeFix>(Source, Source);
    }

    [Fact]
    public Task CSYNC003_adds_the_Missing_from_source_status() =>
        Verify<AddStatusCodeFix>(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [{|CSYNC003:MissingPolicy(MissingStrategy.ChangeStatus, MaxMissingPercent = 10)|}]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, MaxMissingPercent = 10, StatusId = "00000000-0000-0000-0000-000000005066")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

    [Fact]
    public Task CSYNC003_replaces_an_empty_status_name() =>
        Verify<AddStatusCodeFix>(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [{|CSYNC003:MissingPolicy(MissingStrategy.ChangeStatus, StatusName = " ")|}]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

    [Theory]
    [InlineData("public partial class {|CSYNC016:P|} { }", "public static partial class P { }")]
    [InlineData("public static class {|CSYNC016:P|} { }", "public static partial class P { }")]
    [InlineData("internal sealed class {|CSYNC016:P|} { }", "internal static partial class P { }")]
    [InlineData("class {|CSYNC016:P|} { }", "static partial class P { }")]
    public Task CSYNC016_makes_the_plan_class_static_partial(string before, string after) =>
        Verify<MakePlanStaticPartialCodeFix>(
            Table + "\n[SyncPlan(typeof(T))]\n" + before + "\n",
            Table + "\n[SyncPlan(typeof(T))]\n" + after + "\n");

    [Fact]
    public Task CSYNC016_offers_nothing_for_a_nested_plan()
    {
        var source = Table + """

            public static class Outer
            {
                [SyncPlan(typeof(T))] public static partial class {|CSYNC016:P|} { }
            }

            """;
        return Verify<MakePlanStaticPartialCodeFix>(source, source);
    }

    [Fact]
    public Task CSYNC017_adds_the_type_to_the_only_plan_before_its_named_arguments() =>
        Verify<AddTypeToPlanCodeFix>(
            Table + """

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class {|CSYNC017:Column|} { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), Name = "warehouse")] public static partial class P;

            """,
            Table + """

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class Column { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(Column), Name = "warehouse")] public static partial class P;

            """);

    [Theory]
    [InlineData(0, "[SyncPlan(typeof(T), typeof(Column), Name = \"a\")] public static partial class A;", "[SyncPlan(typeof(U), Name = \"b\")] public static partial class B;")]
    [InlineData(1, "[SyncPlan(typeof(T), Name = \"a\")] public static partial class A;", "[SyncPlan(typeof(U), typeof(Column), Name = \"b\")] public static partial class B;")]
    public async Task CSYNC017_offers_one_fix_per_plan_even_in_another_file(int index, string fixedA, string fixedB)
    {
        const string Types = """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "Other tables")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class U { [AssetName] public string Name { get; set; } = ""; }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "Columns")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class {|CSYNC017:Column|} { [AssetName] public string Name { get; set; } = ""; }

            """;
        var test = new CodeFixTest<AddTypeToPlanCodeFix> { CodeActionIndex = index, CodeActionEquivalenceKey = "AddTypeToPlanCodeFix:Tests." + (index == 0 ? "A" : "B") };
        test.TestState.Sources.Add(("/0/Types.cs", Header + Table + "\n" + Types));
        test.TestState.Sources.Add(("/0/A.cs", Header + "[SyncPlan(typeof(T), Name = \"a\")] public static partial class A;\n"));
        test.TestState.Sources.Add(("/0/B.cs", Header + "[SyncPlan(typeof(U), Name = \"b\")] public static partial class B;\n"));
        test.FixedState.Sources.Add(("/0/Types.cs", Header + Table + "\n" + Types.Replace("{|CSYNC017:Column|}", "Column", StringComparison.Ordinal)));
        test.FixedState.Sources.Add(("/0/A.cs", Header + fixedA + "\n"));
        test.FixedState.Sources.Add(("/0/B.cs", Header + fixedB + "\n"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("{00000000-0000-0000-0000-000000005066}")]
    [InlineData("00000000000000000000000000005066")]
    public Task Replacement_writes_a_uuid_in_the_expected_format(string written) =>
        Verify<ReplacementCodeFix>(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = {|CSYNC004:"{{written}}"|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

    [Fact]
    public Task Replacement_offers_nothing_without_a_replacement()
    {
        const string Source = """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = {|CSYNC004:"Missing from source"|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """;
        return Verify<ReplacementCodeFix>(Source, Source);
    }

    [Fact]
    public void The_fixes_answer_to_the_generators_ids_and_property()
    {
        CodeFixProvider[] fixes = [new AddAssetNameCodeFix(), new AddStatusCodeFix(), new MakePlanStaticPartialCodeFix(), new AddTypeToPlanCodeFix()];
        Assert.Equal(
            ["CSYNC001", "CSYNC003", "CSYNC016", "CSYNC017"],
            fixes.SelectMany(f => f.FixableDiagnosticIds).Where(DiagnosticDescriptors.ById.ContainsKey));
        Assert.Equal(DiagnosticDescriptors.ReplacementProperty, ReplacementCodeFix.PropertyName);
        Assert.Equal(999, new ReplacementCodeFix().FixableDiagnosticIds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(DiagnosticDescriptors.ById.Keys, id => Assert.Contains(id, new ReplacementCodeFix().FixableDiagnosticIds));
        Assert.Contains(AddStatusCodeFix.MissingFromSourceStatusId, CatalogSync.Declarations.Diagnostics.DiagnosticCatalog.ChangeStatusWithoutStatus.MessageFormat, StringComparison.Ordinal);
    }

    private const string Table = """
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T { [AssetName] public string Name { get; set; } = ""; }

        """;

    private static Task Verify<TCodeFix>(string before, string after)
        where TCodeFix : CodeFixProvider, new() =>
        new CodeFixTest<TCodeFix> { TestCode = Header + before, FixedCode = Header + after }.RunAsync();

    /// <summary>A code fix test on the generator's diagnostics, with the SDK's reference pack and the latest language version.</summary>
    private sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<GeneratorDiagnostics, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            // A target framework with no reference package: nothing to resolve, so nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }

    /// <summary>
    /// Test-only: reports the source generator's diagnostics as an analyzer's, so that the test framework (which only
    /// knows analyzers) hands them to the code fixes. It runs the generator on the compilation being analyzed.
    /// </summary>
    /// <remarks>RS1036/RS1038/RS1041 are about analyzers a compiler loads; this one is never loaded by one.</remarks>
#pragma warning disable RS1036, RS1038, RS1041
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class GeneratorDiagnostics : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1038, RS1041
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [.. DiagnosticDescriptors.ById.Values];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            // Once per compilation; each tree's diagnostics are then reported from that tree's semantic model action,
            // so that they are local to a document, as an IDE holds the generator's (the framework refuses to fix
            // diagnostics of a compilation action). Diagnostics outside the trees (the scope file) are not reported.
            context.RegisterCompilationStartAction(start =>
            {
                var diagnostics = new Lazy<ImmutableArray<Diagnostic>>(() =>
                {
                    var parseOptions = start.Compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
                    return CSharpGeneratorDriver.Create([new SyncGenerator().AsSourceGenerator()], parseOptions: parseOptions)
                        .RunGenerators(start.Compilation, start.CancellationToken)
                        .GetRunResult()
                        .Diagnostics;
                });
                start.RegisterSemanticModelAction(model =>
                {
                    foreach (var diagnostic in diagnostics.Value.Where(d => d.Location.SourceTree == model.SemanticModel.SyntaxTree))
                    {
                        model.ReportDiagnostic(diagnostic);
                    }
                });
            });
        }
    }
}
