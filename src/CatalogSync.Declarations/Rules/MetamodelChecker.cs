using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CatalogSync.Contract;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;

namespace CatalogSync.Declarations.Rules;

// Checking declarations against the catalog's metamodel (docs/metamodel.md): the names and ids a [SyncAsset] type
// and a [SyncPlan] refer to, kept apart from the rest of the pipeline so that editing the snapshot re-runs only this.

/// <summary>A metamodel snapshot listed as an AdditionalFiles item, as text.</summary>
internal sealed record MetamodelText(string Path, string? Text);

/// <summary>
/// The metamodel the declarations are checked against: the project's snapshot, or the shipped out-of-the-box one
/// (whose findings are warnings). Compared by its text, so an unchanged file caches.
/// </summary>
internal sealed class MetamodelModel : IEquatable<MetamodelModel>
{
    // Embedded under this name in the generator and in the declarations library alike.
    private const string OotbResource = "CatalogSync.ootb-metamodel.json";

    private static readonly Lazy<MetamodelModel> LazyOutOfTheBox = new(() =>
    {
        using var stream = typeof(MetamodelModel).Assembly.GetManifestResourceStream(OotbResource)
            ?? throw new InvalidOperationException("The out-of-the-box metamodel snapshot is missing from the generator assembly.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return new MetamodelModel("(out-of-the-box)", text, isProject: false, MetamodelSnapshot.Parse(text), null);
    });

    private MetamodelModel(string path, string text, bool isProject, MetamodelSnapshot? snapshot, DiagnosticInfo? error)
    {
        Path = path;
        Text = text;
        IsProject = isProject;
        Snapshot = snapshot;
        Error = error;
    }

    public static MetamodelModel OutOfTheBox => LazyOutOfTheBox.Value;

    public string Path { get; }

    public string Text { get; }

    /// <summary>Whether the project lists this snapshot (findings are errors) or it is the shipped one (warnings).</summary>
    public bool IsProject { get; }

    /// <summary>The snapshot; <see langword="null"/> when the project's file cannot be read (<see cref="Error"/>).</summary>
    public MetamodelSnapshot? Snapshot { get; }

    public DiagnosticInfo? Error { get; }

    public static bool IsMetamodelFile(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), MetamodelSnapshot.FileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The project's snapshot (the first by path when several are listed), or the out-of-the-box one.</summary>
    public static MetamodelModel Choose(IReadOnlyList<MetamodelText> files, CancellationToken cancellationToken)
    {
        var file = files.OrderBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault();
        if (file is null)
        {
            return OutOfTheBox;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var name = System.IO.Path.GetFileName(file.Path);
        if (file.Text is null)
        {
            return new MetamodelModel(file.Path, "", true, null, DiagnosticInfo.Create(DiagnosticCatalog.InvalidMetamodelFile, LocationInfo.File(file.Path), name, "the file cannot be opened"));
        }

        try
        {
            return new MetamodelModel(file.Path, file.Text, true, MetamodelSnapshot.Parse(file.Text), null);
        }
        catch (MetamodelSnapshotException e)
        {
            var location = LocationInfo.InText(file.Path, file.Text, e.Start, e.End);
            return new MetamodelModel(file.Path, file.Text, true, null, DiagnosticInfo.Create(DiagnosticCatalog.InvalidMetamodelFile, location, name, e.Message));
        }
    }

    /// <summary>
    /// For each asset type, the domain type that holds it, as "asset type\u001fdomain type": from the snapshot's
    /// assignments, else (a pulled snapshot has none) from the out-of-the-box one for a type of the same name.
    /// </summary>
    public EquatableArray<string> DomainTypeDefaults()
    {
        var defaults = new List<string>();
        var ootb = OutOfTheBox.Snapshot!;
        var snapshot = Snapshot ?? ootb;
        foreach (var type in snapshot.AssetTypes)
        {
            var domainTypes = snapshot.DomainTypesOf(type.Name) ?? (ReferenceEquals(snapshot, ootb) ? null : ootb.DomainTypesOf(type.Name));
            if (domainTypes is { Count: > 0 } && snapshot.FindDomainType(domainTypes[0]) is not null)
            {
                defaults.Add(type.Name + "\u001f" + domainTypes[0]);
            }
        }

        return defaults.ToEquatableArray();
    }

    public bool Equals(MetamodelModel? other) =>
        other is not null && IsProject == other.IsProject && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as MetamodelModel);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
}

/// <summary>Checks every name and id of the declarations against the metamodel; pure function of the models.</summary>
internal static class MetamodelChecker
{
    /// <summary>What an out-of-the-box finding adds: why it is only a warning, and how to check against the real catalog.</summary>
    public const string OotbHint =
        " (checked against CatalogSync's out-of-the-box metamodel because the project lists no " + MetamodelSnapshot.FileName
        + ": write your catalog's with 'catalog-sync metamodel pull --out " + MetamodelSnapshot.FileName + "' and add <AdditionalFiles Include=\"" + MetamodelSnapshot.FileName + "\" /> to the project)";

    /// <summary>The same hint for a manifest, which names its snapshot itself.</summary>
    public const string ManifestOotbHint =
        " (checked against CatalogSync's out-of-the-box metamodel because the manifest names no snapshot: write your catalog's with 'catalog-sync metamodel pull --out "
        + MetamodelSnapshot.FileName + "' and add 'metamodel: " + MetamodelSnapshot.FileName + "' to the manifest)";

    /// <param name="assets">The types.</param>
    /// <param name="plans">The plans.</param>
    /// <param name="metamodel">The snapshot they are checked against.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <param name="ootbHint">What a finding against the shipped snapshot adds; <see cref="OotbHint"/> unless given.</param>
    public static EquatableArray<DiagnosticInfo> Check(IReadOnlyList<AssetTypeModel> assets, IReadOnlyList<PlanModel> plans, MetamodelModel metamodel, CancellationToken cancellationToken, string ootbHint = OotbHint)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (metamodel.Error is { } error)
        {
            diagnostics.Add(error);
            return diagnostics.ToEquatableArray();
        }

        var snapshot = metamodel.Snapshot!;
        var context = new Context(snapshot, metamodel.IsProject, ootbHint, diagnostics);
        var byKey = new Dictionary<string, AssetTypeModel>(StringComparer.Ordinal);
        foreach (var asset in assets)
        {
            if (!byKey.ContainsKey(asset.Key))
            {
                byKey.Add(asset.Key, asset);
            }
        }

        foreach (var asset in assets.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckAsset(asset, byKey, context);
        }

        foreach (var plan in plans.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.ClassName, StringComparer.Ordinal))
        {
            foreach (var removal in plan.Removals)
            {
                var what = "[RemovedSyncId(\"" + removal.SyncId + "\")] of '" + plan.Name + "'";
                if (removal.StatusId is { } id)
                {
                    context.StatusId(new NameRef(id, removal.StatusLocation), what);
                }
                else if (removal.StatusName is { } name)
                {
                    context.StatusName(new NameRef(name, removal.StatusLocation), what);
                }
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static void CheckAsset(AssetTypeModel asset, Dictionary<string, AssetTypeModel> byKey, Context context)
    {
        var refs = asset.Refs;
        var snapshot = context.Snapshot;
        var assetTypeKnown = false;
        if (!Strings.IsNullOrWhiteSpace(refs.AssetType.Value))
        {
            assetTypeKnown = snapshot.FindAssetType(refs.AssetType.Value) is not null;
            if (!assetTypeKnown)
            {
                context.Unknown(DiagnosticCatalog.UnknownAssetType, refs.AssetType, asset.ShortName, snapshot.AssetTypes.Select(t => t.Name), "name one of the metamodel's asset types");
            }
        }

        if (refs.DomainType is { } domainType && !Strings.IsNullOrWhiteSpace(domainType.Value))
        {
            if (snapshot.FindDomainType(domainType.Value) is null)
            {
                context.Unknown(DiagnosticCatalog.UnknownDomainType, domainType, asset.ShortName, snapshot.DomainTypes.Select(t => t.Name), "name one of the metamodel's domain types, or leave DomainType out");
            }
            else if (assetTypeKnown && context.IsProject && snapshot.DomainTypesOf(refs.AssetType.Value) is { } holders && !holders.Contains(domainType.Value, StringComparer.Ordinal))
            {
                // Only against the project's snapshot: the shipped one lists the domain types of the out-of-the-box
                // domains (defaults for a left-out DomainType), not every assignment a catalog has.
                context.Add(DiagnosticCatalog.DomainTypeNotAssigned, domainType.Location, CodeLiteral(holders[0]), domainType.Value, asset.ShortName, refs.AssetType.Value,
                    Quoted(holders), "name one of those domain types, leave DomainType out to take '" + holders[0] + "', or assign the asset type to the domain type in the catalog and pull the snapshot again");
            }
        }

        if (refs.StatusId is { } statusId)
        {
            context.StatusId(statusId, asset.ShortName);
        }
        else if (refs.StatusName is { } statusName && !Strings.IsNullOrWhiteSpace(statusName.Value))
        {
            context.StatusName(statusName, asset.ShortName);
        }

        foreach (var attribute in refs.Attributes)
        {
            CheckAttribute(asset, assetTypeKnown, attribute, context);
        }

        foreach (var relation in refs.Relations)
        {
            CheckRelation(asset, assetTypeKnown, relation, byKey, context);
        }
    }

    private static void CheckAttribute(AssetTypeModel asset, bool assetTypeKnown, AttributeRef attribute, Context context)
    {
        var member = asset.ShortName + "." + attribute.Member;
        var type = context.Snapshot.FindAttributeType(attribute.Name.Value);
        if (type is null)
        {
            context.Unknown(DiagnosticCatalog.UnknownAttributeType, attribute.Name, member, context.Snapshot.AttributeTypes.Select(t => t.Name), "name one of the metamodel's attribute types");
            return;
        }

        var kind = attribute.Shape.Kind;
        string? expected = type.Kind switch
        {
            "Numeric" when !IsNumeric(kind) => "map it on a numeric member (an integer type, float, double or decimal)",
            "Boolean" when kind != ValueKind.Boolean => "map it on a bool member",
            "Date" when kind is not (ValueKind.DateTimeOffset or ValueKind.DateTime or ValueKind.DateOnly) => "map it on a DateTimeOffset, DateTime or DateOnly member",
            "SingleValueList" or "MultiValueList" when kind is not (ValueKind.String or ValueKind.Enum) =>
                "map it on an enum or string member whose values the list allows",
            _ => null,
        };
        if (expected is not null)
        {
            context.Add(DiagnosticCatalog.AttributeKindMismatch, attribute.Name.Location, null, member, type.Kind, type.Name, attribute.MemberType, expected);
            return;
        }

        if (assetTypeKnown && context.Snapshot.AttributeTypesOf(asset.AssetType) is { } assigned && !assigned.Contains(type.Name, StringComparer.Ordinal))
        {
            var nearest = ClosestNames.Nearest(type.Name, assigned, 3);
            context.Add(DiagnosticCatalog.AttributeNotAssigned, attribute.Name.Location, nearest.Count > 0 ? CodeLiteral(nearest[0]) : null, member, type.Name, asset.AssetType,
                Quoted(assigned), (nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) + " Or a" : "a") + "ssign it to the asset type in the catalog and pull the snapshot again");
            return;
        }

        if (!MetamodelSnapshot.IsListKind(type.Kind) || type.AllowedValues is not { Count: > 0 } allowed)
        {
            return;
        }

        var values = attribute.Shape.Kind == ValueKind.Enum
            ? attribute.EnumMembers.Select(m => new NameRef(m.Name, m.Location))
            : attribute.ConstantValue is { } constant ? new[] { constant } : Enumerable.Empty<NameRef>();
        var list = string.Join(", ", allowed.Select(v => "'" + v + "'"));
        foreach (var value in values)
        {
            if (allowed.Contains(value.Value, StringComparer.Ordinal))
            {
                continue;
            }

            var nearest = ClosestNames.Nearest(value.Value, allowed, 1);
            string? replacement = null;
            string fix;
            if (attribute.Shape.Kind == ValueKind.Enum)
            {
                var identifier = nearest.FirstOrDefault(n => CSharpNames.IsValidIdentifier(n));
                replacement = identifier;
                fix = identifier is not null
                    ? "did you mean '" + identifier + "'? (the member's name is the value written)"
                    : "rename the enum member to an allowed value (its name is the value written), or map a string member for values that are not identifiers";
            }
            else
            {
                replacement = nearest.Count > 0 ? CodeLiteral(nearest[0]) : null;
                fix = nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) : "write one of the allowed values";
            }

            context.Add(DiagnosticCatalog.ValueNotAllowed, value.Location, replacement, member, value.Value, type.Name, list, fix);
        }
    }

    private static void CheckRelation(AssetTypeModel asset, bool assetTypeKnown, RelationRef relation, Dictionary<string, AssetTypeModel> byKey, Context context)
    {
        var snapshot = context.Snapshot;
        var member = asset.ShortName + "." + relation.Member;
        var type = snapshot.FindRelationType(relation.TypeId.Value);
        if (type is null)
        {
            var other = snapshot.KindOf(relation.TypeId.Value);
            var listed = byKey.TryGetValue(relation.TargetKey, out var t) ? t : null;
            SnapshotRelationType? best = null;
            var candidates = listed is null || !assetTypeKnown || snapshot.FindAssetType(listed.AssetType) is null ? [] : Connecting(snapshot, asset.AssetType, listed.AssetType, out best);
            var fix = (other is not null ? "it is the id of " + other + "; " : "")
                + (candidates.Count > 0
                    ? "relation types between '" + listed!.AssetType + "' and '" + asset.AssetType + "': " + string.Join(", ", candidates.Select(c => c.Describe))
                    : "give the id of one of the metamodel's relation types");
            context.Add(DiagnosticCatalog.UnknownRelationType, relation.TypeId.Location, best is null ? null : CodeLiteral(best.Id), relation.TypeId.Value, member, fix);
            return;
        }

        if (!assetTypeKnown || !byKey.TryGetValue(relation.TargetKey, out var target) || snapshot.FindAssetType(target.AssetType) is null)
        {
            return;
        }

        foreach (var end in new[] { asset.AssetType, target.AssetType })
        {
            if (snapshot.RelationTypesOf(end) is { } assigned && !assigned.Any(id => string.Equals(MetamodelSnapshot.NormalizeId(id), type.Id, StringComparison.Ordinal)))
            {
                var fix = assigned.Count > 0
                    ? "the relation types assigned to it: " + string.Join(", ", assigned.Take(5).Select(id => snapshot.FindRelationType(id) is { } r ? id + " (" + r.Describe() + ")" : id)) + (assigned.Count > 5 ? ", …" : "") + "; or assign it in the catalog and pull the snapshot again"
                    : "assign it in the catalog and pull the snapshot again";
                context.Add(DiagnosticCatalog.RelationNotAssigned, relation.TypeId.Location, null, member, type.Id, type.Describe(), end, fix);
                return;
            }
        }

        // RelationRole names the listed assets' side: Source lists the heads (this asset is the tail), Target the tails.
        var listedIsSource = relation.Role == "SOURCE";
        bool Fits(bool listedSource) => listedSource
            ? snapshot.IsA(target.AssetType, type.SourceType) && snapshot.IsA(asset.AssetType, type.TargetType)
            : snapshot.IsA(target.AssetType, type.TargetType) && snapshot.IsA(asset.AssetType, type.SourceType);
        if (Fits(listedIsSource))
        {
            return;
        }

        if (Fits(!listedIsSource))
        {
            var given = listedIsSource ? "Source" : "Target";
            var right = listedIsSource ? "Target" : "Source";
            context.Add(
                DiagnosticCatalog.WrongRelationRole,
                relation.RoleLocation,
                "RelationRole." + right,
                member,
                target.AssetType,
                given,
                type.Describe(),
                listedIsSource ? "target (tail)" : "source (head)",
                right);
            return;
        }

        var connecting = Connecting(snapshot, asset.AssetType, target.AssetType, out var bestFit);
        var alternatives = connecting.Count > 0
            ? "relation types between them: " + string.Join(", ", connecting.Select(c => c.Describe))
            : "no relation type of the metamodel connects them; check the relation type id and the listed type";
        context.Add(
            DiagnosticCatalog.RelationDoesNotConnect,
            relation.TypeId.Location,
            bestFit is null ? null : CodeLiteral(bestFit.Id),
            member,
            target.AssetType,
            asset.AssetType,
            type.Id,
            type.Describe(),
            alternatives);
    }

    /// <summary>
    /// Relation types that connect the two asset types either way, with the role the listed side would take, the most
    /// specific first (fewest steps up the hierarchy from the two types to the relation's ends: "Column is part of
    /// Table" before "Asset related to Asset"); <paramref name="best"/> is set when one is more specific than the rest.
    /// </summary>
    private static List<(SnapshotRelationType Type, string Describe)> Connecting(MetamodelSnapshot snapshot, string declaring, string listed, out SnapshotRelationType? best)
    {
        var found = new List<(SnapshotRelationType Type, string Describe, int Steps)>();
        foreach (var type in snapshot.RelationTypes)
        {
            if (snapshot.IsA(listed, type.SourceType) && snapshot.IsA(declaring, type.TargetType))
            {
                found.Add((type, type.Id + " (" + type.Describe() + ") with RelationRole.Source", Steps(snapshot, listed, type.SourceType) + Steps(snapshot, declaring, type.TargetType)));
            }
            else if (snapshot.IsA(listed, type.TargetType) && snapshot.IsA(declaring, type.SourceType))
            {
                found.Add((type, type.Id + " (" + type.Describe() + ") with RelationRole.Target", Steps(snapshot, listed, type.TargetType) + Steps(snapshot, declaring, type.SourceType)));
            }
        }

        var sorted = found.OrderBy(f => f.Steps).ThenBy(f => f.Type.Id, StringComparer.Ordinal).ToList();
        best = sorted.Count > 0 && (sorted.Count == 1 || sorted[0].Steps < sorted[1].Steps) ? sorted[0].Type : null;
        return sorted.Take(3).Select(f => (f.Type, f.Describe)).ToList();
    }

    private static int Steps(MetamodelSnapshot snapshot, string assetType, string ancestor)
    {
        var steps = 0;
        for (var current = snapshot.FindAssetType(assetType); current is not null && steps < 256; current = current.Parent is { } parent ? snapshot.FindAssetType(parent) : null, steps++)
        {
            if (string.Equals(current.Name, ancestor, StringComparison.Ordinal))
            {
                return steps;
            }
        }

        return steps;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n + "'"));

    private static bool IsNumeric(ValueKind kind) => kind is ValueKind.SByte or ValueKind.Byte or ValueKind.Int16 or ValueKind.UInt16 or ValueKind.Int32
        or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Single or ValueKind.Double or ValueKind.Decimal;

    /// <summary>A C# string literal of <paramref name="value"/>: the text a code fix puts in place of the argument.</summary>
    internal static string CodeLiteral(string value)
    {
        // As Roslyn's SyntaxFactory.Literal writes it: a regular literal, with the escapes C# has for these characters.
        var literal = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    literal.Append("\\\"");
                    break;
                case '\\':
                    literal.Append("\\\\");
                    break;
                case '\0':
                    literal.Append("\\0");
                    break;
                case '\a':
                    literal.Append("\\a");
                    break;
                case '\b':
                    literal.Append("\\b");
                    break;
                case '\f':
                    literal.Append("\\f");
                    break;
                case '\n':
                    literal.Append("\\n");
                    break;
                case '\r':
                    literal.Append("\\r");
                    break;
                case '\t':
                    literal.Append("\\t");
                    break;
                case '\v':
                    literal.Append("\\v");
                    break;
                default:
                    if (char.IsControl(c) || c is '\u0085' or '\u2028' or '\u2029')
                    {
                        literal.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        literal.Append(c);
                    }

                    break;
            }
        }

        return literal.Append('"').ToString();
    }

    private sealed class Context(MetamodelSnapshot snapshot, bool isProject, string ootbHint, List<DiagnosticInfo> diagnostics)
    {
        public MetamodelSnapshot Snapshot { get; } = snapshot;

        /// <summary>Whether the snapshot is the project's (findings are errors), not the shipped one.</summary>
        public bool IsProject => isProject;

        public void Add(DiagnosticRule descriptor, LocationInfo? location, string? replacement, params string[] arguments)
        {
            var all = new string[arguments.Length + 1];
            arguments.CopyTo(all, 0);
            all[arguments.Length] = isProject ? "" : ootbHint;
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, location, all.ToEquatableArray(), AsWarning: !isProject, Replacement: replacement));
        }

        /// <summary>A name the metamodel lacks: the nearest valid ones, the first as the code fix's replacement.</summary>
        public void Unknown(DiagnosticRule descriptor, NameRef name, string where, IEnumerable<string> candidates, string otherwise)
        {
            var nearest = ClosestNames.Nearest(name.Value, candidates, 3);
            Add(descriptor, name.Location, nearest.Count > 0 ? CodeLiteral(nearest[0]) : null, name.Value, where, nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) : otherwise);
        }

        public void StatusName(NameRef name, string where)
        {
            if (Snapshot.FindStatus(name.Value) is null)
            {
                var nearest = ClosestNames.Nearest(name.Value, Snapshot.Statuses.Select(s => s.Name), 3);
                Add(DiagnosticCatalog.UnknownStatus, name.Location, nearest.Count > 0 ? CodeLiteral(nearest[0]) : null, "StatusName", name.Value, where,
                    nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) : "name one of the metamodel's statuses" + Example());
            }
        }

        public void StatusId(NameRef id, string where)
        {
            if (Snapshot.FindStatusById(id.Value) is null)
            {
                var other = Snapshot.KindOf(id.Value);
                Add(DiagnosticCatalog.UnknownStatus, id.Location, null, "StatusId", id.Value, where,
                    (other is not null ? "it is the id of " + other + "; " : "") + "give the id of one of the metamodel's statuses" + Example());
            }
        }

        private string Example() =>
            Snapshot.FindStatusById("00000000-0000-0000-0000-000000005066") is { } missing ? ", e.g. '" + missing.Name + "' (" + missing.Id + ")" : "";
    }
}
