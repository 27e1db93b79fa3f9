using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>How a name filter compares (Collibra's <c>nameMatchMode</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NameMatchMode>))]
public enum NameMatchMode
{
    /// <summary>Anywhere in the name (Collibra's default).</summary>
    [JsonStringEnumMemberName("ANYWHERE")] Anywhere,
    /// <summary>The whole name.</summary>
    [JsonStringEnumMemberName("EXACT")] Exact,
    /// <summary>The start of the name.</summary>
    [JsonStringEnumMemberName("START")] Start,
    /// <summary>The end of the name.</summary>
    [JsonStringEnumMemberName("END")] End,
}

/// <summary>Paging as in Collibra: <c>limit</c> 0 means the default page size (1000).</summary>
public sealed record Paging
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The largest page size, as Collibra's REST API: a larger <see cref="Limit"/> is taken as this.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The first page of the default size.</summary>
    public static Paging Default { get; } = new();

    /// <summary>The first result to return.</summary>
    public int Offset { get; init; }

    /// <summary>The page size; 0 takes <see cref="DefaultLimit"/>, more than <see cref="MaxLimit"/> takes <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; }

    /// <summary>Stop counting the total after this many; -1 counts all.</summary>
    public int CountLimit { get; init; } = -1;

    /// <summary>The page size to apply.</summary>
    public int EffectiveLimit => Clamp(Limit);

    /// <summary>The page size to apply for a requested <paramref name="limit"/>: 0 or less takes <see cref="DefaultLimit"/>, at most <see cref="MaxLimit"/>.</summary>
    /// <param name="limit">The requested page size.</param>
    public static int Clamp(int limit) => limit <= 0 ? DefaultLimit : Math.Min(limit, MaxLimit);
}

/// <summary>Filters of <c>GET /assets</c>.</summary>
public sealed record AssetQuery
{
    /// <summary>Name (or display name) filter.</summary>
    public string? Name { get; init; }

    /// <summary>How <see cref="Name"/> compares.</summary>
    public NameMatchMode NameMatchMode { get; init; } = NameMatchMode.Anywhere;

    /// <summary>Only assets of this domain.</summary>
    public Guid? DomainId { get; init; }

    /// <summary>Only assets of this community's domains.</summary>
    public Guid? CommunityId { get; init; }

    /// <summary>Only assets of one of these types (or their sub-types when <see cref="TypeInheritance"/>).</summary>
    public IReadOnlyList<Guid> TypeIds { get; init; } = [];

    /// <summary>Whether <see cref="TypeIds"/> includes sub-types (Collibra's default: yes).</summary>
    public bool TypeInheritance { get; init; } = true;

    /// <summary>Only assets with one of these statuses.</summary>
    public IReadOnlyList<Guid> StatusIds { get; init; } = [];

    /// <summary>Only assets with one of these tags.</summary>
    public IReadOnlyList<string> TagNames { get; init; } = [];

    /// <summary>Paging.</summary>
    public Paging Paging { get; init; } = Paging.Default;

    /// <summary>
    /// Collibra's cursor paging: <see langword="null"/> pages by <see cref="Paging.Offset"/>; an empty string asks for the
    /// first page, and each answer's <see cref="PagedResponse{T}.NextCursor"/> for the next one (the offset is then ignored).
    /// A cursor page costs the same wherever it is, where a large offset has to skip every row before it.
    /// </summary>
    public string? Cursor { get; init; }
}

/// <summary>
/// The read side of Collibra's Core REST API that the embedded catalog serves. Implemented by the
/// engine and, over HTTP, by a client of <c>catalog-sync serve</c>; tests run against both.
/// </summary>
public interface ICatalogReader
{
    /// <summary><c>GET /communities</c>.</summary>
    Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /communities/{id}</c>; <see langword="null"/> when unknown.</summary>
    Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /domains</c>.</summary>
    Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /domains/{id}</c>; <see langword="null"/> when unknown.</summary>
    Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /assets</c>, ordered by name.</summary>
    Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default);

    /// <summary><c>GET /assets/{id}</c>; <see langword="null"/> when unknown.</summary>
    Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /attributes?assetId=</c>, in type then position order.</summary>
    Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /relations?sourceId=&amp;targetId=&amp;relationTypeId=</c>.</summary>
    Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /tags/asset/{assetId}</c>.</summary>
    Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /statuses</c>.</summary>
    Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /statuses/{id}</c>; <see langword="null"/> when unknown.</summary>
    Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /assetTypes</c>.</summary>
    Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /domainTypes</c>.</summary>
    Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /attributeTypes</c>.</summary>
    Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /relationTypes</c>.</summary>
    Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default);
}
