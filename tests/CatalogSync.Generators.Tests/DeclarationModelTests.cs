using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;
using CatalogSync.Declarations.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The declaration model and its rules live in the declarations core, which has no Roslyn reference, so that the CLI
/// runs them too. What the core does in Roslyn's place must agree with Roslyn: line positions, C# literals and
/// keywords; and a finding reads the same in the CLI as the compiler's diagnostic.
/// </summary>
public sealed class DeclarationModelTests
{
    public static TheoryData<string> Texts => ["", "a", "ab\ncd", "ab\r\ncd\r\n", "x\ry\n\nz", "one\u2028two\u0085three", "\r\n\r\n\n\r"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Lines_and_columns_are_Roslyns(string text)
    {
        var source = SourceText.From(text);
        for (var start = 0; start <= text.Length; start++)
        {
            for (var end = start; end <= text.Length; end++)
            {
                var location = LocationInfo.InText("f.yaml", text, start, end);
                var expected = source.Lines.GetLinePositionSpan(TextSpan.FromBounds(start, end));
                Assert.Equal(
                    (expected.Start.Line, expected.Start.Character, expected.End.Line, expected.End.Character),
                    (location.LineSpan.StartLine, location.LineSpan.StartCharacter, location.LineSpan.EndLine, location.LineSpan.EndCharacter));
            }
        }
    }

    [Theory]
    [InlineData("Definition")]
    [InlineData("Say \"hi\"\\")]
    [InlineData("tab\tnew\nline\r\0\a\b\f\v")]
    [InlineData("\u0001\u001f\u007f\u0085\u2028\u2029")]
    [InlineData("Größe – ünïcode 数据")]
    public void A_code_fix_literal_is_the_one_Roslyn_writes(string value) =>
        Assert.Equal(SyntaxFactory.Literal(value).ToString(), MetamodelChecker.CodeLiteral(value));

    [Fact]
    public void Keywords_and_identifiers_are_Roslyns()
    {
        var words = new[] { "class", "await", "var", "async", "record", "value", "Name", "_x", "x1", "1x", "a-b", "ünï", "", "a b", "nameof", "__arglist" }
            .Concat(Enum.GetValues<SyntaxKind>().Select(SyntaxFacts.GetText).Where(t => t.Length > 0 && char.IsLetter(t[0])));
        foreach (var word in words.Distinct())
        {
            var escape = SyntaxFacts.GetKeywordKind(word) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(word) is SyntaxKind.AwaitKeyword;
            Assert.True((escape ? "@" + word : word) == CSharpNames.EscapeIdentifier(word), $"'{word}' escapes differently");
            Assert.True(SyntaxFacts.IsValidIdentifier(word) == CSharpNames.IsValidIdentifier(word), $"'{word}' is an identifier for one and not the other");
        }
    }

    [Fact]
    public void A_finding_reads_as_the_compilers_diagnostic()
    {
        var source = "using CatalogSync;\n[SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\")]\n[MissingPolicy(MissingStrategy.ChangeStatus)]\n"
            + "public sealed class T { [AssetName] public string Name { get; set; } = \"\"; }\n[SyncPlan(typeof(T))] public static partial class P;\n";
        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Id == "CSYNC003");
        var span = diagnostic.Location.GetLineSpan();

        var info = new DiagnosticInfo("CSYNC003", LocationInfo.InText(span.Path, source, diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.End), new EquatableArray<string>(["T"]));
        var finding = info.ToFinding();

        Assert.Same(DiagnosticCatalog.ChangeStatusWithoutStatus, finding.Rule);
        Assert.Equal(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), finding.Message);
        Assert.Equal($"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error CSYNC003: {finding.Message}", finding.ToString());
        Assert.True(info.IsError);
        Assert.Equal(DiagnosticRuleSeverity.Warning, (info with { AsWarning = true }).ToFinding().Severity);
    }
}
