using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace CatalogSync.CodeFixes;

/// <summary>CSYNC001: marks the type's only <see cref="string"/> property with <c>[AssetName]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAssetNameCodeFix)), Shared]
public sealed class AddAssetNameCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.MissingAssetName];

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var diagnostic = context.Diagnostics[0];
        if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type)
        {
            return;
        }

        // Only when the choice is not a guess: exactly one string property, declared in source.
        var candidates = type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && !p.IsIndexer && !p.IsImplicitlyDeclared && p.Type.SpecialType == SpecialType.System_String)
            .ToList();
        if (candidates.Count != 1 || candidates[0].DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
        {
            return;
        }

        var property = candidates[0];
        var node = await reference.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false);
        var document = context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
        if (document is null || node is not (PropertyDeclarationSyntax or ParameterSyntax))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Mark '" + property.Name + "' with [AssetName]",
                ct => AddAttributeAsync(document, node, ct),
                equivalenceKey: nameof(AddAssetNameCodeFix)),
            diagnostic);
    }

    private static async Task<Solution> AddAttributeAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document.Project.Solution;
        }

        // The full name, simplified to 'AssetName' where CatalogSync is imported.
        var attribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::CatalogSync.AssetName").WithAdditionalAnnotations(Simplifier.Annotation));
        SyntaxNode updated = node switch
        {
            // A positional record's property is declared by its parameter: [property: AssetName].
            ParameterSyntax parameter => parameter.AddAttributeLists(
                SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
                    .WithTarget(SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.PropertyKeyword)))
                    .WithTrailingTrivia(SyntaxFactory.Space)),
            PropertyDeclarationSyntax property => AddLeadingAttribute(property, attribute),
            _ => node,
        };
        return document.WithSyntaxRoot(root.ReplaceNode(node, updated)).Project.Solution;
    }

    /// <summary>Puts the attribute list first, on the line of the declaration, keeping the declaration's leading trivia (indentation, comments) before it.</summary>
    private static PropertyDeclarationSyntax AddLeadingAttribute(PropertyDeclarationSyntax property, AttributeSyntax attribute)
    {
        var leading = property.GetLeadingTrivia();
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.Space);
        var stripped = property.WithoutLeadingTrivia();
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }
}
