using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>What a user sees around the diagnostics and the generated code: suppressions, obsolete members, versions, broken plans.</summary>
public sealed class GeneratorPolishTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using CatalogSync;

        namespace Tests;


        """;

    [Fact]
    public void PragmaWarningDisableSuppressesAWarningAtItsSourceLocation()
    {
        const string Type = """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """;

        var reported = GeneratorHarness.Run(Header + Type);
        var suppressed = GeneratorHarness.Run(Header + "#pragma warning disable CSYNC008\n" + Type + "\n#pragma warning restore CSYNC008\n");

        // With the pragma, the compiler drops the warning (as the build does)…
        Assert.DoesNotContain(suppressed.GeneratorDiagnostics, d => d.Id == "CSYNC008" && !d.IsSuppressed);
        // …because it is in the compilation's own tree, where the compiler sees the pragma.
        var warning = Assert.Single(reported.GeneratorDiagnostics);
        Assert.Equal("CSYNC008", warning.Id);
        Assert.True(warning.Location.IsInSource);
        Assert.Same(reported.Input.SyntaxTrees.Single(), warning.Location.SourceTree);
        Assert.Equal("T", warning.Location.SourceTree!.GetText().ToString(warning.Location.SourceSpan));
    }

    [Fact]
    public void APragmaForAnotherIdSuppressesNothing()
    {
        var result = GeneratorHarness.Run(Header + """
            #pragma warning disable CSYNC017
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }
            #pragma warning restore CSYNC017

            [SyncPlan(typeof(T))] public static partial class P;
            """);

        Assert.Equal("CSYNC008", Assert.Single(result.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void AnObsoleteMappedMemberCompilesWithoutWarnings()
    {
        var result = GeneratorHarness.Run(Header + """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Obsolete("Use Summary.")] [CatalogAttribute("Description")] public string? Description { get; set; }
                [Obsolete] [CatalogAttribute("Note")] public string? Note { get; set; }
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        var mapper = Assert.Single(result.Sources, s => s.HintName == "Tests.TAssetMapper.g.cs");
        Assert.Contains("item.Description", mapper.SourceText.ToString(), StringComparison.Ordinal);
        // At warning level 9999 with nullable on, the output (generated files included) has no diagnostic at all:
        // without the generated files' '#pragma warning disable CS0612, CS0618' it would have CS0618 and CS0612.
        var diagnostics = result.OutputCompilerDiagnostics.Select(d => d.ToString()).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void GeneratedCodeCarriesTheGeneratorAssemblysVersion()
    {
        var result = GeneratorHarness.Run(Scenarios.GlobalNamespace);

        var version = typeof(SyncGenerator).Assembly.GetName().Version!;
        var expected = $"[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"CatalogSync.Generators\", \"{version.ToString(3)}\")]";
        Assert.All(result.Sources, s => Assert.Contains(expected, s.SourceText.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void APlanWithABrokenTypeStillHasItsMembersSoCallSitesAddNoError()
    {
        var (source, _) = GeneratorHarness.ParseMarkup(Header + """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus)]
            public sealed class Broken { [AssetName] public string Name { get; set; } = ""; }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class Fine { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(Broken), typeof(Fine))] public static partial class P;

            public static class Caller
            {
                public static System.Threading.Tasks.Task Run(CatalogSync.Contract.IImportApiClient client) =>
                    P.RunAsync(client, new List<Broken>(), new List<Fine>());

                public static System.Threading.Tasks.Task Preview(CatalogSync.Contract.IImportApiClient client) =>
                    P.PreviewAsync(client, AsyncItems<Broken>(), AsyncItems<Fine>(), cancellationToken: default);

                public static string Name => P.Description.Name;

                private static async IAsyncEnumerable<TItem> AsyncItems<TItem>()
                {
                    await System.Threading.Tasks.Task.Yield();
                    yield break;
                }
            }
            """);

        var result = GeneratorHarness.Run(source);

        // The one mistake, once.
        Assert.Equal("CSYNC003", Assert.Single(result.GeneratorDiagnostics).Id);
        // Before the generator, the call sites do not compile (CS0117); after it they do, warning-free.
        Assert.Contains(result.Input.GetDiagnostics(), d => d.Id == "CS0117");
        var diagnostics = result.OutputCompilerDiagnostics.Select(d => d.ToString()).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        // The members are stubs: nothing is synchronized, no scope is recorded, and running says why.
        var plan = Assert.Single(result.Sources, s => s.HintName == "Tests.P.SyncPlan.g.cs").SourceText.ToString();
        Assert.Contains("throw NotGenerated()", plan, StringComparison.Ordinal);
        Assert.Contains("Plan 'P' has errors", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogSync.Scope", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SyncPlanExecutor", plan, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Sources, s => s.HintName == "Tests.BrokenAssetMapper.g.cs");
    }

    [Fact]
    public void APlanWhoseClassIsNotPartialGetsNoMembers()
    {
        var result = GeneratorHarness.Run(Header + """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static class P { }
            """);

        Assert.Equal("CSYNC016", Assert.Single(result.GeneratorDiagnostics).Id);
        // A second part of a class that is not partial would be an error of its own.
        Assert.DoesNotContain(result.Sources, s => s.HintName.EndsWith("SyncPlan.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{00000000-0000-0000-0000-000000005066}", "00000000-0000-0000-0000-000000005066")]
    [InlineData("00000000000000000000000000005066", "00000000-0000-0000-0000-000000005066")]
    [InlineData("(0000000A-0000-0000-0000-000000005066)", "0000000a-0000-0000-0000-000000005066")]
    public void AUuidInAnotherFormatCarriesItsReplacement(string written, string replacement)
    {
        var result = GeneratorHarness.Run(Header + $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "{{written}}")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("CSYNC004", diagnostic.Id);
        Assert.Equal(replacement, diagnostic.Properties[DiagnosticDescriptors.ReplacementProperty]);
        Assert.Equal("\"" + written + "\"", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void AStatusIdThatIsNoUuidAtAllHasNoReplacement()
    {
        var result = GeneratorHarness.Run(Header + """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "Missing from source")]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("CSYNC004", diagnostic.Id);
        Assert.False(diagnostic.Properties.ContainsKey(DiagnosticDescriptors.ReplacementProperty));
    }
}
