using System.Globalization;
using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Preflight;

/// <summary>
/// Checks a whole plan against the target catalog's metamodel before any data moves: every asset type, domain type,
/// attribute type (and that its kind fits the C# member), relation type and its direction against the two asset
/// types (sub-types allowed), and every missing-asset status by id or name. It reports <b>every</b> mismatch, with the
/// C# type and member it comes from and the closest valid names, so that one run shows all there is to fix.
/// </summary>
public static class PlanPreflight
{
    /// <summary>Reads the catalog's metamodel through <paramref name="catalog"/> and checks <paramref name="plan"/> against it.</summary>
    /// <param name="catalog">The catalog's read side: real Collibra's Core REST API or the embedded catalog.</param>
    /// <param name="plan">The plan to check.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The problems found (none when the plan fits) and the status id each group finalizes with.</returns>
    /// <exception cref="CatalogApiException">The catalog could not be read.</exception>
    /// <remarks>
    /// The metamodel is read as <c>catalog-sync metamodel pull</c> reads it (<see cref="MetamodelPull"/>), into the same
    /// <see cref="MetamodelSnapshot"/> the source generator checks against: one format, one reader.
    /// </remarks>
    public static async Task<PreflightResult> CheckAsync(ICatalogReader catalog, SyncPlanDescription plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(plan);
        var metamodel = await MetamodelPull.ReadAsync(catalog, source: null, cancellationToken).ConfigureAwait(false);
        return Check(metamodel, plan);
    }

    /// <summary>
    /// Checks <paramref name="plan"/> against a metamodel snapshot without a catalog: e.g. a <c>catalogsync.metamodel.json</c>
    /// read with <see cref="MetamodelSnapshot.Parse(string)"/>, or the one <see cref="MetamodelPull.ReadAsync"/> returned.
    /// </summary>
    /// <param name="metamodel">The metamodel.</param>
    /// <param name="plan">The plan to check.</param>
    /// <returns>The problems found (none when the plan fits) and the status id each group finalizes with.</returns>
    public static PreflightResult Check(MetamodelSnapshot metamodel, SyncPlanDescription plan)
    {
        ArgumentNullException.ThrowIfNull(metamodel);
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<PreflightProblem>();
        var statusIds = new Guid?[plan.Groups.Count];
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            var group = plan.Groups[g];
            statusIds[g] = CheckStatus(metamodel, group, problems);
            foreach (var type in group.Types)
            {
                CheckType(metamodel, group, type, problems);
            }
        }

        return new PreflightResult { Problems = problems, StatusIds = statusIds };
    }

    private static Guid? CheckStatus(MetamodelSnapshot metamodel, SyncGroupDescription group, List<PreflightProblem> problems)
    {
        if (group.Strategy != MissingStrategy.ChangeStatus)
        {
            return null;
        }

        var owner = group.Types.Count > 0 ? group.Types[0].TypeName : group.SyncId;
        if (group.StatusId is { } id)
        {
            if (metamodel.FindStatusById(id.ToString("D")) is not null)
            {
                return id;
            }

            var what = metamodel.KindOf(id.ToString("D")) is { } kind ? $"is the id of {kind}, not of a status" : "is not the id of any status of the catalog";
            problems.Add(new PreflightProblem(group.SyncId, owner, null, PreflightSubject.Status,
                $"[MissingPolicy] StatusId {id:D} {what}.{Closest("Statuses", metamodel.Statuses.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => $"{s.Name} ({s.Id})"), null)}"));
            return null;
        }

        var name = group.StatusName!;
        if (metamodel.FindStatus(name) is { } status)
        {
            return Guid.Parse(status.Id);
        }

        problems.Add(new PreflightProblem(group.SyncId, owner, null, PreflightSubject.Status,
            $"[MissingPolicy] status '{name}' is not a status of the catalog.{Closest("Closest", metamodel.Statuses.Select(s => s.Name), name)}"));
        return null;
    }

    private static void CheckType(MetamodelSnapshot metamodel, SyncGroupDescription group, SyncTypeDescription type, List<PreflightProblem> problems)
    {
        void Add(string? member, PreflightSubject subject, string message) =>
            problems.Add(new PreflightProblem(group.SyncId, type.TypeName, member, subject, message));

        var assetType = metamodel.FindAssetType(type.AssetType);
        if (assetType is null)
        {
            Add(null, PreflightSubject.AssetType, $"[SyncAsset] AssetType '{type.AssetType}' is not an asset type of the catalog.{Closest("Closest", metamodel.AssetTypes.Select(t => t.Name), type.AssetType)}");
        }

        if (metamodel.FindDomainType(type.DomainType) is null)
        {
            Add(null, PreflightSubject.DomainType, $"[SyncAsset] DomainType '{type.DomainType}' is not a domain type of the catalog.{Closest("Closest", metamodel.DomainTypes.Select(t => t.Name), type.DomainType)}");
        }

        foreach (var attribute in type.Attributes)
        {
            if (metamodel.FindAttributeType(attribute.AttributeType) is not { } attributeType)
            {
                Add(attribute.Member, PreflightSubject.AttributeType,
                    $"[CatalogAttribute] '{attribute.AttributeType}' is not an attribute type of the catalog.{Closest("Closest", metamodel.AttributeTypes.Select(t => t.Name), attribute.AttributeType)}");
                continue;
            }

            // A kind this runtime does not know (a newer catalog's) is not judged: the catalog itself will say.
            if (Enum.TryParse<AttributeKind>(attributeType.Kind, out var kind) && !Fits(attribute.Kind, kind))
            {
                Add(attribute.Member, PreflightSubject.AttributeKind,
                    $"[CatalogAttribute] '{attribute.AttributeType}' holds {Describe(kind)}, but the member writes {Describe(attribute.Kind)}: map it to a member of a fitting type or to another attribute type.");
            }
        }

        foreach (var relation in type.Relations)
        {
            CheckRelation(metamodel, type, assetType, relation, (subject, message) => Add(relation.Member, subject, message));
        }
    }

    private static void CheckRelation(MetamodelSnapshot metamodel, SyncTypeDescription type, SnapshotAssetType? assetType, SyncRelationDescription relation, Action<PreflightSubject, string> add)
    {
        if (metamodel.FindRelationType(relation.RelationTypeId.ToString("D")) is not { } relationType)
        {
            var near = metamodel.RelationTypes
                .Where(r => assetType is null || metamodel.IsA(assetType.Name, r.SourceType) || metamodel.IsA(assetType.Name, r.TargetType))
                .OrderBy(r => r.Id, StringComparer.Ordinal) // whatever order the catalog serves them in
                .Select(r => $"{r.Id} ({r.Describe()})")
                .Take(5);
            add(PreflightSubject.RelationType, $"[Relation] {relation.RelationTypeId:D} is not a relation type of the catalog.{Closest("Relation types of this asset type", near, null)}");
            return;
        }

        var listed = metamodel.FindAssetType(relation.TargetAssetType);
        if (assetType is null || listed is null)
        {
            return; // The asset type itself is reported already; the direction cannot be judged without it.
        }

        // RelationRole names the end of the relation the listed assets are; this asset is the other end.
        var (head, tail) = relation.Role == RelationRole.Source ? (listed.Name, assetType.Name) : (assetType.Name, listed.Name);
        if (metamodel.IsA(head, relationType.SourceType) && metamodel.IsA(tail, relationType.TargetType))
        {
            return;
        }

        var swapped = metamodel.IsA(tail, relationType.SourceType) && metamodel.IsA(head, relationType.TargetType);
        var other = relation.Role == RelationRole.Source ? RelationRole.Target : RelationRole.Source;
        add(PreflightSubject.RelationDirection, swapped
            ? $"[Relation] {relation.RelationTypeId:D} ({relationType.Describe()}) has '{relationType.SourceType}' at its head: the listed '{relation.TargetAssetType}' assets are its {other.ToString().ToLowerInvariant()}, so declare RelationRole.{other}, not RelationRole.{relation.Role}."
            : $"[Relation] {relation.RelationTypeId:D} ({relationType.Describe()}) relates '{relationType.SourceType}' to '{relationType.TargetType}', not '{head}' to '{tail}' (nor the other way round): use a relation type between '{type.AssetType}' and '{relation.TargetAssetType}'.");
    }

    /// <summary>Whether a member writing <paramref name="value"/> fits an attribute type of kind <paramref name="attribute"/>:
    /// any value fits a text attribute; numbers, booleans and dates need their own kind; list kinds take text and enum names.</summary>
    public static bool Fits(SyncValueKind value, AttributeKind attribute) => attribute switch
    {
        AttributeKind.String => true,
        AttributeKind.Numeric => value == SyncValueKind.Number,
        AttributeKind.Boolean => value == SyncValueKind.Boolean,
        AttributeKind.Date => value == SyncValueKind.Date,
        _ => value is SyncValueKind.Text or SyncValueKind.Enum,
    };

    private static string Describe(AttributeKind kind) => kind switch
    {
        AttributeKind.String => "text",
        AttributeKind.Numeric => "numbers",
        AttributeKind.Boolean => "true or false",
        AttributeKind.Date => "dates",
        AttributeKind.SingleValueList => "one value of a list",
        _ => "values of a list",
    };

    private static string Describe(SyncValueKind kind) => kind switch
    {
        SyncValueKind.Text => "text",
        SyncValueKind.Number => "numbers",
        SyncValueKind.Boolean => "true or false",
        SyncValueKind.Date => "dates",
        _ => "enum names",
    };

    /// <summary>" Closest: 'a', 'b'." — the valid names nearest to <paramref name="wanted"/> (or the first few when none is given).</summary>
    private static string Closest(string label, IEnumerable<string> candidates, string? wanted)
    {
        var names = wanted is null ? candidates.Take(5).ToList() : Suggestions.Nearest(wanted, candidates, 3);
        return names.Count == 0 ? "" : $" {label}: {string.Join(", ", names.Select(n => "'" + n + "'"))}.";
    }
}

/// <summary>What <see cref="PlanPreflight"/> found.</summary>
public sealed record PreflightResult
{
    /// <summary>Every mismatch between the plan and the catalog's metamodel; empty when the plan fits.</summary>
    public required IReadOnlyList<PreflightProblem> Problems { get; init; }

    /// <summary>Per group of the plan, in order: the status id its finalization gives missing assets (<see langword="null"/> when none or unknown).</summary>
    public required IReadOnlyList<Guid?> StatusIds { get; init; }

    /// <summary>Whether the plan fits the catalog.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>One line per problem.</summary>
    public string Describe()
    {
        if (Passed)
        {
            return "The plan fits the catalog's metamodel.";
        }

        var text = new StringBuilder();
        // An existing domain of another type found while a per-item domain's batch was prepared: earlier batches may have gone.
        if (Problems.Any(p => p.Subject == PreflightSubject.Domain))
        {
            text.Append(CultureInfo.InvariantCulture, $"The plan does not fit the catalog: {Problems.Count} problem(s); the batches that needed them were not sent.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"The plan does not fit the catalog's metamodel: {Problems.Count} problem(s); nothing was sent.");
        }
        foreach (var problem in Problems)
        {
            text.Append("\n- ").Append(problem.ToString());
        }

        return text.ToString();
    }
}

/// <summary>What a preflight problem is about.</summary>
public enum PreflightSubject
{
    /// <summary>An asset type name.</summary>
    AssetType,
    /// <summary>A domain type name.</summary>
    DomainType,
    /// <summary>An attribute type name.</summary>
    AttributeType,
    /// <summary>An attribute type whose kind does not fit the member.</summary>
    AttributeKind,
    /// <summary>A relation type id.</summary>
    RelationType,
    /// <summary>A relation's direction (<see cref="RelationRole"/>) or its asset types.</summary>
    RelationDirection,
    /// <summary>A missing-asset status, by id or name.</summary>
    Status,
    /// <summary>An existing domain the plan points at whose domain type differs from the declaration (never retyped).</summary>
    Domain,
}

/// <summary>One mismatch between a plan and the catalog's metamodel.</summary>
/// <param name="SyncId">The synchronization ID of the group.</param>
/// <param name="TypeName">The annotated C# type it comes from.</param>
/// <param name="Member">The C# member it comes from; <see langword="null"/> for the type's own declarations.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Message">What is wrong and the closest valid names.</param>
public sealed record PreflightProblem(string SyncId, string TypeName, string? Member, PreflightSubject Subject, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{TypeName}{(Member is null ? "" : "." + Member)}: {Message}";
}
