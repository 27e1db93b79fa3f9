namespace CatalogSync.Contract;

/// <summary>Reads a catalog's metamodel over Core REST v2 (<see cref="ICatalogReader"/>) into a <see cref="MetamodelSnapshot"/>.</summary>
public static class MetamodelPull
{
    /// <summary>
    /// Reads every page of statuses, asset types, domain types, attribute types and relation types. Asset types are
    /// written parents first; a default status shared by most asset types becomes the snapshot's
    /// <c>defaultStatus</c>, the others stay on their type. Core REST v2 serves no assignments or curation, so the
    /// snapshot has none; the allowed values of list attribute types are kept where the catalog serves them.
    /// </summary>
    /// <param name="catalog">The catalog (a real Collibra or <c>catalog-sync serve</c> through <c>CollibraHttpClient</c>, or the embedded catalog).</param>
    /// <param name="source">What to write as the snapshot's <c>source</c>, e.g. the URL.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<MetamodelSnapshot> ReadAsync(ICatalogReader catalog, string? source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var statuses = await ReadAllAsync((p, ct) => catalog.FindStatusesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var assetTypes = await ReadAllAsync((p, ct) => catalog.FindAssetTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var domainTypes = await ReadAllAsync((p, ct) => catalog.FindDomainTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var attributeTypes = await ReadAllAsync((p, ct) => catalog.FindAttributeTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var relationTypes = await ReadAllAsync((p, ct) => catalog.FindRelationTypesAsync(paging: p, cancellationToken: ct), cancellationToken).ConfigureAwait(false);

        var statusNames = statuses.ToDictionary(s => s.Id, s => s.Name);
        var assetTypeNames = assetTypes.ToDictionary(t => t.Id, t => t.Name);
        var domainTypeNames = domainTypes.ToDictionary(t => t.Id, t => t.Name);
        string? StatusName(NamedResourceReference? reference) =>
            reference is null ? null : statusNames.TryGetValue(reference.Id, out var name) ? name : reference.Name;
        string AssetTypeName(NamedResourceReference reference) =>
            assetTypeNames.TryGetValue(reference.Id, out var name) ? name : reference.Name ?? reference.Id.ToString("D");

        var defaultStatus = assetTypes
            .Select(t => StatusName(t.DefaultStatus))
            .Where(n => n is not null)
            .GroupBy(n => n, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();

        return new MetamodelSnapshot(
            source,
            defaultStatus,
            statuses.Select(s => new SnapshotStatus(s.Id.ToString("D"), s.Name) { Description = Empty(s.Description) }).ToList(),
            ParentsFirst(assetTypes)
                .Select(t => new SnapshotAssetType(t.Id.ToString("D"), t.Name, t.Parent is { } parent ? AssetTypeName(parent) : null)
                {
                    PublicId = Empty(t.PublicId),
                    DefaultStatus = StatusName(t.DefaultStatus) is { } status && status != defaultStatus ? status : null,
                    Description = Empty(t.Description),
                })
                .ToList(),
            domainTypes.Select(t => new SnapshotDomainType(t.Id.ToString("D"), t.Name)
            {
                Parent = t.Parent is { } parent ? domainTypeNames.GetValueOrDefault(parent.Id, parent.Name ?? "") : null,
                Description = Empty(t.Description),
            }).ToList(),
            attributeTypes.Select(t => new SnapshotAttributeType(t.Id.ToString("D"), t.Name, t.Kind.ToString())
            {
                Description = Empty(t.Description),
                // Collibra serves the allowed values on its list attribute types; the snapshot keeps them only there.
                AllowedValues = MetamodelSnapshot.IsListKind(t.Kind.ToString()) && t.AllowedValues is { Count: > 0 } allowed ? allowed.Distinct(StringComparer.Ordinal).ToList() : null,
            }).ToList(),
            relationTypes.Select(t => new SnapshotRelationType(t.Id.ToString("D"), AssetTypeName(t.SourceType), t.Role, t.CoRole, AssetTypeName(t.TargetType))
            {
                Description = Empty(t.Description),
            }).ToList());
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The hierarchy from its roots down, siblings in the catalog's order, so the file reads as a tree.</summary>
    private static List<AssetType> ParentsFirst(List<AssetType> types)
    {
        var ids = types.Select(t => t.Id).ToHashSet();
        var children = types.Where(t => t.Parent is { } p && ids.Contains(p.Id)).ToLookup(t => t.Parent!.Id);
        var ordered = new List<AssetType>();
        var seen = new HashSet<Guid>();
        void Visit(AssetType type)
        {
            if (!seen.Add(type.Id))
            {
                return;
            }

            ordered.Add(type);
            foreach (var child in children[type.Id])
            {
                Visit(child);
            }
        }

        foreach (var root in types.Where(t => t.Parent is null || !ids.Contains(t.Parent.Id)))
        {
            Visit(root);
        }

        // A cycle has no root: keep its types anyway, so that the reader reports it.
        foreach (var type in types)
        {
            Visit(type);
        }

        return ordered;
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
