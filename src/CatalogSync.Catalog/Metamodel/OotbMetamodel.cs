using CatalogSync.Contract;

namespace CatalogSync.Catalog.Metamodel;

/// <summary>
/// Collibra's out-of-the-box metamodel with its well-known ids (from the contract's
/// metamodel-ids.md; doubtful rows are marked there), which a new catalog is seeded with: the shipped
/// metamodel snapshot (docs/metamodel.md), read by the same <see cref="MetamodelSnapshot"/> reader as the generator's.
/// </summary>
public static class OotbMetamodel
{
    /// <summary>"Candidate": the status new assets get unless their type says otherwise.</summary>
    public static readonly Guid CandidateStatusId = Guid.Parse("00000000-0000-0000-0000-000000005008");

    /// <summary>"Missing from source": the status Collibra's documentation uses for retired assets.</summary>
    public static readonly Guid MissingFromSourceStatusId = Guid.Parse("00000000-0000-0000-0000-000000005066");

    /// <summary>The community every new catalog has, as in Collibra.</summary>
    public const string DataGovernanceCouncil = "Data Governance Council";

    /// <summary>The shipped out-of-the-box snapshot (docs/metamodel.md), embedded from <c>ootb-metamodel.json</c>.</summary>
    public static MetamodelSnapshot Snapshot => LazySnapshot.Value;

    private static readonly Lazy<MetamodelSnapshot> LazySnapshot = new(ReadSnapshot);

    /// <summary>The seed, read from the shipped snapshot.</summary>
    public static OotbSeed Load() => FromSnapshot(Snapshot);

    /// <summary>A seed from any snapshot in the format of docs/metamodel.md (names resolved to ids).</summary>
    /// <param name="snapshot">The snapshot.</param>
    public static OotbSeed FromSnapshot(MetamodelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var statuses = snapshot.Statuses.Select(s => new StatusInfo(Guid.Parse(s.Id), s.Name, s.Description)).ToList();
        var assetTypeIds = snapshot.AssetTypes.ToDictionary(t => t.Name, t => Guid.Parse(t.Id), StringComparer.Ordinal);
        var assetTypes = snapshot.AssetTypes
            .Select(t => new AssetTypeInfo(
                Guid.Parse(t.Id),
                t.Name,
                t.PublicId,
                t.Parent is { } parent ? assetTypeIds[parent] : null,
                snapshot.DefaultStatusOf(t.Name) is { } status ? Guid.Parse(snapshot.FindStatus(status)!.Id) : CandidateStatusId,
                t.Description))
            .ToList();
        var domainTypes = snapshot.DomainTypes.Select(t => new DomainTypeInfo(Guid.Parse(t.Id), t.Name, t.Description)).ToList();
        var attributeTypes = snapshot.AttributeTypes
            .Select(t => new AttributeTypeInfo(Guid.Parse(t.Id), t.Name, Enum.Parse<AttributeKind>(t.Kind), t.Description))
            .ToList();
        var relationTypes = snapshot.RelationTypes
            .Select(t => new RelationTypeInfo(Guid.Parse(t.Id), assetTypeIds[t.SourceType], t.Role, t.CoRole, assetTypeIds[t.TargetType], t.Description))
            .ToList();
        var roles = snapshot.Roles.Select(r => new RoleInfo(Guid.Parse(r.Id), r.Name)).ToList();
        var communities = snapshot.Communities.Select(c => (Guid.Parse(c.Id), c.Name)).ToList();
        return new OotbSeed(new MetamodelData(statuses, assetTypes, domainTypes, attributeTypes, relationTypes, roles), communities);
    }

    private static MetamodelSnapshot ReadSnapshot()
    {
        using var stream = typeof(OotbMetamodel).Assembly.GetManifestResourceStream("CatalogSync.Catalog.ootb-metamodel.json")
            ?? throw new InvalidOperationException("The embedded metamodel seed is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return MetamodelSnapshot.Parse(reader.ReadToEnd());
    }
}

/// <summary>What a new catalog starts with: the metamodel and the out-of-the-box communities.</summary>
public sealed record OotbSeed(MetamodelData Metamodel, IReadOnlyList<(Guid Id, string Name)> Communities);
