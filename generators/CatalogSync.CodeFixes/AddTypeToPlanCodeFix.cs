using System.Collections.Generic;
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

namespace CatalogSync.CodeFixes;

/// <summary>
/// CSYNC017: adds the type to a [SyncPlan]: one fix per plan class of the project ("Add typeof(T) to plan 'P'"), so
/// with one plan there is one fix, and with several the user picks; the plan may be in another file.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTypeToPlanCodeFix)), Shared]
public sealed class AddTypeToPlanCodeFix : CodeFixProvider
{
    private const string SyncPlanAttribute = "CatalogSync.SyncPlanAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.TypeNotInPlan];

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type)
        {
            return;
        }

        foreach (var (plan, attribute) in await FindPlansAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false))
        {
            var document = context.Document.Project.Solution.GetDocument(attribute.SyntaxTree);
            if (document is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add typeof(" + type.Name + ") to plan '" + plan.Name + "'",
                    ct => AddTypeAsync(document, attribute, type, ct),
                    equivalenceKey: nameof(AddTypeToPlanCodeFix) + ":" + plan.ToDisplayString()),
                diagnostic);
        }
    }

    /// <summary>The [SyncPlan] attributes of the project's classes, in a stable order (by class name).</summary>
    private static async Task<List<(INamedTypeSymbol Plan, AttributeSyntax Attribute)>> FindPlansAsync(Project project, CancellationToken cancellationToken)
    {
        var plans = new List<(INamedTypeSymbol, AttributeSyntax)>();
        foreach (var document in project.Documents)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var attribute in root.DescendantNodes().OfType<AttributeSyntax>())
            {
                // A cheap look at the name first: the semantic model only for what may be [SyncPlan].
                var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (attribute.Name as SimpleNameSyntax)?.Identifier.ValueText;
                if (name is not ("SyncPlan" or "SyncPlanAttribute") || attribute.Parent?.Parent is not ClassDeclarationSyntax @class)
                {
                    continue;
                }

                model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (model?.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType.ToDisplayString() == SyncPlanAttribute
                    && model.GetDeclaredSymbol(@class, cancellationToken) is { } plan)
                {
                    plans.Add((plan, attribute));
                }
            }
        }

        return [.. plans.OrderBy(p => p.Item1.ToDisplayString(), System.StringComparer.Ordinal)];
    }

    private static async Task<Solution> AddTypeAsync(Document document, AttributeSyntax attribute, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document.Project.Solution;
        }

        // The name as the plan's file can write it (its usings), after the types already listed, before Name = ….
        var typeName = SyntaxFactory.ParseTypeName(type.ToMinimalDisplayString(model, attribute.SpanStart));
        var argument = SyntaxFactory.AttributeArgument(SyntaxFactory.TypeOfExpression(typeName));
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        var position = 0;
        while (position < arguments.Count && arguments[position].NameEquals is null && arguments[position].NameColon is null)
        {
            position++;
        }

        var list = (attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList()).WithArguments(arguments.Insert(position, argument));
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, attribute.WithArgumentList(list))).Project.Solution;
    }
}
