using CatalogSync.Contract;

namespace CatalogSync.Plans.Preflight;

/// <summary>The metamodel of a live catalog, read once through <see cref="ICatalogReader"/> (every page of each kind).</summary>
internal sealed class LiveMetamodel
{
    private readonly Dictionary<string, AssetType> _assetTypesByName;
    private readonly Dictionary<Guid, AssetType> _assetTypesById;
    private readonly Dictionary<Guid, string> _kindsById = [];

    private LiveMetamodel(IReadOnlyList<Status> statuses, IReadOnlyList<AssetType> assetTypes, IReadOnlyList<DomainType> domainTypes,
        IReadOnlyList<AttributeType> attributeTypes, IReadOnlyList<RelationType> relationTypes)
    {
        // Names are matched exactly, as the Import API matches them: "obsolete" is not "Obsolete".
        StatusesById = statuses.ToDictionary(s => s.Id);
        StatusesByName = statuses.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _assetTypesByName = assetTypes.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _assetTypesById = assetTypes.ToDictionary(t => t.Id);
        DomainTypeNames = domainTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        AttributeTypes = attributeTypes.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        RelationTypes = relationTypes.ToDictionary(r => r.Id);
        foreach (var t in assetTypes)
        {
            _kindsById.TryAdd(t.Id, $"the asset type '{t.Name}'");
        }

        foreach (var t in domainTypes)
        {
            _kindsById.TryAdd(t.Id, $"the domain type '{t.Name}'");
        }

        foreach (var t in attributeTypes)
        {
            _kindsById.TryAdd(t.Id, $"the attribute type '{t.Name}'");
        }

        foreach (var r in relationTypes)
        {
            _kindsById.TryAdd(r.Id, $"the relation type '{r.SourceType.Name} {r.Role} {r.TargetType.Name}'");
        }
    }

    public Dictionary<Guid, Status> StatusesById { get; }

    public Dictionary<string, Status> StatusesByName { get; }

    public IEnumerable<string> AssetTypeNames => _assetTypesByName.Keys;

    public HashSet<string> DomainTypeNames { get; }

    public Dictionary<string, AttributeType> AttributeTypes { get; }

    public Dictionary<Guid, RelationType> RelationTypes { get; }

    public AssetType? AssetType(string name) => _assetTypesByName.GetValueOrDefault(name);

    /// <summary>What else of the metamodel <paramref name="id"/> names, if anything (a status id mistaken for a type id, …).</summary>
    public string? KindOf(Guid id) => _kindsById.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="type"/> is the asset type <paramref name="ancestorId"/> or one of its sub-types.</summary>
    public bool IsA(AssetType type, Guid ancestorId)
    {
        var seen = 0;
        for (AssetType? current = type; current is not null && seen++ < 64; current = current.Parent is { } parent ? _assetTypesById.GetValueOrDefault(parent.Id) : null)
        {
            if (current.Id == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<LiveMetamodel> ReadAsync(ICatalogReader catalog, CancellationToken cancellationToken)
    {
        var statuses = await ReadAllAsync((p, ct) => catalog.FindStatusesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var assetTypes = await ReadAllAsync((p, ct) => catalog.FindAssetTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var domainTypes = await ReadAllAsync((p, ct) => catalog.FindDomainTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var attributeTypes = await ReadAllAsync((p, ct) => catalog.FindAttributeTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var relationTypes = await ReadAllAsync((p, ct) => catalog.FindRelationTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return new LiveMetamodel(statuses, assetTypes, domainTypes, attributeTypes, relationTypes);
    }

    private static async Task<List<T>> ReadAllAsync<T>(Func<Paging, CancellationToken, Task<PagedResponse<T>>> find, CancellationToken cancellationToken)
    {
        const int PageSize = Paging.DefaultLimit;
        var all = new List<T>();
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await find(new Paging { Offset = offset, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Results);
            // A short page is the last one, whatever the total says (some endpoints cap or omit it).
            if (page.Results.Count < PageSize)
            {
                return all;
            }
        }
    }
}
