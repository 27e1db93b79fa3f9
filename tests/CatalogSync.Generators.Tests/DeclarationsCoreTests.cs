using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Plans;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The declarations core's rules are the ones every part applies, with the same words: the generator's CSYNC009, the
/// runtime's plan description, and the embedded catalog's (Import API) check, which allows more characters.
/// </summary>
public sealed class DeclarationsCoreTests
{
    public static TheoryData<string> BadDeclaredIds => ["", "my sync", "plan/1", "ü", "a12345678901234567890123456789012345678901234567890", " ", ".", ".."];

    [Theory]
    [MemberData(nameof(BadDeclaredIds))]
    public void A_bad_declared_id_reads_the_same_in_the_generator_and_the_runtime(string syncId)
    {
        var problem = SyncIdRules.DeclaredProblem(syncId);
        Assert.NotNull(problem);

        var source = "using CatalogSync;\n[SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = " + Literal(syncId) + ")]\n"
            + "[MissingPolicy(MissingStrategy.RemoveResources)]\npublic sealed class T { [AssetName] public string Name { get; set; } = \"\"; }\n"
            + "[SyncPlan(typeof(T))] public static partial class P;\n";
        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Id == "CSYNC009");
        Assert.Equal(DiagnosticCatalog.InvalidSyncId.Format("SyncId", syncId, problem), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        var thrown = Assert.Throws<ArgumentException>(() => new SyncGroupDescription(syncId, MissingStrategy.Ignore, null, null, []));
        Assert.Contains(problem, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my sync")]
    [InlineData("plan/1")]
    [InlineData("ü")]
    public void The_import_api_accepts_what_a_declaration_may_not_use(string syncId)
    {
        Assert.Null(SyncIdRules.AcceptedProblem(syncId));
        Assert.Null(Contract.SynchronizationId.Validate(syncId));
        Assert.NotNull(SyncIdRules.DeclaredProblem(syncId));
    }

    [Fact]
    public void The_import_api_refuses_with_the_core_s_words()
    {
        Assert.Equal("The synchronization id '..' is not valid: " + SyncIdRules.AcceptedProblem("..") + ".", Contract.SynchronizationId.Validate(".."));
        Assert.Equal("it has 51 characters; at most 50 are allowed", SyncIdRules.AcceptedProblem(new string('a', 51)));
        Assert.Equal("it is blank; give 1 to 50 visible characters", SyncIdRules.AcceptedProblem("   "));
    }

    [Fact]
    public void A_finding_prints_as_a_compiler_does()
    {
        var finding = new Finding(DiagnosticCatalog.InvalidSyncId, new FileSpan("m.sync.yaml", 12, 5, 12, 14), DiagnosticRuleSeverity.Error, "syncId", "my sync", SyncIdRules.DeclaredProblem("my sync")!);

        Assert.Equal("m.sync.yaml(12,5): error CSYNC009: syncId 'my sync' is invalid: it contains ' '; use only A-Z, a-z, 0-9, '.', '_' and '-'", finding.ToString());
        Assert.Equal("warning CSYNC031: x", new Finding(new DiagnosticRule("CSYNC031", "t", "{0}", DiagnosticRuleSeverity.Warning), null, DiagnosticRuleSeverity.Warning, "x").ToString());
    }

    [Fact]
    public void The_batch_limits_are_the_attribute_s()
    {
        Assert.Equal(BatchLimits.MaxBatchSize, SyncPlanAttribute.MaxBatchSize);
        Assert.Equal(BatchLimits.MinBatchSize, SyncPlanAttribute.MinBatchSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncPlanDescription("p", BatchLimits.MaxBatchSize + 1, []));
    }

    private static string Literal(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
