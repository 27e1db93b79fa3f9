using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.CodeFixes;

/// <summary>
/// "Did you mean …?": for any CSYNC diagnostic whose properties hold a <c>Replacement</c>, replaces the string literal
/// at the diagnostic's location with it. The generator decides what the replacement is (a UUID in the expected
/// format, the closest name of the catalog's metamodel); this fix only writes it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplacementCodeFix)), Shared]
public sealed class ReplacementCodeFix : CodeFixProvider
{
    /// <summary>The key of the diagnostic's properties that holds the replacement (the generator's <c>DiagnosticDescriptors.ReplacementProperty</c>).</summary>
    public const string PropertyName = DiagnosticIds.ReplacementProperty;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => DiagnosticIds.AllCatalogSync;

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticIds.ReplacementProperty, out var replacement) || replacement is null)
            {
                continue;
            }

            root ??= await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var fixedRoot = root.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal));
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Replace with \"" + replacement + "\"",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)),
                    equivalenceKey: nameof(ReplacementCodeFix)),
                diagnostic);
        }
    }
}
