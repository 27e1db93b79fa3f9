using System;
using System.Collections.Generic;
using System.Linq;
using CatalogSync.Contract;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;

namespace CatalogSync.Manifests;

/// <summary>
/// A manifest's entries as the declaration model: the same <see cref="AssetTypeModel"/> and <see cref="PlanModel"/>
/// the generator makes of C# attributes, so that the core's rules (Resolver, MetamodelChecker) check both alike. An
/// entry without code becomes a type whose "members" are its source's columns.
/// </summary>
internal static class ManifestBinder
{
    /// <summary>The manifest as models, and what binding found (relations to no entry, duplicate names, entries that need the compiler).</summary>
    /// <param name="document">The manifest, as read without errors.</param>
    /// <param name="snapshot">The metamodel the entries are checked against: it gives each mapped attribute the kind its column is sent as.</param>
    public static (IReadOnlyList<AssetTypeModel> Assets, PlanModel Plan, IReadOnlyList<DiagnosticInfo> Diagnostics) Bind(ManifestDocument document, MetamodelSnapshot? snapshot)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var entries = new Dictionary<string, ManifestType>(StringComparer.Ordinal);
        var noCode = new List<ManifestType>();
        foreach (var entry in document.Types)
        {
            if (entry.Type is { } type)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ManifestTypeNeedsCompiler, Location(type.Span), entry.Name?.Value ?? entry.Label, type.Value));
                continue;
            }

            var key = KeyOf(entry);
            if (entries.TryGetValue(key, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ManifestDuplicateEntry, Location((entry.Name?.Span ?? entry.Span)), key, first.Span.StartLine.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            entries.Add(key, entry);
            noCode.Add(entry);
        }

        var assets = noCode.Select(entry => Asset(document, entry, entries, snapshot, diagnostics)).ToList();
        var planName = document.Name?.Value ?? ManifestModelReader.PlanNameFromPath(document.Path);
        var plan = new PlanModel(
            Namespace: "",
            ClassName: planName,
            Name: planName,
            NamePinned: document.Name is not null,
            BatchSize: document.BatchSize?.Value ?? BatchLimits.MaxBatchSize,
            Types: assets.Select(a => new PlanTypeReference(a.Key, a.TypeName, a.ShortName, a.Location)).ToEquatableArray(),
            Removals: document.RemovedSyncIds.Where(r => r.SyncId is not null).Select(Removal).ToEquatableArray(),
            Location: Location(document.Span),
            Diagnostics: EquatableArray<DiagnosticInfo>.Empty);
        return (assets, plan, diagnostics);
    }

    /// <summary>A manifest span as the model's location (the core's line positions are 0-based).</summary>
    public static LocationInfo Location(FileSpan span) =>
        new(span.Path, default, new LineSpan(span.StartLine - 1, span.StartColumn - 1, Math.Max(span.StartLine, span.EndLine) - 1, Math.Max(span.StartColumn, span.EndColumn) - 1));

    private static string KeyOf(ManifestType entry) => entry.Name?.Value ?? entry.AssetType?.Value ?? entry.Label;

    private static AssetTypeModel Asset(ManifestDocument document, ManifestType entry, Dictionary<string, ManifestType> entries, MetamodelSnapshot? snapshot, List<DiagnosticInfo> diagnostics)
    {
        var key = KeyOf(entry);
        var columns = entry.Columns;
        var assetType = entry.AssetType?.Value ?? "";
        var community = entry.Community ?? document.Target?.Community;
        var domain = entry.Domain ?? document.Target?.Domain;
        var domainType = entry.DomainType ?? document.Target?.DomainType;
        var missing = entry.Missing;
        var policy = missing?.Policy is { } p ? new PolicyModel(Strategy(p.Value), missing.StatusId?.Value, missing.StatusName?.Value) : null;
        var guard = new GuardModel(missing?.MaxMissingPercent?.Value ?? document.Guard?.MaxMissingPercent?.Value ?? -1, missing?.MaxMissingCount?.Value ?? document.Guard?.MaxMissingCount?.Value ?? -1);
        var own = new List<DiagnosticInfo>();
        if (policy is null)
        {
            own.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingPolicy, Location(entry.Span), key));
        }

        var attributes = new List<AttributeMapping>();
        var attributeRefs = new List<AttributeRef>();
        foreach (var column in columns?.Attributes ?? [])
        {
            // A column is text: it is sent as the value of the kind the metamodel gives the attribute type, which the
            // catalog parses (strictly), so a column never mismatches an attribute's kind as a C# member can.
            var kind = snapshot?.FindAttributeType(column.AttributeType.Value)?.Kind;
            var shape = new ValueShape(KindOf(kind), null, IsSequence: kind == "MultiValueList", ContainerNullable: true, ElementNullable: false);
            attributes.Add(new AttributeMapping(column.AttributeType.Value, column.Column.Value, shape));
            attributeRefs.Add(new AttributeRef(new NameRef(column.AttributeType.Value, Location(column.AttributeType.Span)), column.Column.Value, "column", shape, EquatableArray<EnumMemberRef>.Empty, null));
        }

        var relations = new List<RelationMapping>();
        var relationRefs = new List<RelationRef>();
        foreach (var relation in columns?.Relations ?? [])
        {
            if (relation.RelationTypeId is not { } typeId || relation.Target is not { } target || relation.Column is not { } column)
            {
                continue; // the reader reported what is missing
            }

            if (!entries.TryGetValue(target.Value, out var targetEntry))
            {
                var nearest = ClosestNames.Nearest(target.Value, entries.Keys, 3);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ManifestRelationTarget, Location(target.Span), key, column.Value, target.Value,
                    nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) : "name an entry of 'types' by its 'name'"));
                continue;
            }

            var role = relation.Role?.Value == ManifestRelationRole.Target ? RelationRole.Target : RelationRole.Source;
            var targetKey = KeyOf(targetEntry);
            relations.Add(new RelationMapping(typeId.Value, role, targetKey, targetKey, targetKey, column.Value, IsSequence: true, ContainerNullable: true, Location(column.Span)));
            relationRefs.Add(new RelationRef(new NameRef(typeId.Value, Location(typeId.Span)), role.ToString(), relation.Role is { } r ? Location(r.Span) : Location(relation.Span), targetKey, targetKey, column.Value));
        }

        return new AssetTypeModel(
            Key: key,
            TypeName: key,
            ShortName: key,
            Namespace: "",
            MapperName: key,
            IsPublic: true,
            IsReferenceType: true,
            IsNameable: true,
            AssetType: assetType,
            Community: community?.Value ?? "",
            Domain: domain?.Value,
            DomainType: domainType?.Value ?? "Physical Data Dictionary",
            SyncId: entry.SyncId?.Value ?? document.SyncId?.Value,
            MovedFrom: entry.MovedFrom?.Value,
            Policy: policy,
            Guard: guard,
            NameMember: columns?.Name?.Value,
            DisplayNameMember: columns?.DisplayName?.Value,
            StatusMember: columns?.Status?.Value,
            TagsMember: columns?.Tags?.Value,
            TagsContainerNullable: true,
            DomainMember: columns?.Domain?.Value,
            Attributes: attributes.ToEquatableArray(),
            Relations: relations.ToEquatableArray(),
            Enums: EquatableArray<EnumModel>.Empty,
            Location: Location(entry.Name?.Span ?? entry.Span),
            AttributeLocation: Location(entry.Span),
            Diagnostics: own.ToEquatableArray(),
            Refs: new MetamodelRefs(
                new NameRef(assetType, entry.AssetType is { } a ? Location(a.Span) : Location(entry.Span)),
                domainType is null ? null : new NameRef(domainType.Value, Location(domainType.Span)),
                missing?.StatusId is { } statusId ? new NameRef(statusId.Value, Location(statusId.Span)) : null,
                missing?.StatusName is { } statusName ? new NameRef(statusName.Value, Location(statusName.Span)) : null,
                attributeRefs.ToEquatableArray(),
                relationRefs.ToEquatableArray()));
    }

    private static RemovalModel Removal(ManifestRemovedSyncId removal)
    {
        var then = removal.Then?.Value switch
        {
            ManifestRemovedAssets.Remove => RemovedAssets.Remove,
            ManifestRemovedAssets.ChangeStatus => RemovedAssets.ChangeStatus,
            _ => RemovedAssets.Keep,
        };
        var status = removal.StatusId ?? removal.StatusName;
        return new RemovalModel(removal.SyncId!.Value, then, removal.StatusId?.Value, removal.StatusName?.Value, Location(removal.SyncId.Span), status is null ? null : Location(status.Span));
    }

    private static MissingStrategy Strategy(ManifestMissingPolicy policy) => policy switch
    {
        ManifestMissingPolicy.ChangeStatus => MissingStrategy.ChangeStatus,
        ManifestMissingPolicy.Ignore => MissingStrategy.Ignore,
        _ => MissingStrategy.RemoveResources,
    };

    private static ValueKind KindOf(string? kind) => kind switch
    {
        "Numeric" => ValueKind.Decimal,
        "Boolean" => ValueKind.Boolean,
        "Date" => ValueKind.DateTimeOffset,
        _ => ValueKind.String,
    };
}
