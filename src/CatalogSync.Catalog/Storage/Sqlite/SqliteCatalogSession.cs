using System.Text.Json;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>One SQLite connection and transaction; statements are prepared once per session and reused.</summary>
internal sealed class SqliteCatalogSession : ICatalogSession
{
    // Owned by this id alone and not seen in the cycle: the resources a finalization acts on.
    private const string MissingAlone = """
        SELECT r.resource_pk FROM sync_resources r
        WHERE r.sync_pk = $s AND r.kind = $k AND r.last_seen_cycle < $c
          AND NOT EXISTS (SELECT 1 FROM sync_resources o WHERE o.kind = r.kind AND o.resource_pk = r.resource_pk AND o.sync_pk <> $s)
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _transaction;
    private readonly Action? _onDispose;
    private readonly Action? _onCommit;
    private readonly bool _ownsConnection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly MetamodelKeys _keys;

    // ownsConnection false: the store's long-lived writing connection, which outlives the session.
    public SqliteCatalogSession(SqliteConnection connection, MetamodelKeys keys, bool write, Action? onDispose, bool ownsConnection = true, Action? onCommit = null)
    {
        _onCommit = onCommit;
        _keys = keys;
        _ownsConnection = ownsConnection;
        _connection = connection;
        _onDispose = onDispose;
        _transaction = write ? connection.BeginTransaction(deferred: false) : null;
    }

    public void Commit()
    {
        FlushSeen();
        (_transaction ?? throw new InvalidOperationException("A read session cannot commit.")).Commit();
        _onCommit?.Invoke();
    }

    // Savepoints run once per command: through cached statements, not SqliteTransaction.Save's new command each time.
    public void Savepoint(string name) => Execute("SAVEPOINT " + name);

    public void RollbackToSavepoint(string name) => Execute("ROLLBACK TO " + name);

    public void ReleaseSavepoint(string name) => Execute("RELEASE " + name);

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _transaction?.Dispose();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }

        _onDispose?.Invoke();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        // Any other statement may read what the pending seen marks change: write them first.
        if (_seenCount > 0 && !ReferenceEquals(sql, UnchangedSql))
        {
            FlushSeen();
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            _commands[sql] = command;
        }

        // The same SQL always comes with the same parameters in the same order: rebind values only.
        if (command.Parameters.Count == parameters.Length)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteNonQuery();

    private T? Single<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
        where T : class
    {
        using var reader = Command(sql, parameters).ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    private List<T> List<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var reader = Command(sql, parameters).ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(map(reader));
        }

        return result;
    }

    // Integer keys of the resources this session has read or written (a batch names the same domains over and over, and
    // an asset's attributes, tags and ownership follow its own read): the API speaks UUIDs, the tables integer keys.
    private readonly Dictionary<Guid, long> _communityPks = [];
    private readonly Dictionary<Guid, long> _domainPks = [];
    private readonly Dictionary<Guid, long> _assetPks = [];
    private readonly Dictionary<string, long> _syncPks = new(StringComparer.Ordinal);

    private long Pk(Dictionary<Guid, long> cache, string table, Guid id)
    {
        if (cache.TryGetValue(id, out var pk))
        {
            return pk;
        }

        // -1 matches no row. A miss is not cached: the resource may be inserted later in the session.
        if (Command($"SELECT pk FROM {table} WHERE id = $id", ("$id", Sql.Uuid(id))).ExecuteScalar() is not long found)
        {
            return -1;
        }

        cache[id] = found;
        return found;
    }

    private long CommunityPk(Guid id) => Pk(_communityPks, "communities", id);

    private long DomainPk(Guid id) => Pk(_domainPks, "domains", id);

    private long AssetPk(Guid id) => Pk(_assetPks, "assets", id);

    private long ResourcePk(OwnedKind kind, Guid id) => kind switch
    {
        OwnedKind.Community => CommunityPk(id),
        OwnedKind.Domain => DomainPk(id),
        _ => AssetPk(id),
    };

    private long SyncPk(string syncId)
    {
        if (_syncPks.TryGetValue(syncId, out var pk))
        {
            return pk;
        }

        if (Command("SELECT pk FROM sync_ids WHERE sync_id = $s", ("$s", syncId)).ExecuteScalar() is not long found)
        {
            return -1;
        }

        _syncPks[syncId] = found;
        return found;
    }

    private long Insert(string sql, params (string Name, object? Value)[] parameters) => (long)Command(sql, parameters).ExecuteScalar()!;

    // Communities
    private const string CommunityColumns = "SELECT c.id, c.name, c.description, p.id, c.created_on, c.last_modified_on, c.pk FROM communities c LEFT JOIN communities p ON p.pk = c.parent_pk";

    private CommunityRow MapCommunity(SqliteDataReader r)
    {
        var row = new CommunityRow(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.ReadNullableUuid(r, 3), r.GetInt64(4), r.GetInt64(5));
        _communityPks[row.Id] = r.GetInt64(6);
        return row;
    }

    public CommunityRow? GetCommunity(Guid id) => Single(CommunityColumns + " WHERE c.id = $id", MapCommunity, ("$id", Sql.Uuid(id)));

    public CommunityRow? FindCommunity(string name) => Single(CommunityColumns + " WHERE c.name = $n", MapCommunity, ("$n", name));

    public void InsertCommunity(CommunityRow row) => _communityPks[row.Id] = Insert(
        "INSERT INTO communities(id, name, description, parent_pk, created_on, last_modified_on) VALUES ($id, $n, $d, $p, $c, $m) RETURNING pk",
        ("$id", Sql.Uuid(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$p", row.ParentId is { } p ? CommunityPk(p) : null), ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateCommunity(CommunityRow row)
    {
        // Domains and assets are identified through their community's name: a rename forgets their cached hashes.
        if (Command("SELECT name FROM communities WHERE id = $id", ("$id", Sql.Uuid(row.Id))).ExecuteScalar() is string name && name != row.Name)
        {
            var community = CommunityPk(row.Id);
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Community), "SELECT $c", community);
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Domain), "SELECT pk FROM domains WHERE community_pk = $c", community);
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Asset), "SELECT a.pk FROM domains d JOIN assets a ON a.domain_pk = d.pk WHERE d.community_pk = $c", community);
        }

        UpdateCommunityRow(row);
    }

    // The cached hashes (every synchronization id's) of the resources of one kind that a query selects: their commands
    // named them by what just changed, so the next send is applied, not skipped (docs/semantics.md, rule 24).
    private void ForgetHashes(int kind, string resources, long key) =>
        Execute($"UPDATE sync_resources SET hash = X'' WHERE kind = $k AND resource_pk IN ({resources}) AND hash <> X''", ("$k", kind), ("$c", key));

    private void UpdateCommunityRow(CommunityRow row) => Execute(
        "UPDATE communities SET name = $n, description = $d, parent_pk = $p, last_modified_on = $m WHERE id = $id",
        ("$id", Sql.Uuid(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$p", row.ParentId is { } p ? CommunityPk(p) : null), ("$m", row.LastModifiedOn));

    // Domains
    private const string DomainColumns = "SELECT d.id, d.name, d.description, c.id, d.type_pk, d.created_on, d.last_modified_on, d.pk FROM domains d JOIN communities c ON c.pk = d.community_pk";

    private DomainRow MapDomain(SqliteDataReader r)
    {
        var row = new DomainRow(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.ReadUuid(r, 3), _keys.DomainTypes.Id(r.GetInt64(4)), r.GetInt64(5), r.GetInt64(6));
        _domainPks[row.Id] = r.GetInt64(7);
        return row;
    }

    public DomainRow? GetDomain(Guid id) => Single(DomainColumns + " WHERE d.id = $id", MapDomain, ("$id", Sql.Uuid(id)));

    public DomainRow? FindDomain(Guid communityId, string name) =>
        Single(DomainColumns + " WHERE d.community_pk = $c AND d.name = $n", MapDomain, ("$c", CommunityPk(communityId)), ("$n", name));

    public void InsertDomain(DomainRow row) => _domainPks[row.Id] = Insert(
        "INSERT INTO domains(id, name, description, community_pk, type_pk, created_on, last_modified_on) VALUES ($id, $n, $d, $co, $t, $c, $m) RETURNING pk",
        ("$id", Sql.Uuid(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$co", CommunityPk(row.CommunityId)), ("$t", _keys.DomainTypes.Pk(row.TypeId)), ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateDomain(DomainRow row)
    {
        // Assets are identified through their domain's name (and its community): a rename forgets their cached hashes.
        var domain = DomainPk(row.Id);
        if (Command("SELECT 1 FROM domains WHERE pk = $pk AND (name <> $n OR community_pk <> $c)", ("$pk", domain), ("$n", row.Name), ("$c", CommunityPk(row.CommunityId))).ExecuteScalar() is not null)
        {
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Domain), "SELECT $c", domain);
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Asset), "SELECT pk FROM assets WHERE domain_pk = $c", domain);
        }

        UpdateDomainRow(row);
    }

    private void UpdateDomainRow(DomainRow row) => Execute(
        "UPDATE domains SET name = $n, description = $d, community_pk = $co, type_pk = $t, last_modified_on = $m WHERE id = $id",
        ("$id", Sql.Uuid(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$co", CommunityPk(row.CommunityId)), ("$t", _keys.DomainTypes.Pk(row.TypeId)), ("$m", row.LastModifiedOn));

    // Assets
    private const string AssetColumns = "SELECT a.id, a.name, a.display_name, d.id, a.type_pk, a.status_pk, a.created_on, a.last_modified_on, a.pk, a.domain_pk FROM assets a JOIN domains d ON d.pk = a.domain_pk";

    private AssetRow MapAsset(SqliteDataReader r)
    {
        var row = new AssetRow(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.ReadUuid(r, 3), _keys.AssetTypes.Id(r.GetInt64(4)), _keys.Statuses.Id(r.GetInt64(5)), r.GetInt64(6), r.GetInt64(7));
        _assetPks[row.Id] = r.GetInt64(8);
        _domainPks[row.DomainId] = r.GetInt64(9);
        return row;
    }

    public AssetRow? GetAsset(Guid id) => Single(AssetColumns + " WHERE a.id = $id", MapAsset, ("$id", Sql.Uuid(id)));

    public AssetRow? FindAsset(Guid domainId, string name) =>
        Single(AssetColumns + " WHERE a.domain_pk = $d AND a.name = $n", MapAsset, ("$d", DomainPk(domainId)), ("$n", name));

    public void InsertAsset(AssetRow row) => _assetPks[row.Id] = Insert(
        "INSERT INTO assets(id, name, display_name, domain_pk, type_pk, status_pk, created_on, last_modified_on) VALUES ($id, $n, $dn, $d, $t, $s, $c, $m) RETURNING pk",
        ("$id", Sql.Uuid(row.Id)), ("$n", row.Name), ("$dn", row.DisplayName), ("$d", DomainPk(row.DomainId)), ("$t", _keys.AssetTypes.Pk(row.TypeId)), ("$s", _keys.Statuses.Pk(row.StatusId)),
        ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateAsset(AssetRow row)
    {
        // A rename or a move: the asset's cached hashes (of every id) no longer stand for its identifier.
        var asset = AssetPk(row.Id);
        if (Command("SELECT 1 FROM assets WHERE pk = $pk AND (name <> $n OR domain_pk <> $d)", ("$pk", asset), ("$n", row.Name), ("$d", DomainPk(row.DomainId))).ExecuteScalar() is not null)
        {
            ForgetHashes(SqliteSchema.Kind(OwnedKind.Asset), "SELECT $c", asset);
        }

        UpdateAssetRow(row);
    }

    private void UpdateAssetRow(AssetRow row) => Execute(
        "UPDATE assets SET name = $n, display_name = $dn, domain_pk = $d, type_pk = $t, status_pk = $s, last_modified_on = $m WHERE pk = $pk",
        ("$pk", AssetPk(row.Id)), ("$n", row.Name), ("$dn", row.DisplayName), ("$d", DomainPk(row.DomainId)), ("$t", _keys.AssetTypes.Pk(row.TypeId)), ("$s", _keys.Statuses.Pk(row.StatusId)),
        ("$m", row.LastModifiedOn));

    // Attributes, relations, tags, responsibilities
    public IReadOnlyList<string> GetAttributeValues(Guid assetId, Guid typeId) => List(
        "SELECT value FROM attributes WHERE asset_pk = $a AND type_pk = $t ORDER BY position",
        r => r.GetString(0), ("$a", AssetPk(assetId)), ("$t", _keys.AttributeTypes.Pk(typeId)));

    public void ReplaceAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now)
    {
        Execute("DELETE FROM attributes WHERE asset_pk = $a AND type_pk = $t", ("$a", AssetPk(assetId)), ("$t", _keys.AttributeTypes.Pk(typeId)));
        InsertAttributeValues(assetId, typeId, values, now);
    }

    public void InsertAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now)
    {
        var asset = AssetPk(assetId);
        var type = _keys.AttributeTypes.Pk(typeId);
        for (var i = 0; i < values.Count; i++)
        {
            Execute(
                "INSERT INTO attributes(id, asset_pk, type_pk, position, value, created_on, last_modified_on) VALUES ($id, $a, $t, $p, $v, $now, $now)",
                ("$id", Sql.Uuid(Guid.NewGuid())), ("$a", asset), ("$t", type), ("$p", i), ("$v", values[i]), ("$now", now));
        }
    }

    public IReadOnlyList<Guid> GetRelated(Guid assetId, Guid relationTypeId, bool assetIsTarget) => assetIsTarget
        ? List("SELECT a.id FROM relations x JOIN assets a ON a.pk = x.source_pk WHERE x.target_pk = $a AND x.type_pk = $t", r => Sql.ReadUuid(r, 0), ("$a", AssetPk(assetId)), ("$t", _keys.RelationTypes.Pk(relationTypeId)))
        : List("SELECT a.id FROM relations x JOIN assets a ON a.pk = x.target_pk WHERE x.source_pk = $a AND x.type_pk = $t", r => Sql.ReadUuid(r, 0), ("$a", AssetPk(assetId)), ("$t", _keys.RelationTypes.Pk(relationTypeId)));

    public void AddRelation(Guid relationTypeId, Guid sourceId, Guid targetId, long now) => Execute(
        "INSERT OR IGNORE INTO relations(id, type_pk, source_pk, target_pk, created_on) VALUES ($id, $t, $s, $g, $now)",
        ("$id", Sql.Uuid(Guid.NewGuid())), ("$t", _keys.RelationTypes.Pk(relationTypeId)), ("$s", AssetPk(sourceId)), ("$g", AssetPk(targetId)), ("$now", now));

    public void RemoveRelation(Guid relationTypeId, Guid sourceId, Guid targetId) => Execute(
        "DELETE FROM relations WHERE type_pk = $t AND source_pk = $s AND target_pk = $g",
        ("$t", _keys.RelationTypes.Pk(relationTypeId)), ("$s", AssetPk(sourceId)), ("$g", AssetPk(targetId)));

    public IReadOnlyList<string> GetTags(Guid assetId) =>
        List("SELECT name FROM tags WHERE asset_pk = $a ORDER BY name", r => r.GetString(0), ("$a", AssetPk(assetId)));

    public void ReplaceTags(Guid assetId, IReadOnlyList<string> tags)
    {
        var asset = AssetPk(assetId);
        Execute("DELETE FROM tags WHERE asset_pk = $a", ("$a", asset));
        foreach (var tag in tags)
        {
            Execute("INSERT OR IGNORE INTO tags(asset_pk, name) VALUES ($a, $n)", ("$a", asset), ("$n", tag));
        }
    }

    public IReadOnlyList<ResponsibilityRow> GetResponsibilities(Guid resourceId) => List(
        "SELECT role, owner_kind, owner_key FROM responsibilities WHERE resource_id = $r ORDER BY position",
        r => new ResponsibilityRow(r.GetString(0), r.GetString(1), r.GetString(2)), ("$r", Sql.Uuid(resourceId)));

    public void ReplaceResponsibilities(Guid resourceId, IReadOnlyList<ResponsibilityRow> responsibilities)
    {
        Execute("DELETE FROM responsibilities WHERE resource_id = $r", ("$r", Sql.Uuid(resourceId)));
        for (var i = 0; i < responsibilities.Count; i++)
        {
            var x = responsibilities[i];
            Execute(
                "INSERT INTO responsibilities(resource_id, position, role, owner_kind, owner_key) VALUES ($r, $p, $role, $k, $o)",
                ("$r", Sql.Uuid(resourceId)), ("$p", i), ("$role", x.Role), ("$k", x.OwnerKind), ("$o", x.OwnerKey));
        }
    }

    // Synchronization
    public SyncRow? GetSync(string syncId) => Single(
        "SELECT sync_id, cycle, created_on, last_finalized_on FROM sync_ids WHERE sync_id = $s",
        r => new SyncRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), Sql.NullableLong(r, 3)), ("$s", syncId));

    public void CreateSync(string syncId, long now) => _syncPks[syncId] =
        Insert("INSERT INTO sync_ids(sync_id, cycle, created_on, last_finalized_on) VALUES ($s, 1, $now, NULL) RETURNING pk", ("$s", syncId), ("$now", now));

    // The hash travels as hex text (ImportCommand.Hash) and is stored as its bytes.
    private static byte[] HashBytes(string hash) => Convert.FromHexString(hash);

    public OwnershipRow? GetOwnership(string syncId, OwnedKind kind, Guid resourceId) => Single(
        "SELECT hash, last_seen_cycle, retired_status_pk FROM sync_resources WHERE sync_pk = $s AND kind = $k AND resource_pk = $r",
        r => new OwnershipRow(Convert.ToHexString(r.GetFieldValue<byte[]>(0)), r.GetInt64(1), _keys.Statuses.Id(Sql.NullableLong(r, 2))),
        ("$s", SyncPk(syncId)), ("$k", SqliteSchema.Kind(kind)), ("$r", ResourcePk(kind, resourceId)));

    public void MarkSeen(string syncId, OwnedKind kind, Guid resourceId, string hash, long cycle) => Execute(
        """
        INSERT INTO sync_resources(sync_pk, kind, resource_pk, hash, last_seen_cycle, retired_status_pk) VALUES ($s, $k, $r, $h, $c, NULL)
        ON CONFLICT(sync_pk, kind, resource_pk) DO UPDATE SET hash = excluded.hash, last_seen_cycle = excluded.last_seen_cycle
        """,
        ("$s", SyncPk(syncId)), ("$k", SqliteSchema.Kind(kind)), ("$r", ResourcePk(kind, resourceId)), ("$h", HashBytes(hash)), ("$c", cycle));

    // The unchanged-resource look-up: one seek in the covering hash index and one in the resource's table. INDEXED BY:
    // without statistics SQLite prefers the primary key on sync_pk alone, a scan of everything the id owns.
    private const string UnchangedSql = """
        SELECT r.kind, r.resource_pk,
            CASE r.kind WHEN 2 THEN (SELECT type_pk FROM assets WHERE pk = r.resource_pk) WHEN 1 THEN (SELECT type_pk FROM domains WHERE pk = r.resource_pk) END
        FROM sync_resources r INDEXED BY sync_resources_hash WHERE r.sync_pk = $s AND r.hash = $h AND r.retired_status_pk IS NULL
        """;

    // The seen marks of unchanged resources not written yet: (sync key, cycle) and per kind the resource keys. They are
    // written in one sorted set statement per kind before any other statement of the session and before its commit
    // (FlushSeen), so nothing ever reads a stale seen mark; a statement per unchanged resource cost most of a re-sync.
    private (long Sync, long Cycle) _seenOf;
    private readonly List<long>[] _seen = [[], [], []];
    private int _seenCount;

    public (OwnedKind Kind, Guid TypeId)? MarkSeenUnchanged(string syncId, string hash, long cycle)
    {
        var sync = SyncPk(syncId);
        if (_seenCount > 0 && _seenOf != (sync, cycle))
        {
            FlushSeen();
        }

        long kind;
        long resource;
        long? type;
        using (var reader = Command(UnchangedSql, ("$s", sync), ("$h", HashBytes(hash))).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (kind, resource, type) = (reader.GetInt64(0), reader.GetInt64(1), Sql.NullableLong(reader, 2));
        }

        _seenOf = (sync, cycle);
        _seen[kind].Add(resource);
        _seenCount++;
        return kind switch
        {
            0 => (OwnedKind.Community, Guid.Empty),
            1 => (OwnedKind.Domain, _keys.DomainTypes.Id(type!.Value)),
            _ => (OwnedKind.Asset, _keys.AssetTypes.Id(type!.Value)),
        };
    }

    private void FlushSeen()
    {
        if (_seenCount == 0)
        {
            return;
        }

        _seenCount = 0;
        for (var kind = 0; kind < _seen.Length; kind++)
        {
            var keys = _seen[kind];
            if (keys.Count == 0)
            {
                continue;
            }

            // In key order: the update walks the ownership rows and their cycle index front to back.
            keys.Sort();
            var json = new System.Text.StringBuilder(keys.Count * 8).Append('[');
            for (var i = 0; i < keys.Count; i++)
            {
                json.Append(i == 0 ? "" : ",").Append(keys[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            keys.Clear();
            Command(
                "UPDATE sync_resources SET last_seen_cycle = $c WHERE sync_pk = $s AND kind = $k AND resource_pk IN (SELECT value FROM json_each($keys))",
                ("$c", _seenOf.Cycle), ("$s", _seenOf.Sync), ("$k", kind), ("$keys", json.Append(']').ToString())).ExecuteNonQuery();
        }
    }

    private (string, object?)[] Missing(string syncId, OwnedKind kind, long cycle) => [("$s", SyncPk(syncId)), ("$k", SqliteSchema.Kind(kind)), ("$c", cycle)];

    public IReadOnlyList<TypeCount> CountMissing(string syncId, long cycle)
    {
        var result = CountAssets(syncId, cycle);
        result.AddRange(List(
            $"SELECT d.type_pk, COUNT(*) FROM domains d WHERE d.pk IN ({MissingAlone}) GROUP BY d.type_pk",
            r => new TypeCount(OwnedKind.Domain, _keys.DomainTypes.Id(r.GetInt64(0)), r.GetInt32(1)),
            Missing(syncId, OwnedKind.Domain, cycle)));
        return result;
    }

    private List<TypeCount> CountAssets(string syncId, long cycle) => List(
        $"SELECT a.type_pk, COUNT(*) FROM assets a WHERE a.pk IN ({MissingAlone}) GROUP BY a.type_pk",
        r => new TypeCount(OwnedKind.Asset, _keys.AssetTypes.Id(r.GetInt64(0)), r.GetInt32(1)),
        Missing(syncId, OwnedKind.Asset, cycle));

    public IReadOnlyList<TypeCount> RemoveMissingAssets(string syncId, long cycle)
    {
        Doom(MissingAlone, Missing(syncId, OwnedKind.Asset, cycle));
        var counts = List(
            "SELECT a.type_pk, COUNT(*) FROM temp.doomed x JOIN assets a ON a.pk = x.pk GROUP BY a.type_pk",
            r => new TypeCount(OwnedKind.Asset, _keys.AssetTypes.Id(r.GetInt64(0)), r.GetInt32(1)));

        // The assets related to a deleted one must be written again when next sent, even unchanged (their relation goes):
        // forget their cached hashes, while the relations are still there.
        Execute("""
            UPDATE sync_resources SET hash = X'' WHERE kind = 2 AND hash <> X'' AND resource_pk IN
                (SELECT r.source_pk FROM temp.doomed x JOIN relations r ON r.target_pk = x.pk
                 UNION SELECT r.target_pk FROM temp.doomed x JOIN relations r ON r.source_pk = x.pk)
            """);
        DeleteDoomed(SqliteSchema.Kind(OwnedKind.Asset), "assets");
        Execute("DELETE FROM attributes WHERE asset_pk IN (SELECT pk FROM temp.doomed)");
        Execute("DELETE FROM tags WHERE asset_pk IN (SELECT pk FROM temp.doomed)");
        Execute("DELETE FROM relations WHERE source_pk IN (SELECT pk FROM temp.doomed)");
        Execute("DELETE FROM relations WHERE target_pk IN (SELECT pk FROM temp.doomed)");
        Execute("DELETE FROM assets WHERE pk IN (SELECT pk FROM temp.doomed)");
        ForgetKeys();

        // Missing assets that another id also owns stay; this id lets go of them.
        Execute("DELETE FROM sync_resources WHERE sync_pk = $s AND kind = $k AND last_seen_cycle < $c", Missing(syncId, OwnedKind.Asset, cycle));
        return counts;
    }

    // What a finalization deletes is chosen once, into a temporary table in key order, then deleted table by table with
    // one statement each. (Per-row triggers cost a trigger program and several random look-ups per deleted asset: at a
    // million assets, 6 s for 10 000 of them.) Cost: proportional to what is deleted.
    private void Doom(string select, (string, object?)[] parameters)
    {
        Execute("CREATE TEMP TABLE IF NOT EXISTS doomed(pk INTEGER PRIMARY KEY)");
        Execute("DELETE FROM temp.doomed");
        Execute($"INSERT INTO temp.doomed {select}", parameters);
    }

    // What goes with any doomed resource: its responsibilities and every id's ownership of it.
    private void DeleteDoomed(int kind, string table)
    {
        Execute($"DELETE FROM responsibilities WHERE resource_id IN (SELECT t.id FROM temp.doomed x JOIN {table} t ON t.pk = x.pk)");
        Execute("DELETE FROM sync_resources WHERE kind = $k AND resource_pk IN (SELECT pk FROM temp.doomed)", ("$k", kind));
    }

    // Deleted rows' keys may be reused by SQLite: nothing cached may outlive a delete.
    private void ForgetKeys()
    {
        _communityPks.Clear();
        _domainPks.Clear();
        _assetPks.Clear();
    }

    public IReadOnlyList<TypeCount> RemoveMissingEmptyContainers(string syncId, long cycle)
    {
        var emptyDomains = $"SELECT pk FROM domains WHERE pk IN ({MissingAlone}) AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.domain_pk = domains.pk)";
        Doom(emptyDomains, Missing(syncId, OwnedKind.Domain, cycle));
        var counts = List(
            "SELECT d.type_pk, COUNT(*) FROM temp.doomed x JOIN domains d ON d.pk = x.pk GROUP BY d.type_pk",
            r => new TypeCount(OwnedKind.Domain, _keys.DomainTypes.Id(r.GetInt64(0)), r.GetInt32(1)));
        DeleteDoomed(SqliteSchema.Kind(OwnedKind.Domain), "domains");
        Execute("DELETE FROM domains WHERE pk IN (SELECT pk FROM temp.doomed)");

        var emptyCommunities = $"""
            SELECT pk FROM communities WHERE pk IN ({MissingAlone})
              AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.community_pk = communities.pk)
              AND NOT EXISTS (SELECT 1 FROM communities c WHERE c.parent_pk = communities.pk)
            """;
        Doom(emptyCommunities, Missing(syncId, OwnedKind.Community, cycle));
        var communities = Convert.ToInt32(Command("SELECT COUNT(*) FROM temp.doomed").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        DeleteDoomed(SqliteSchema.Kind(OwnedKind.Community), "communities");
        Execute("DELETE FROM communities WHERE pk IN (SELECT pk FROM temp.doomed)");
        ForgetKeys();
        if (communities > 0)
        {
            counts.Add(new TypeCount(OwnedKind.Community, Guid.Empty, communities));
        }

        return counts;
    }

    public IReadOnlyList<TypeCount> RetireMissingAssets(string syncId, long cycle, Guid statusId, long now)
    {
        // Only assets not retired yet: one retired earlier whose status was changed by hand since keeps that status.
        var notRetired = MissingAlone + " AND r.retired_status_pk IS NULL";
        var parameters = new (string, object?)[] { ("$s", SyncPk(syncId)), ("$k", SqliteSchema.Kind(OwnedKind.Asset)), ("$c", cycle), ("$st", _keys.Statuses.Pk(statusId)), ("$now", now) };
        var counts = List(
            $"SELECT a.type_pk, COUNT(*) FROM assets a WHERE a.pk IN ({notRetired}) AND a.status_pk <> $st GROUP BY a.type_pk",
            r => new TypeCount(OwnedKind.Asset, _keys.AssetTypes.Id(r.GetInt64(0)), r.GetInt32(1)),
            parameters);
        Execute($"UPDATE assets SET status_pk = $st, last_modified_on = $now WHERE pk IN ({notRetired}) AND status_pk <> $st", parameters);
        Execute($"UPDATE sync_resources SET retired_status_pk = $st WHERE sync_pk = $s AND kind = $k AND resource_pk IN ({notRetired})", parameters);
        return counts;
    }

    public void ClearRetired(string syncId, Guid assetId) => Execute(
        "UPDATE sync_resources SET retired_status_pk = NULL WHERE sync_pk = $s AND kind = $k AND resource_pk = $r",
        ("$s", SyncPk(syncId)), ("$k", SqliteSchema.Kind(OwnedKind.Asset)), ("$r", AssetPk(assetId)));

    public void AdvanceCycle(string syncId, long now) =>
        Execute("UPDATE sync_ids SET cycle = cycle + 1, last_finalized_on = $now WHERE sync_id = $s", ("$s", syncId), ("$now", now));

    public void Evict(string syncId) => Execute("UPDATE sync_resources SET hash = X'' WHERE sync_pk = $s", ("$s", SyncPk(syncId)));

    public void RemoveSync(string syncId)
    {
        Execute("DELETE FROM sync_resources WHERE sync_pk = $s", ("$s", SyncPk(syncId)));
        Execute("DELETE FROM sync_ids WHERE sync_id = $s", ("$s", syncId));
        _syncPks.Remove(syncId);
    }

    public (long Total, IReadOnlyList<string> Ids) ListSyncs(int offset, int limit)
    {
        var total = (long)Command("SELECT COUNT(*) FROM sync_ids").ExecuteScalar()!;
        var ids = List("SELECT sync_id FROM sync_ids ORDER BY sync_id LIMIT $l OFFSET $o", r => r.GetString(0), ("$l", limit), ("$o", offset));
        return (total, ids);
    }

    // Jobs
    public void SaveJob(JobRow job) => Execute(
        """
        INSERT INTO jobs(id, kind, sync_id, state, created_on, job_json, summary_json) VALUES ($id, $k, $s, $st, $c, $j, $sum)
        ON CONFLICT(id) DO UPDATE SET state = excluded.state, job_json = excluded.job_json, summary_json = excluded.summary_json
        """,
        ("$id", Sql.Id(job.Job.Id)), ("$k", job.Kind), ("$s", job.SynchronizationId), ("$st", job.Job.State.ToString()), ("$c", job.Job.CreatedOn),
        ("$j", JsonSerializer.Serialize(job.Job, ContractJsonContext.Default.Job)),
        ("$sum", job.Summary is null ? null : JsonSerializer.Serialize(job.Summary, ContractJsonContext.Default.ImportSummary)));

    private static JobRow MapJob(SqliteDataReader r) => new(
        JsonSerializer.Deserialize(r.GetString(0), ContractJsonContext.Default.Job)!,
        r.GetString(1),
        Sql.String(r, 2),
        r.IsDBNull(3) ? null : JsonSerializer.Deserialize(r.GetString(3), ContractJsonContext.Default.ImportSummary));

    public JobRow? GetJob(Guid jobId) =>
        Single("SELECT job_json, kind, sync_id, summary_json FROM jobs WHERE id = $id", MapJob, ("$id", Sql.Id(jobId)));

    public void SaveErrors(Guid jobId, IReadOnlyList<ImportError> errors)
    {
        for (var i = 0; i < errors.Count; i++)
        {
            Execute(
                "INSERT INTO job_errors(job_id, seq, error_json) VALUES ($id, $seq, $e)",
                ("$id", Sql.Id(jobId)), ("$seq", i), ("$e", JsonSerializer.Serialize(errors[i], ContractJsonContext.Default.ImportError)));
        }
    }

    public (long Total, IReadOnlyList<ImportError> Errors) GetErrors(Guid jobId, int offset, int limit)
    {
        var total = (long)Command("SELECT COUNT(*) FROM job_errors WHERE job_id = $id", ("$id", Sql.Id(jobId))).ExecuteScalar()!;
        var errors = List(
            "SELECT error_json FROM job_errors WHERE job_id = $id ORDER BY seq LIMIT $l OFFSET $o",
            r => JsonSerializer.Deserialize(r.GetString(0), ContractJsonContext.Default.ImportError)!,
            ("$id", Sql.Id(jobId)), ("$l", limit), ("$o", offset));
        return (total, errors);
    }

    public int PruneJobs(long createdBefore, int keepNewest, long endedBefore)
    {
        // Only finished jobs go; a job that is waiting or running keeps its row whatever its age. "Newest" is by
        // rowid, the order results were recorded in: a job that waited long in its lane is new when it finishes.
        // A job that ended recently stays whatever the rules say, so its client can still poll it; the end date is
        // read from the stored job (a row without one counts from its creation).
        const string Finished = "state IN ('Completed', 'Error', 'Canceled')";
        var doomed = $"""
            SELECT id FROM jobs WHERE {Finished}
                AND COALESCE(json_extract(job_json, '$.endDate'), created_on) < $endedBefore
                AND (created_on < $before OR id NOT IN (SELECT id FROM jobs WHERE {Finished} ORDER BY rowid DESC LIMIT $keep))
            """;
        (string, object?)[] parameters = [("$before", createdBefore), ("$keep", keepNewest), ("$endedBefore", endedBefore)];
        Execute($"DELETE FROM job_errors WHERE job_id IN ({doomed})", parameters);
        return Execute($"DELETE FROM jobs WHERE id IN ({doomed})", parameters);
    }
}
