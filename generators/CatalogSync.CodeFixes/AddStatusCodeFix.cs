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
/// CSYNC003: gives a <c>ChangeStatus</c> policy (or a <c>[RemovedSyncId]</c> with <c>Then = RemovedAssets.ChangeStatus</c>)
/// Collibra's out-of-the-box "Missing from source" status, the one its documentation uses for missing assets.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStatusCodeFix)), Shared]
public sealed class AddStatusCodeFix : CodeFixProvider
{
    /// <summary>The status id of "Missing from source" in Collibra's out-of-the-box metamodel.</summary>
    public const string MissingFromSourceStatusId = "00000000-0000-0000-0000-000000005066";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ChangeStatusWithoutStatus];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Add StatusId \"" + MissingFromSourceStatusId + "\" (Missing from source)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, WithStatus(attribute)))),
                equivalenceKey: nameof(AddStatusCodeFix)),
            diagnostic);
    }

    private static AttributeSyntax WithStatus(AttributeSyntax attribute)
    {
        // An empty StatusName = "" also leaves the policy without a status: it gives way to the id.
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        foreach (var existing in arguments)
        {
            if (existing.NameEquals?.Name.Identifier.ValueText == "StatusName")
            {
                arguments = arguments.Remove(existing);
            }
        }

        var statusId = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("StatusId")),
            nameColon: null,
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(MissingFromSourceStatusId)));
        var list = (attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList()).WithArguments(arguments.Add(statusId));
        return attribute.WithArgumentList(list);
    }
}
