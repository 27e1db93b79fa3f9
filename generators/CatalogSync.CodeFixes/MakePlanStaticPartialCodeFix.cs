using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.CodeFixes;

/// <summary>
/// CSYNC016: makes a [SyncPlan] class <c>static partial</c>. Offered only when that is all that is wrong (not for a
/// nested or generic class) and the class has no instance members, which a static class cannot keep.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePlanStaticPartialCodeFix)), Shared]
public sealed class MakePlanStaticPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.PlanNotStaticPartial];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration
            || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } symbol
            || symbol.ContainingType is not null
            || symbol.TypeParameters.Length > 0
            || symbol.GetMembers().Any(m => !m.IsStatic && !m.IsImplicitlyDeclared && m is not INamedTypeSymbol))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make '" + symbol.Name + "' a static partial class",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, StaticPartial(declaration)))),
                equivalenceKey: nameof(MakePlanStaticPartialCodeFix)),
            diagnostic);
    }

    private static ClassDeclarationSyntax StaticPartial(ClassDeclarationSyntax declaration)
    {
        // sealed and abstract cannot go with static; static goes before partial, after the accessibility.
        var modifiers = declaration.Modifiers;
        var leading = modifiers.Count > 0 ? modifiers[0].LeadingTrivia : declaration.Keyword.LeadingTrivia;
        var kept = modifiers.Where(m => !m.IsKind(SyntaxKind.SealedKeyword) && !m.IsKind(SyntaxKind.AbstractKeyword) && !m.IsKind(SyntaxKind.StaticKeyword) && !m.IsKind(SyntaxKind.PartialKeyword))
            .Select(m => m.WithLeadingTrivia().WithTrailingTrivia(SyntaxFactory.Space))
            .ToList();
        kept.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        kept.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        kept[0] = kept[0].WithLeadingTrivia(leading);
        var keyword = declaration.Keyword.WithLeadingTrivia();
        return declaration.WithModifiers(SyntaxFactory.TokenList(kept)).WithKeyword(keyword);
    }
}
