using CatalogSync.Declarations.Model;
using CatalogSync.Declarations.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators;

/// <summary>
/// The CatalogSync source generator: [SyncAsset] types become mappers, [SyncPlan] classes get their
/// <c>Description</c>, <c>RunAsync</c> and <c>PreviewAsync</c>, and contract mistakes become CSYNC diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SyncGenerator : IIncrementalGenerator
{
    /// <summary>Names of the tracked pipeline steps (for incremental-cache tests).</summary>
    public static class Steps
    {
        /// <summary>The declaration-level digest of each syntax tree (recomputed for a changed tree only).</summary>
        public const string TreeDeclarations = "CatalogSync.TreeDeclarations";

        /// <summary>What a parse can depend on outside the parsed type's own trees; equal after an edit inside a method body.</summary>
        public const string DeclarationKey = "CatalogSync.DeclarationKey";

        /// <summary>Parsed [SyncAsset] types.</summary>
        public const string Assets = "CatalogSync.Assets";

        /// <summary>Parsed [SyncPlan] classes.</summary>
        public const string Plans = "CatalogSync.Plans";

        /// <summary>[MissingPolicy] types without [SyncAsset].</summary>
        public const string StrayPolicies = "CatalogSync.StrayPolicies";

        /// <summary>The parsed scope file.</summary>
        public const string ScopeFiles = "CatalogSync.ScopeFiles";

        /// <summary>The metamodel snapshots listed as AdditionalFiles (catalogsync.metamodel.json).</summary>
        public const string MetamodelFiles = "CatalogSync.MetamodelFiles";

        /// <summary>The metamodel the declarations are checked against: the project's, or the out-of-the-box one.</summary>
        public const string Metamodel = "CatalogSync.Metamodel";

        /// <summary>The domain type each asset type defaults to, from the metamodel's assignments.</summary>
        public const string DomainTypeDefaults = "CatalogSync.DomainTypeDefaults";

        /// <summary>The findings of the check against the metamodel.</summary>
        public const string MetamodelChecks = "CatalogSync.MetamodelChecks";

        /// <summary>The cross-type resolution.</summary>
        public const string Resolved = "CatalogSync.Resolved";

        /// <summary>One model per mapper to emit.</summary>
        public const string Mappers = "CatalogSync.Mappers";

        /// <summary>One model per plan to emit.</summary>
        public const string PlanOutputs = "CatalogSync.PlanOutputs";

        /// <summary>The diagnostics to report.</summary>
        public const string Diagnostics = "CatalogSync.Diagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Roslyn re-runs a ForAttributeWithMetadataName transform on every new compilation; ours only finds the
        // declaration (a ParseTarget), and the parse runs when the target's trees or the declaration key differ
        // (SemanticGate.cs says why that is sound): after an edit inside a method body, no type is parsed again.
        var declarationKey = context.CompilationProvider
            .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
            .Select(static (tree, cancellationToken) => TreeDeclarations.From(tree, cancellationToken))
            .WithTrackingName(Steps.TreeDeclarations)
            .Collect()
            .Combine(context.CompilationProvider.Select(static (compilation, _) => new CompilationShape(compilation)))
            .Select(static (pair, _) => new DeclarationKey(pair.Left.ToEquatableArray(), pair.Right))
            .WithTrackingName(Steps.DeclarationKey);

        var assets = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.SyncAsset, static (node, _) => node is TypeDeclarationSyntax, ParseTarget.Create)
            .Combine(declarationKey)
            .WithComparer(ParseTarget.Comparer.Instance)
            .Select(static (pair, cancellationToken) => AssetTypeParser.Parse(pair.Item1, cancellationToken))
            .WithTrackingName(Steps.Assets);

        var strayPolicies = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.MissingPolicy, static (node, _) => node is TypeDeclarationSyntax, AssetTypeParser.ParseStrayPolicy)
            .Where(static d => d is not null)
            .WithTrackingName(Steps.StrayPolicies);

        var plans = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.SyncPlan, static (node, _) => node is ClassDeclarationSyntax, ParseTarget.Create)
            .Combine(declarationKey)
            .WithComparer(ParseTarget.Comparer.Instance)
            .Select(static (pair, cancellationToken) => PlanParser.Parse(pair.Item1, cancellationToken))
            .WithTrackingName(Steps.Plans);

        // The committed scope file (catalogsync.scopes.json as an AdditionalFiles item): what each plan's IDs carried.
        var scopeFiles = context.AdditionalTextsProvider
            .Where(static file => ScopeFile.IsScopeFile(file.Path))
            .Select(static (file, cancellationToken) => ScopeFile.Parse(file.Path, file.GetText(cancellationToken)?.ToString(), cancellationToken))
            .WithTrackingName(Steps.ScopeFiles);

        // The metamodel snapshot (catalogsync.metamodel.json as an AdditionalFiles item), else the shipped one. Only the
        // domain type defaults reach the resolver, so an edit of the snapshot re-runs the check, not the emitters.
        var metamodelFiles = context.AdditionalTextsProvider
            .Where(static file => MetamodelModel.IsMetamodelFile(file.Path))
            .Select(static (file, cancellationToken) => new MetamodelText(file.Path, file.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(Steps.MetamodelFiles);
        var metamodel = metamodelFiles.Collect()
            .Select(static (files, cancellationToken) => MetamodelModel.Choose(files, cancellationToken))
            .WithTrackingName(Steps.Metamodel);
        var domainTypeDefaults = metamodel
            .Select(static (model, _) => model.DomainTypeDefaults())
            .WithTrackingName(Steps.DomainTypeDefaults);

        var resolved = assets.Collect()
            .Combine(plans.Collect())
            .Combine(scopeFiles.Collect())
            .Combine(domainTypeDefaults)
            .Select(static (pair, cancellationToken) => Resolver.Resolve(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(Steps.Resolved);

        var metamodelChecks = assets.Collect()
            .Combine(plans.Collect())
            .Combine(metamodel)
            .Select(static (pair, cancellationToken) => MetamodelChecker.Check(pair.Left.Left, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(Steps.MetamodelChecks);

        var mappers = resolved.SelectMany(static (model, _) => model.Mappers).WithTrackingName(Steps.Mappers);
        var planOutputs = resolved.SelectMany(static (model, _) => model.Plans).WithTrackingName(Steps.PlanOutputs);
        var diagnostics = resolved.Select(static (model, _) => model.Diagnostics).WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(mappers, static (spc, mapper) =>
            spc.AddSource(Emitter.MapperHintName(mapper), SourceText.From(Emitter.EmitMapper(mapper), System.Text.Encoding.UTF8)));
        context.RegisterSourceOutput(planOutputs, static (spc, plan) =>
            spc.AddSource(Emitter.PlanHintName(plan), SourceText.From(Emitter.EmitPlan(plan), System.Text.Encoding.UTF8)));
        // Reporting needs the compilation's trees to place each diagnostic in its tree (so that #pragma warning
        // disable works): this last step re-runs on every edit, but it only looks up the trees of the diagnostics
        // there are; everything before it stays cached.
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (spc, pair) =>
        {
            var trees = new SourceTrees(pair.Right);
            foreach (var diagnostic in pair.Left)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
            }
        });
        context.RegisterSourceOutput(metamodelChecks.Combine(context.CompilationProvider), static (spc, pair) =>
        {
            var trees = new SourceTrees(pair.Right);
            foreach (var diagnostic in pair.Left)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
            }
        });
        context.RegisterSourceOutput(strayPolicies.Combine(context.CompilationProvider), static (spc, pair) =>
            spc.ReportDiagnostic(pair.Left!.ToDiagnostic(new SourceTrees(pair.Right))));
    }
}
