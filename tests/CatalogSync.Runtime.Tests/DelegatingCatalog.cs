using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A <see cref="DelegatingImportApi"/> that also passes the catalog's read side through, as a decorator of a real
/// client would: the run then runs its preflight and ensures its communities and domains through it. Doubles that must
/// look like a client that cannot read the catalog derive from <see cref="DelegatingImportApi"/> instead.
/// </summary>
public abstract class DelegatingCatalog(IImportApiClient inner) : DelegatingImportApi(inner), ICatalogReader
{
    private ICatalogReader Reader => (ICatalogReader)Inner;

    public Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindCommunitiesAsync(name, nameMatchMode, paging, cancellationToken);

    public Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetCommunityAsync(id, cancellationToken);

    public Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindDomainsAsync(name, nameMatchMode, communityId, typeId, paging, cancellationToken);

    public Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetDomainAsync(id, cancellationToken);

    public Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default) => Reader.FindAssetsAsync(query, cancellationToken);

    public Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetAssetAsync(id, cancellationToken);

    public Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAttributesAsync(assetId, typeIds, paging, cancellationToken);

    public Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindRelationsAsync(sourceId, targetId, relationTypeId, paging, cancellationToken);

    public Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default) => Reader.GetAssetTagsAsync(assetId, cancellationToken);

    public Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindStatusesAsync(name, nameMatchMode, paging, cancellationToken);

    public Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default) => Reader.GetStatusAsync(id, cancellationToken);

    public Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAssetTypesAsync(name, nameMatchMode, paging, cancellationToken);

    public Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindDomainTypesAsync(name, nameMatchMode, paging, cancellationToken);

    public Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindAttributeTypesAsync(name, nameMatchMode, paging, cancellationToken);

    public Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Reader.FindRelationTypesAsync(sourceTypeId, targetTypeId, paging, cancellationToken);
}
