using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Metamodel;

/// <summary>
/// Collibra's out-of-the-box metamodel with its well-known ids (from the contract's
/// metamodel-ids.md; doubtful rows are marked there), which a new catalog is seeded with.
/// </summary>
public static class OotbMetamodel
{
    /// <summary>"Candidate": the status new assets get unless their type says otherwise.</summary>
    public static readonly Guid CandidateStatusId = Guid.Parse("00000000-0000-0000-0000-000000005008");

    /// <summary>"Missing from source": the status Collibra's documentation uses for retired assets.</summary>
    public static readonly Guid MissingFromSourceStatusId = Guid.Parse("00000000-0000-0000-0000-000000005066");

    /// <summary>The community every new catalog has, as in Collibra.</summary>
    public const string DataGovernanceCouncil = "Data Governance Council";

    /// <summary>The seed, parsed from the embedded <c>ootb-metamodel.json</c>.</summary>
    public static OotbSeed Load()
    {
        using var stream = typeof(OotbMetamodel).Assembly.GetManifestResourceStream("CatalogSync.Catalog.ootb-metamodel.json")
            ?? throw new InvalidOperationException("The embedded metamodel seed is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var statuses = root.GetProperty("statuses").EnumerateArray()
            .Select(s => new StatusInfo(s.GetProperty("id").GetGuid(), s.GetProperty("name").GetString()!, NullIfEmpty(s, "description")))
            .ToList();
        var assetTypeElements = root.GetProperty("assetTypes").EnumerateArray().ToList();
        var assetTypeIds = assetTypeElements.ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetGuid());
        var assetTypes = assetTypeElements
            .Select(t => new AssetTypeInfo(
                t.GetProperty("id").GetGuid(),
                t.GetProperty("name").GetString()!,
                NullIfEmpty(t, "publicId"),
                t.GetProperty("parent").GetString() is { } parent ? assetTypeIds[parent] : null,
                CandidateStatusId,
                null))
            .ToList();
        var domainTypes = root.GetProperty("domainTypes").EnumerateArray()
            .Select(t => new DomainTypeInfo(t.GetProperty("id").GetGuid(), t.GetProperty("name").GetString()!, null))
            .ToList();
        var attributeTypes = root.GetProperty("attributeTypes").EnumerateArray()
            .Select(t => new AttributeTypeInfo(
                t.GetProperty("id").GetGuid(),
                t.GetProperty("name").GetString()!,
                Enum.Parse<AttributeKind>(t.GetProperty("kind").GetString()!),
                NullIfEmpty(t, "note")))
            .ToList();
        var relationTypes = root.GetProperty("relationTypes").EnumerateArray()
            .Select(t => new RelationTypeInfo(
                t.GetProperty("id").GetGuid(),
                assetTypeIds[t.GetProperty("sourceType").GetString()!],
                t.GetProperty("role").GetString()!,
                t.GetProperty("coRole").GetString()!,
                assetTypeIds[t.GetProperty("targetType").GetString()!],
                null))
            .ToList();
        var roles = root.GetProperty("roles").EnumerateArray()
            .Select(r => new RoleInfo(r.GetProperty("id").GetGuid(), r.GetProperty("name").GetString()!))
            .ToList();
        var communities = root.GetProperty("communities").EnumerateArray()
            .Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("name").GetString()!))
            .ToList();
        return new OotbSeed(new MetamodelData(statuses, assetTypes, domainTypes, attributeTypes, relationTypes, roles), communities);
    }

    private static string? NullIfEmpty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? text : null;
}

/// <summary>What a new catalog starts with: the metamodel and the out-of-the-box communities.</summary>
public sealed record OotbSeed(MetamodelData Metamodel, IReadOnlyList<(Guid Id, string Name)> Communities);
