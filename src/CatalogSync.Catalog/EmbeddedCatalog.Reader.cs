using CatalogSync.Contract;

namespace CatalogSync.Catalog;

// The read side of Core REST v2: served by the store from committed data.
public sealed partial class EmbeddedCatalog
{
    private ICatalogReader Reader => _store.Reader;

    /// <inheritdoc/>
    public Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindCommunitiesAsync(name, nameMatchMode, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetCommunityAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindDomainsAsync(name, nameMatchMode, communityId, typeId, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetDomainAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default) => Reader.FindAssetsAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetAssetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAttributesAsync(assetId, typeIds, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindRelationsAsync(sourceId, targetId, relationTypeId, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default) => Reader.GetAssetTagsAsync(assetId, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindStatusesAsync(name, nameMatchMode, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetStatusAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAssetTypesAsync(name, nameMatchMode, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindDomainTypesAsync(name, nameMatchMode, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAttributeTypesAsync(name, nameMatchMode, paging, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindRelationTypesAsync(sourceTypeId, targetTypeId, paging, cancellationToken);
}
