using System.Globalization;
using System.Text;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>The read side (Core REST v2 shapes) over committed data, with Collibra's paging.</summary>
internal sealed class SqliteCatalogReader(SqliteCatalogStore store) : ICatalogReader
{
    private sealed class Filter(string prefix = "$p")
    {
        private readonly StringBuilder _where = new();

        public List<(string Name, object? Value)> Parameters { get; } = [];

        public void Add(string condition, params (string Name, object? Value)[] parameters)
        {
            _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append(condition);
            Parameters.AddRange(parameters);
        }

        public void AddName(string column, string? name, NameMatchMode mode)
        {
            if (string.IsNullOrEmpty(name))
            {
                return;
            }

            var escaped = name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            var pattern = mode switch
            {
                NameMatchMode.Exact => null,
                NameMatchMode.Start => escaped + "%",
                NameMatchMode.End => "%" + escaped,
                _ => "%" + escaped + "%",
            };
            var p = prefix + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            if (pattern is null)
            {
                Add($"{column} = {p}", (p, name));
            }
            else
            {
                Add($"{column} LIKE {p} ESCAPE '\\'", (p, pattern));
            }
        }

        public void AddIn(string column, IEnumerable<object> values)
        {
            var names = new List<string>();
            foreach (var value in values)
            {
                var p = prefix + Parameters.Count.ToString(CultureInfo.InvariantCulture);
                Parameters.Add((p, value));
                names.Add(p);
            }

            if (names.Count > 0)
            {
                _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append(column).Append(" IN (").Append(string.Join(", ", names)).Append(')');
            }
        }

        public override string ToString() => _where.ToString();
    }

    private Task<PagedResponse<T>> PageAsync<T>(string from, Filter filter, string orderBy, string columns, Func<SqliteDataReader, T> map, Paging? paging)
    {
        paging ??= Paging.Default;
        using var connection = store.OpenConnection();
        var parameters = filter.Parameters.ToArray();
        var countSql = paging.CountLimit >= 0
            ? $"SELECT COUNT(*) FROM (SELECT 1 FROM {from}{filter} LIMIT {paging.CountLimit.ToString(CultureInfo.InvariantCulture)})"
            : $"SELECT COUNT(*) FROM {from}{filter}";
        var total = Sql.Query(connection, countSql, r => r.GetInt64(0), parameters)[0];
        var results = Sql.Query(
            connection,
            $"SELECT {columns} FROM {from}{filter} ORDER BY {orderBy} LIMIT {paging.EffectiveLimit.ToString(CultureInfo.InvariantCulture)} OFFSET {Math.Max(0, paging.Offset).ToString(CultureInfo.InvariantCulture)}",
            map,
            parameters);
        return Task.FromResult(new PagedResponse<T> { Total = total, Offset = paging.Offset, Limit = paging.EffectiveLimit, Results = results });
    }

    private static NamedResourceReference Ref(SqliteDataReader r, int idOrdinal, string resourceType, int? nameOrdinal = null) =>
        new() { Id = Sql.ReadUuid(r, idOrdinal), ResourceType = resourceType, Name = nameOrdinal is { } n ? Sql.String(r, n) : null };

    private static NamedResourceReference? OptionalRef(SqliteDataReader r, int idOrdinal, string resourceType, int nameOrdinal) =>
        r.IsDBNull(idOrdinal) ? null : Ref(r, idOrdinal, resourceType, nameOrdinal);

    // Communities
    private const string CommunityFrom = "communities c LEFT JOIN communities p ON p.pk = c.parent_pk";
    private const string CommunitySelect = "c.id, c.name, c.description, p.id, p.name, c.created_on, c.last_modified_on";

    private static Community MapCommunity(SqliteDataReader r) => new()
    {
        Id = Sql.ReadUuid(r, 0),
        Name = r.GetString(1),
        Description = Sql.String(r, 2),
        Parent = OptionalRef(r, 3, "Community", 4),
        CreatedOn = r.GetInt64(5),
        LastModifiedOn = r.GetInt64(6),
    };

    public Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("c.name", name, nameMatchMode);
        return PageAsync(CommunityFrom, filter, "c.name", CommunitySelect, MapCommunity, paging);
    }

    public async Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.Add("c.id = $id", ("$id", Sql.Uuid(id)));
        return (await PageAsync(CommunityFrom, filter, "c.name", CommunitySelect, MapCommunity, null).ConfigureAwait(false)).Results.FirstOrDefault();
    }

    // Domains
    private const string DomainFrom = "domains d JOIN domain_types t ON t.pk = d.type_pk JOIN communities c ON c.pk = d.community_pk";
    private const string DomainSelect = "d.id, d.name, d.description, t.id, t.name, c.id, c.name, d.created_on, d.last_modified_on";

    private static Domain MapDomain(SqliteDataReader r) => new()
    {
        Id = Sql.ReadUuid(r, 0),
        Name = r.GetString(1),
        Description = Sql.String(r, 2),
        Type = Ref(r, 3, "DomainType", 4),
        Community = Ref(r, 5, "Community", 6),
        CreatedOn = r.GetInt64(7),
        LastModifiedOn = r.GetInt64(8),
    };

    public Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("d.name", name, nameMatchMode);
        if (communityId is { } c)
        {
            filter.Add("c.id = $community", ("$community", Sql.Uuid(c)));
        }

        if (typeId is { } t)
        {
            filter.Add("t.id = $type", ("$type", Sql.Uuid(t)));
        }

        return PageAsync(DomainFrom, filter, "d.name, c.name", DomainSelect, MapDomain, paging);
    }

    public async Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.Add("d.id = $id", ("$id", Sql.Uuid(id)));
        return (await PageAsync(DomainFrom, filter, "d.name", DomainSelect, MapDomain, null).ConfigureAwait(false)).Results.FirstOrDefault();
    }

    // Assets
    private const string AssetFrom = "assets a JOIN domains d ON d.pk = a.domain_pk JOIN asset_types t ON t.pk = a.type_pk JOIN statuses s ON s.pk = a.status_pk";
    private const string AssetSelect = "a.id, a.name, a.display_name, d.id, d.name, t.id, t.name, s.id, s.name, a.created_on, a.last_modified_on";

    private static Asset MapAsset(SqliteDataReader r) => new()
    {
        Id = Sql.ReadUuid(r, 0),
        Name = r.GetString(1),
        DisplayName = Sql.String(r, 2) ?? r.GetString(1),
        Domain = Ref(r, 3, "Domain", 4),
        Type = Ref(r, 5, "AssetType", 6),
        Status = Ref(r, 7, "Status", 8),
        CreatedOn = r.GetInt64(9),
        LastModifiedOn = r.GetInt64(10),
    };

    // Collibra's order of GET /assets; the index assets_order has exactly these columns.
    private const string AssetOrder = "a.name COLLATE NOCASE, a.name, a.id";

    public Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter();
        if (!string.IsNullOrEmpty(query.Name))
        {
            // Collibra matches the full name or the display name.
            var byName = new Filter();
            byName.AddName("a.name", query.Name, query.NameMatchMode);
            var byDisplay = byName.ToString()[" WHERE ".Length..];
            filter.Add($"({byDisplay} OR {byDisplay.Replace("a.name", "a.display_name", StringComparison.Ordinal)})", byName.Parameters.ToArray());
        }

        if (query.DomainId is { } domainId)
        {
            filter.Add("a.domain_pk = (SELECT pk FROM domains WHERE id = $domain)", ("$domain", Sql.Uuid(domainId)));
        }

        if (query.CommunityId is { } communityId)
        {
            filter.Add("d.community_pk = (SELECT pk FROM communities WHERE id = $community)", ("$community", Sql.Uuid(communityId)));
        }

        if (query.TypeIds.Count > 0)
        {
            var types = query.TypeInheritance ? ExpandSubTypes(query.TypeIds) : query.TypeIds;
            filter.AddIn("a.type_pk", types.Select(t => (object)store.Keys.AssetTypes.Pk(t)));
        }

        if (query.StatusIds.Count > 0)
        {
            filter.AddIn("a.status_pk", query.StatusIds.Select(t => (object)store.Keys.Statuses.Pk(t)));
        }

        if (query.TagNames.Count > 0)
        {
            var tagFilter = new Filter("$tag");
            tagFilter.AddIn("g.name", query.TagNames);
            filter.Add($"EXISTS (SELECT 1 FROM tags g{tagFilter} AND g.asset_pk = a.pk)", tagFilter.Parameters.ToArray());
        }

        // Every asset has its domain, type and status (foreign keys, NOT NULL), so the joins never filter: the count and
        // the choice of the page read the assets alone (the domain only for a community filter), and only the page's
        // rows are joined. A large offset then skips entries of the covering index assets_order, not joined rows.
        var from = query.CommunityId is null ? "assets a" : "assets a JOIN domains d ON d.pk = a.domain_pk";
        var paging = query.Paging ?? Paging.Default;
        var limit = paging.EffectiveLimit;
        var offset = Math.Max(0, paging.Offset);
        var unfiltered = filter.ToString().Length == 0 && query.CommunityId is null;
        var order = unfiltered ? AssetOrderIndex() : null;
        var total = order is null ? Count(from, filter, paging.CountLimit) : paging.CountLimit >= 0 ? Math.Min(order.Total, paging.CountLimit) : order.Total;
        if (query.Cursor is null)
        {
            if (order is not null && offset >= OrderStride && offset / OrderStride < order.Keys.Count)
            {
                // A deep page of every asset: seek to the checkpoint at or before the offset, skip the rest (< OrderStride).
                var (name, id) = order.Keys[offset / OrderStride];
                filter.Add($"a.name COLLATE NOCASE >= $orderName AND ({AssetOrder}) >= ($orderName, $orderName, $orderId)", ("$orderName", name), ("$orderId", id));
                offset %= OrderStride;
            }

            var page = Page(from, filter, limit, offset);
            return Task.FromResult(new PagedResponse<Asset> { Total = total, Offset = paging.Offset, Limit = limit, Results = page });
        }

        // Cursor paging: the page starts after the key (name, id) that the cursor carries; one row more than the page
        // tells whether there is a next page.
        if (query.Cursor.Length > 0)
        {
            var (name, id) = DecodeCursor(query.Cursor);
            // The first term lets SQLite seek in assets_order (it does not seek on a row value whose first part has a
            // COLLATE); the row value then skips the rows up to and including the cursor's among equal NOCASE names.
            filter.Add($"a.name COLLATE NOCASE >= $cursorName AND ({AssetOrder}) > ($cursorName, $cursorName, $cursorId)", ("$cursorName", name), ("$cursorId", id));
        }

        var rows = Page(from, filter, limit + 1, 0);
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = EncodeCursor(rows[^1].Name, Sql.Id(rows[^1].Id));
        }

        return Task.FromResult(new PagedResponse<Asset> { Total = total, Offset = 0, Limit = limit, Results = rows, NextCursor = next });
    }

    // Every OrderStride-th key of Collibra's asset order, and the number of assets, as of one WriteVersion. SQLite's
    // B-trees do not count: an OFFSET of 900 000 walks 900 000 index entries (250 ms at a million assets) and an exact
    // COUNT(*) walks them all, on every request. One walk after each change of the catalog (a batch, a finalization)
    // builds this (the first such request pays it); then any page of all assets seeks to its checkpoint and skips at
    // most OrderStride - 1 entries, and the total is known. Filtered queries count and skip as before: their ranges are
    // the filter's, usually small.
    private const int OrderStride = 1000;

    private sealed record OrderIndex(long Version, long Total, List<(string Name, byte[] Id)> Keys);

    private readonly Lock _orderLock = new();
    private volatile OrderIndex? _order;

    private OrderIndex AssetOrderIndex()
    {
        var version = store.WriteVersion;
        if (_order is { } cached && cached.Version == version)
        {
            return cached;
        }

        lock (_orderLock)
        {
            if (_order is { } built && built.Version == version)
            {
                return built;
            }

            // One statement, so the count and the keys come from one snapshot.
            using var connection = store.OpenConnection();
            long total = 0;
            var keys = Sql.Query(
                connection,
                $"""
                SELECT name, id, (SELECT COUNT(*) FROM assets) FROM (SELECT a.name, a.id, row_number() OVER (ORDER BY {AssetOrder}) - 1 AS n FROM assets a)
                WHERE n % {OrderStride.ToString(CultureInfo.InvariantCulture)} = 0 ORDER BY n
                """,
                r =>
                {
                    total = r.GetInt64(2);
                    return (r.GetString(0), r.GetFieldValue<byte[]>(1));
                });
            var index = new OrderIndex(version, total, keys);
            _order = index;
            return index;
        }
    }

    private long Count(string from, Filter filter, int countLimit)
    {
        using var connection = store.OpenConnection();
        var sql = countLimit >= 0
            ? $"SELECT COUNT(*) FROM (SELECT 1 FROM {from}{filter} LIMIT {countLimit.ToString(CultureInfo.InvariantCulture)})"
            : $"SELECT COUNT(*) FROM {from}{filter}";
        return Sql.Query(connection, sql, r => r.GetInt64(0), filter.Parameters.ToArray())[0];
    }

    private List<Asset> Page(string from, Filter filter, int limit, int offset)
    {
        using var connection = store.OpenConnection();
        var window = $"SELECT a.rowid FROM {from}{filter} ORDER BY {AssetOrder} LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
        return Sql.Query(connection, $"SELECT {AssetSelect} FROM {AssetFrom} WHERE a.rowid IN ({window}) ORDER BY {AssetOrder}", MapAsset, filter.Parameters.ToArray());
    }

    // A cursor is opaque to clients: the last row's id (36 characters) and name, base64url-encoded.
    private static string EncodeCursor(string name, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(id + name)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Name, byte[] Id) DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
            if (text.Length >= 36 && System.Guid.TryParseExact(text[..36], "D", out var id))
            {
                return (text[36..], Sql.Uuid(id));
            }
        }
        catch (FormatException)
        {
        }
        catch (ArgumentException)
        {
        }

        throw new CatalogApiException(400, "invalidCursor", $"The cursor {InputText.Quote(cursor)} is not one this catalog gave: send an empty cursor for the first page, then each answer's nextCursor.");
    }

    private IReadOnlyList<Guid> ExpandSubTypes(IReadOnlyList<Guid> typeIds)
    {
        using var connection = store.OpenConnection();
        var parents = Sql.Query(connection, "SELECT t.id, p.id FROM asset_types t LEFT JOIN asset_types p ON p.pk = t.parent_pk", r => (Id: Sql.ReadUuid(r, 0), Parent: Sql.ReadNullableUuid(r, 1)));
        var result = new HashSet<Guid>(typeIds);
        bool added;
        do
        {
            added = false;
            foreach (var (id, parent) in parents)
            {
                if (parent is { } p && result.Contains(p) && result.Add(id))
                {
                    added = true;
                }
            }
        }
        while (added);
        return result.ToList();
    }

    public async Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.Add("a.id = $id", ("$id", Sql.Uuid(id)));
        return (await PageAsync(AssetFrom, filter, "a.name", AssetSelect, MapAsset, null).ConfigureAwait(false)).Results.FirstOrDefault();
    }

    // Attributes
    public Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        if (assetId is { } a)
        {
            filter.Add("x.asset_pk = (SELECT pk FROM assets WHERE id = $asset)", ("$asset", Sql.Uuid(a)));
        }

        if (typeIds is { Count: > 0 })
        {
            filter.AddIn("x.type_pk", typeIds.Select(t => (object)store.Keys.AttributeTypes.Pk(t)));
        }

        return PageAsync(
            "attributes x JOIN attribute_types t ON t.pk = x.type_pk JOIN assets a ON a.pk = x.asset_pk",
            filter,
            "a.name, t.name, x.position",
            "x.id, t.id, t.name, t.kind, a.id, a.name, x.value, x.created_on, x.last_modified_on",
            r => new CatalogAttribute
            {
                Id = Sql.ReadUuid(r, 0),
                Type = Ref(r, 1, "AttributeType", 2),
                Kind = r.GetString(3) + "Attribute",
                Asset = Ref(r, 4, "Asset", 5),
                Value = Sql.String(r, 6),
                CreatedOn = r.GetInt64(7),
                LastModifiedOn = r.GetInt64(8),
            },
            paging);
    }

    // Relations
    public Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        if (sourceId is { } s)
        {
            filter.Add("x.source_pk = (SELECT pk FROM assets WHERE id = $source)", ("$source", Sql.Uuid(s)));
        }

        if (targetId is { } t)
        {
            filter.Add("x.target_pk = (SELECT pk FROM assets WHERE id = $target)", ("$target", Sql.Uuid(t)));
        }

        if (relationTypeId is { } rt)
        {
            filter.Add("x.type_pk = $type", ("$type", store.Keys.RelationTypes.Pk(rt)));
        }

        return PageAsync(
            "relations x JOIN assets s ON s.pk = x.source_pk JOIN assets t ON t.pk = x.target_pk JOIN relation_types rt ON rt.pk = x.type_pk",
            filter,
            "s.name, t.name, rt.id",
            "x.id, s.id, s.name, t.id, t.name, rt.id, x.created_on",
            r => new Relation
            {
                Id = Sql.ReadUuid(r, 0),
                Source = Ref(r, 1, "Asset", 2),
                Target = Ref(r, 3, "Asset", 4),
                Type = Ref(r, 5, "RelationType"),
                CreatedOn = r.GetInt64(6),
                LastModifiedOn = r.GetInt64(6),
            },
            paging);
    }

    public Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        IReadOnlyList<Tag> tags = Sql.Query(
            connection,
            "SELECT name FROM tags WHERE asset_pk = (SELECT pk FROM assets WHERE id = $a) ORDER BY name",
            r => new Tag { Id = TagId(r.GetString(0)), Name = r.GetString(0) },
            ("$a", Sql.Uuid(assetId)));
        return Task.FromResult(tags);
    }

    // Tags have no table of their own: their id is derived from the name, stable across calls.
    private static Guid TagId(string name) => new(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("tag:" + name)));

    // Metamodel
    public Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("name", name, nameMatchMode);
        return PageAsync("statuses", filter, "name", "id, name, description",
            r => new Status { Id = Sql.ReadUuid(r, 0), Name = r.GetString(1), Description = Sql.String(r, 2), System = true }, paging);
    }

    public async Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.Add("id = $id", ("$id", Sql.Uuid(id)));
        return (await PageAsync("statuses", filter, "name", "id, name, description",
            r => new Status { Id = Sql.ReadUuid(r, 0), Name = r.GetString(1), Description = Sql.String(r, 2), System = true }, null).ConfigureAwait(false)).Results.FirstOrDefault();
    }

    public Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("t.name", name, nameMatchMode);
        return PageAsync(
            "asset_types t LEFT JOIN asset_types p ON p.pk = t.parent_pk JOIN statuses s ON s.pk = t.default_status_pk",
            filter,
            "t.name",
            "t.id, t.name, t.description, t.public_id, p.id, p.name, s.id, s.name",
            r => new AssetType
            {
                Id = Sql.ReadUuid(r, 0),
                Name = r.GetString(1),
                Description = Sql.String(r, 2),
                PublicId = Sql.String(r, 3),
                Parent = OptionalRef(r, 4, "AssetType", 5),
                DefaultStatus = Ref(r, 6, "Status", 7),
                System = true,
            },
            paging);
    }

    public Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("name", name, nameMatchMode);
        return PageAsync("domain_types", filter, "name", "id, name, description",
            r => new DomainType { Id = Sql.ReadUuid(r, 0), Name = r.GetString(1), Description = Sql.String(r, 2), System = true }, paging);
    }

    public Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        filter.AddName("name", name, nameMatchMode);
        return PageAsync("attribute_types", filter, "name", "id, name, kind, description",
            r => new AttributeType { Id = Sql.ReadUuid(r, 0), Name = r.GetString(1), Kind = Enum.Parse<AttributeKind>(r.GetString(2)), Description = Sql.String(r, 3), System = true }, paging);
    }

    public Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var filter = new Filter();
        if (sourceTypeId is { } s)
        {
            filter.Add("s.id = $s", ("$s", Sql.Uuid(s)));
        }

        if (targetTypeId is { } t)
        {
            filter.Add("t.id = $t", ("$t", Sql.Uuid(t)));
        }

        return PageAsync(
            "relation_types x JOIN asset_types s ON s.pk = x.source_type_pk JOIN asset_types t ON t.pk = x.target_type_pk",
            filter,
            "x.id",
            "x.id, s.id, s.name, x.role, x.co_role, t.id, t.name, x.description",
            r => new RelationType
            {
                Id = Sql.ReadUuid(r, 0),
                SourceType = Ref(r, 1, "AssetType", 2),
                Role = r.GetString(3),
                CoRole = r.GetString(4),
                TargetType = Ref(r, 5, "AssetType", 6),
                Description = Sql.String(r, 7),
                System = true,
            },
            paging);
    }
}
