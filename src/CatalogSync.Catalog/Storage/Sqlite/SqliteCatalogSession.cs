using System.Text.Json;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>One SQLite connection and transaction; statements are prepared once per session and reused.</summary>
internal sealed class SqliteCatalogSession : ICatalogSession
{
    // Owned by this id alone and not seen in the cycle: the resources a finalization acts on.
    private const string MissingAlone = """
        SELECT r.resource_id FROM sync_resources r
        WHERE r.sync_id = $s AND r.kind = $k AND r.last_seen_cycle < $c
          AND NOT EXISTS (SELECT 1 FROM sync_resources o WHERE o.resource_id = r.resource_id AND o.sync_id <> $s)
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _transaction;
    private readonly Action? _onDispose;
    private readonly bool _ownsConnection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    // ownsConnection false: the store's long-lived writing connection, which outlives the session.
    public SqliteCatalogSession(SqliteConnection connection, bool write, Action? onDispose, bool ownsConnection = true)
    {
        _ownsConnection = ownsConnection;
        _connection = connection;
        _onDispose = onDispose;
        _transaction = write ? connection.BeginTransaction(deferred: false) : null;
    }

    public void Commit() => (_transaction ?? throw new InvalidOperationException("A read session cannot commit.")).Commit();

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

    // Communities
    private const string CommunityColumns = "SELECT id, name, description, parent_id, created_on, last_modified_on FROM communities";

    private static CommunityRow MapCommunity(SqliteDataReader r) =>
        new(Sql.Guid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.NullableGuid(r, 3), r.GetInt64(4), r.GetInt64(5));

    public CommunityRow? GetCommunity(Guid id) => Single(CommunityColumns + " WHERE id = $id", MapCommunity, ("$id", Sql.Id(id)));

    public CommunityRow? FindCommunity(string name) => Single(CommunityColumns + " WHERE name = $n", MapCommunity, ("$n", name));

    public void InsertCommunity(CommunityRow row) => Execute(
        "INSERT INTO communities(id, name, description, parent_id, created_on, last_modified_on) VALUES ($id, $n, $d, $p, $c, $m)",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$p", row.ParentId is { } p ? Sql.Id(p) : null), ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateCommunity(CommunityRow row) => Execute(
        "UPDATE communities SET name = $n, description = $d, parent_id = $p, last_modified_on = $m WHERE id = $id",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$p", row.ParentId is { } p ? Sql.Id(p) : null), ("$m", row.LastModifiedOn));

    // Domains
    private const string DomainColumns = "SELECT id, name, description, community_id, type_id, created_on, last_modified_on FROM domains";

    private static DomainRow MapDomain(SqliteDataReader r) =>
        new(Sql.Guid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.Guid(r, 3), Sql.Guid(r, 4), r.GetInt64(5), r.GetInt64(6));

    public DomainRow? GetDomain(Guid id) => Single(DomainColumns + " WHERE id = $id", MapDomain, ("$id", Sql.Id(id)));

    public DomainRow? FindDomain(Guid communityId, string name) =>
        Single(DomainColumns + " WHERE community_id = $c AND name = $n", MapDomain, ("$c", Sql.Id(communityId)), ("$n", name));

    public void InsertDomain(DomainRow row) => Execute(
        "INSERT INTO domains(id, name, description, community_id, type_id, created_on, last_modified_on) VALUES ($id, $n, $d, $co, $t, $c, $m)",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$co", Sql.Id(row.CommunityId)), ("$t", Sql.Id(row.TypeId)), ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateDomain(DomainRow row) => Execute(
        "UPDATE domains SET name = $n, description = $d, community_id = $co, type_id = $t, last_modified_on = $m WHERE id = $id",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$d", row.Description), ("$co", Sql.Id(row.CommunityId)), ("$t", Sql.Id(row.TypeId)), ("$m", row.LastModifiedOn));

    // Assets
    private const string AssetColumns = "SELECT id, name, display_name, domain_id, type_id, status_id, created_on, last_modified_on FROM assets";

    private static AssetRow MapAsset(SqliteDataReader r) =>
        new(Sql.Guid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.Guid(r, 3), Sql.Guid(r, 4), Sql.Guid(r, 5), r.GetInt64(6), r.GetInt64(7));

    public AssetRow? GetAsset(Guid id) => Single(AssetColumns + " WHERE id = $id", MapAsset, ("$id", Sql.Id(id)));

    public AssetRow? FindAsset(Guid domainId, string name) =>
        Single(AssetColumns + " WHERE domain_id = $d AND name = $n", MapAsset, ("$d", Sql.Id(domainId)), ("$n", name));

    public void InsertAsset(AssetRow row) => Execute(
        "INSERT INTO assets(id, name, display_name, domain_id, type_id, status_id, created_on, last_modified_on) VALUES ($id, $n, $dn, $d, $t, $s, $c, $m)",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$dn", row.DisplayName), ("$d", Sql.Id(row.DomainId)), ("$t", Sql.Id(row.TypeId)), ("$s", Sql.Id(row.StatusId)),
        ("$c", row.CreatedOn), ("$m", row.LastModifiedOn));

    public void UpdateAsset(AssetRow row) => Execute(
        "UPDATE assets SET name = $n, display_name = $dn, domain_id = $d, type_id = $t, status_id = $s, last_modified_on = $m WHERE id = $id",
        ("$id", Sql.Id(row.Id)), ("$n", row.Name), ("$dn", row.DisplayName), ("$d", Sql.Id(row.DomainId)), ("$t", Sql.Id(row.TypeId)), ("$s", Sql.Id(row.StatusId)),
        ("$m", row.LastModifiedOn));

    // Attributes, relations, tags, responsibilities
    public IReadOnlyList<string> GetAttributeValues(Guid assetId, Guid typeId) => List(
        "SELECT value FROM attributes WHERE asset_id = $a AND type_id = $t ORDER BY position",
        r => r.GetString(0), ("$a", Sql.Id(assetId)), ("$t", Sql.Id(typeId)));

    public void ReplaceAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now)
    {
        Execute("DELETE FROM attributes WHERE asset_id = $a AND type_id = $t", ("$a", Sql.Id(assetId)), ("$t", Sql.Id(typeId)));
        InsertAttributeValues(assetId, typeId, values, now);
    }

    public void InsertAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now)
    {
        for (var i = 0; i < values.Count; i++)
        {
            Execute(
                "INSERT INTO attributes(id, asset_id, type_id, position, value, created_on, last_modified_on) VALUES ($id, $a, $t, $p, $v, $now, $now)",
                ("$id", Sql.Id(Guid.NewGuid())), ("$a", Sql.Id(assetId)), ("$t", Sql.Id(typeId)), ("$p", i), ("$v", values[i]), ("$now", now));
        }
    }

    public IReadOnlyList<Guid> GetRelated(Guid assetId, Guid relationTypeId, bool assetIsTarget) => assetIsTarget
        ? List("SELECT source_id FROM relations WHERE target_id = $a AND type_id = $t", r => Sql.Guid(r, 0), ("$a", Sql.Id(assetId)), ("$t", Sql.Id(relationTypeId)))
        : List("SELECT target_id FROM relations WHERE source_id = $a AND type_id = $t", r => Sql.Guid(r, 0), ("$a", Sql.Id(assetId)), ("$t", Sql.Id(relationTypeId)));

    public void AddRelation(Guid relationTypeId, Guid sourceId, Guid targetId, long now) => Execute(
        "INSERT OR IGNORE INTO relations(id, type_id, source_id, target_id, created_on) VALUES ($id, $t, $s, $g, $now)",
        ("$id", Sql.Id(Guid.NewGuid())), ("$t", Sql.Id(relationTypeId)), ("$s", Sql.Id(sourceId)), ("$g", Sql.Id(targetId)), ("$now", now));

    public void RemoveRelation(Guid relationTypeId, Guid sourceId, Guid targetId) => Execute(
        "DELETE FROM relations WHERE type_id = $t AND source_id = $s AND target_id = $g",
        ("$t", Sql.Id(relationTypeId)), ("$s", Sql.Id(sourceId)), ("$g", Sql.Id(targetId)));

    public IReadOnlyList<string> GetTags(Guid assetId) =>
        List("SELECT name FROM tags WHERE asset_id = $a ORDER BY name", r => r.GetString(0), ("$a", Sql.Id(assetId)));

    public void ReplaceTags(Guid assetId, IReadOnlyList<string> tags)
    {
        Execute("DELETE FROM tags WHERE asset_id = $a", ("$a", Sql.Id(assetId)));
        foreach (var tag in tags)
        {
            Execute("INSERT OR IGNORE INTO tags(asset_id, name) VALUES ($a, $n)", ("$a", Sql.Id(assetId)), ("$n", tag));
        }
    }

    public IReadOnlyList<ResponsibilityRow> GetResponsibilities(Guid resourceId) => List(
        "SELECT role, owner_kind, owner_key FROM responsibilities WHERE resource_id = $r ORDER BY position",
        r => new ResponsibilityRow(r.GetString(0), r.GetString(1), r.GetString(2)), ("$r", Sql.Id(resourceId)));

    public void ReplaceResponsibilities(Guid resourceId, IReadOnlyList<ResponsibilityRow> responsibilities)
    {
        Execute("DELETE FROM responsibilities WHERE resource_id = $r", ("$r", Sql.Id(resourceId)));
        for (var i = 0; i < responsibilities.Count; i++)
        {
            var x = responsibilities[i];
            Execute(
                "INSERT INTO responsibilities(resource_id, position, role, owner_kind, owner_key) VALUES ($r, $p, $role, $k, $o)",
                ("$r", Sql.Id(resourceId)), ("$p", i), ("$role", x.Role), ("$k", x.OwnerKind), ("$o", x.OwnerKey));
        }
    }

    // Synchronization
    public SyncRow? GetSync(string syncId) => Single(
        "SELECT sync_id, cycle, created_on, last_finalized_on FROM sync_ids WHERE sync_id = $s",
        r => new SyncRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), Sql.NullableLong(r, 3)), ("$s", syncId));

    public void CreateSync(string syncId, long now) =>
        Execute("INSERT INTO sync_ids(sync_id, cycle, created_on, last_finalized_on) VALUES ($s, 1, $now, NULL)", ("$s", syncId), ("$now", now));

    public OwnershipRow? GetOwnership(string syncId, OwnedKind kind, Guid resourceId) => Single(
        "SELECT hash, last_seen_cycle, retired_status_id FROM sync_resources WHERE sync_id = $s AND kind = $k AND resource_id = $r",
        r => new OwnershipRow(r.GetString(0), r.GetInt64(1), Sql.NullableGuid(r, 2)),
        ("$s", syncId), ("$k", kind.ToString()), ("$r", Sql.Id(resourceId)));

    public void MarkSeen(string syncId, OwnedKind kind, Guid resourceId, string hash, long cycle) => Execute(
        """
        INSERT INTO sync_resources(sync_id, kind, resource_id, hash, last_seen_cycle, retired_status_id) VALUES ($s, $k, $r, $h, $c, NULL)
        ON CONFLICT(sync_id, kind, resource_id) DO UPDATE SET hash = excluded.hash, last_seen_cycle = excluded.last_seen_cycle
        """,
        ("$s", syncId), ("$k", kind.ToString()), ("$r", Sql.Id(resourceId)), ("$h", hash), ("$c", cycle));

    public IReadOnlyList<TypeCount> CountMissing(string syncId, long cycle)
    {
        var result = CountAssets(syncId, cycle);
        result.AddRange(List(
            $"SELECT d.type_id, COUNT(*) FROM domains d WHERE d.id IN ({MissingAlone}) GROUP BY d.type_id",
            r => new TypeCount(OwnedKind.Domain, Sql.Guid(r, 0), r.GetInt32(1)),
            ("$s", syncId), ("$k", nameof(OwnedKind.Domain)), ("$c", cycle)));
        return result;
    }

    private List<TypeCount> CountAssets(string syncId, long cycle) => List(
        $"SELECT a.type_id, COUNT(*) FROM assets a WHERE a.id IN ({MissingAlone}) GROUP BY a.type_id",
        r => new TypeCount(OwnedKind.Asset, Sql.Guid(r, 0), r.GetInt32(1)),
        ("$s", syncId), ("$k", nameof(OwnedKind.Asset)), ("$c", cycle));

    public IReadOnlyList<TypeCount> RemoveMissingAssets(string syncId, long cycle)
    {
        var counts = CountAssets(syncId, cycle);
        Execute($"DELETE FROM assets WHERE id IN ({MissingAlone})", ("$s", syncId), ("$k", nameof(OwnedKind.Asset)), ("$c", cycle));

        // Missing assets that another id also owns stay; this id lets go of them.
        Execute(
            "DELETE FROM sync_resources WHERE sync_id = $s AND kind = $k AND last_seen_cycle < $c",
            ("$s", syncId), ("$k", nameof(OwnedKind.Asset)), ("$c", cycle));
        return counts;
    }

    public IReadOnlyList<TypeCount> RemoveMissingEmptyContainers(string syncId, long cycle)
    {
        var emptyDomains = $"SELECT id FROM domains WHERE id IN ({MissingAlone}) AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.domain_id = domains.id)";
        var counts = List(
            $"SELECT type_id, COUNT(*) FROM domains WHERE id IN ({emptyDomains}) GROUP BY type_id",
            r => new TypeCount(OwnedKind.Domain, Sql.Guid(r, 0), r.GetInt32(1)),
            ("$s", syncId), ("$k", nameof(OwnedKind.Domain)), ("$c", cycle));
        Execute($"DELETE FROM domains WHERE id IN ({emptyDomains})", ("$s", syncId), ("$k", nameof(OwnedKind.Domain)), ("$c", cycle));

        var emptyCommunities = $"""
            SELECT id FROM communities WHERE id IN ({MissingAlone})
              AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.community_id = communities.id)
              AND NOT EXISTS (SELECT 1 FROM communities c WHERE c.parent_id = communities.id)
            """;
        var communities = Convert.ToInt32(Command($"SELECT COUNT(*) FROM ({emptyCommunities})", ("$s", syncId), ("$k", nameof(OwnedKind.Community)), ("$c", cycle)).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        Execute($"DELETE FROM communities WHERE id IN ({emptyCommunities})", ("$s", syncId), ("$k", nameof(OwnedKind.Community)), ("$c", cycle));
        if (communities > 0)
        {
            counts.Add(new TypeCount(OwnedKind.Community, Guid.Empty, communities));
        }

        return counts;
    }

    public IReadOnlyList<TypeCount> RetireMissingAssets(string syncId, long cycle, Guid statusId, long now)
    {
        // Only assets not retired yet: one retired earlier whose status was changed by hand since keeps that status.
        var notRetired = MissingAlone + " AND r.retired_status_id IS NULL";
        var parameters = new (string, object?)[] { ("$s", syncId), ("$k", nameof(OwnedKind.Asset)), ("$c", cycle), ("$st", Sql.Id(statusId)), ("$now", now) };
        var counts = List(
            $"SELECT a.type_id, COUNT(*) FROM assets a WHERE a.id IN ({notRetired}) AND a.status_id <> $st GROUP BY a.type_id",
            r => new TypeCount(OwnedKind.Asset, Sql.Guid(r, 0), r.GetInt32(1)),
            parameters);
        Execute($"UPDATE assets SET status_id = $st, last_modified_on = $now WHERE id IN ({notRetired}) AND status_id <> $st", parameters);
        Execute($"UPDATE sync_resources SET retired_status_id = $st WHERE sync_id = $s AND kind = $k AND resource_id IN ({notRetired})", parameters);
        return counts;
    }

    public void ClearRetired(string syncId, Guid assetId) => Execute(
        "UPDATE sync_resources SET retired_status_id = NULL WHERE sync_id = $s AND kind = $k AND resource_id = $r",
        ("$s", syncId), ("$k", nameof(OwnedKind.Asset)), ("$r", Sql.Id(assetId)));

    public void AdvanceCycle(string syncId, long now) =>
        Execute("UPDATE sync_ids SET cycle = cycle + 1, last_finalized_on = $now WHERE sync_id = $s", ("$s", syncId), ("$now", now));

    public void Evict(string syncId) => Execute("UPDATE sync_resources SET hash = '' WHERE sync_id = $s", ("$s", syncId));

    public void RemoveSync(string syncId)
    {
        Execute("DELETE FROM sync_resources WHERE sync_id = $s", ("$s", syncId));
        Execute("DELETE FROM sync_ids WHERE sync_id = $s", ("$s", syncId));
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
