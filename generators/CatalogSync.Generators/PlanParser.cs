using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.Generators;

/// <summary>Turns a [SyncPlan] class into a <see cref="PlanModel"/> and its own diagnostics.</summary>
internal static class PlanParser
{
    public static PlanModel Parse(ParseTarget target, CancellationToken cancellationToken)
    {
        var symbol = target.Symbol;
        var syntax = (ClassDeclarationSyntax)target.Node;
        var attribute = target.Attribute;
        var diagnostics = new List<DiagnosticInfo>();
        var location = LocationInfo.From(syntax.Identifier.GetLocation());

        var problems = new List<string>();
        if (!symbol.IsStatic)
        {
            problems.Add("is not static");
        }

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            problems.Add("is not partial");
        }

        if (symbol.ContainingType is not null)
        {
            problems.Add("is nested in '" + symbol.ContainingType.Name + "'");
        }

        if (symbol.TypeParameters.Length > 0)
        {
            problems.Add("is generic");
        }

        if (problems.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.PlanNotStaticPartial, location, symbol.Name, string.Join(" and ", problems)));
        }

        foreach (var generated in new[] { "Description", "RunAsync", "PreviewAsync" })
        {
            foreach (var member in symbol.GetMembers(generated))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.PlanMemberConflict, LocationInfo.From(member.Locations.FirstOrDefault()), symbol.Name, generated));
            }
        }

        var name = attribute.NamedString("Name");
        if (name is not null && SyncIdRules.DeclaredProblem(name) is { } nameProblem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidSyncId, attribute.NamedLocation("Name", cancellationToken), "The plan Name (the prefix of derived synchronization IDs)", name, nameProblem));
        }

        var batchSize = attribute.Named("BatchSize") is { Value: int size } ? size : BatchLimits.MaxBatchSize;
        if (batchSize is < BatchLimits.MinBatchSize or > BatchLimits.MaxBatchSize)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidBatchSize, attribute.NamedLocation("BatchSize", cancellationToken), batchSize.ToString(CultureInfo.InvariantCulture), name ?? symbol.Name));
        }

        var types = new List<PlanTypeReference>();
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array)
        {
            for (var i = 0; i < array.Values.Length; i++)
            {
                if (array.Values[i].Value is INamedTypeSymbol type && type.TypeKind != TypeKind.Error)
                {
                    types.Add(new PlanTypeReference(type.ToDisplayString(SymbolHelpers.FullyQualified), type.ToDisplayString(), type.Name, attribute.PositionalLocation(i, cancellationToken)));
                }
            }
        }

        if (types.Count == 0 && !(attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.EmptyPlan, attribute.Location(cancellationToken), name ?? symbol.Name));
        }

        var removals = ParseRemovals(symbol, name ?? symbol.Name, diagnostics, cancellationToken);
        return new PlanModel(
            SymbolHelpers.Namespace(symbol),
            symbol.Name,
            name ?? symbol.Name,
            name is not null,
            batchSize,
            types.ToEquatableArray(),
            removals.ToEquatableArray(),
            location,
            diagnostics.ToEquatableArray());
    }

    /// <summary>The plan's [RemovedSyncId] declarations, each checked on its own (format, status); the cross-plan rules are the resolver's.</summary>
    private static List<RemovalModel> ParseRemovals(INamedTypeSymbol symbol, string planName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var removals = new List<RemovalModel>();
        foreach (var attribute in symbol.GetAttributes())
        {
            if (!attribute.Is(AttributeNames.RemovedSyncId))
            {
                continue;
            }

            var location = attribute.Location(cancellationToken);
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string syncId)
            {
                continue;
            }

            var what = "[RemovedSyncId(\"" + syncId + "\")] of '" + planName + "'";
            if (SyncIdRules.DeclaredProblem(syncId) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidSyncId, attribute.PositionalLocation(0, cancellationToken), "The removed synchronization ID", syncId, problem));
                continue;
            }

            var then = attribute.Named("Then") is { Value: int value } ? (RemovedAssets)value : RemovedAssets.Keep;
            if (then is not (RemovedAssets.Keep or RemovedAssets.ChangeStatus or RemovedAssets.Remove))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidArgument, attribute.NamedLocation("Then", cancellationToken), "Then", what, "use RemovedAssets.Keep, ChangeStatus or Remove"));
                continue;
            }

            var statusId = attribute.NamedString("StatusId");
            var statusName = attribute.NamedString("StatusName");
            if (then == RemovedAssets.ChangeStatus)
            {
                if (statusId is not null && statusName is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.StatusIdAndName, location, what));
                    continue;
                }

                if (statusId is null && Strings.IsNullOrWhiteSpace(statusName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ChangeStatusWithoutStatus, location, what));
                    continue;
                }

                if (statusId is not null && !Strings.IsUuid(statusId))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.StatusIdNotUuid, attribute.NamedLocation("StatusId", cancellationToken), statusId, what) with { Replacement = Strings.UuidReplacement(statusId) });
                    continue;
                }
            }

            removals.Add(new RemovalModel(
                syncId,
                then,
                then == RemovedAssets.ChangeStatus && statusId is not null ? System.Guid.ParseExact(statusId, "D").ToString("D") : null,
                then == RemovedAssets.ChangeStatus && statusId is null ? statusName : null,
                location,
                then == RemovedAssets.ChangeStatus ? attribute.NamedLocation(statusId is not null ? "StatusId" : "StatusName", cancellationToken) : null));
        }

        return removals;
    }
}
