using System.Globalization;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>
/// The SQLite schema, version 3. Every resource and metamodel table is a rowid table whose <c>pk</c> (INTEGER PRIMARY
/// KEY) is what the other tables refer to; Collibra's UUID is the <c>id</c> column, a 16-byte BLOB in RFC 4122 byte
/// order (so that its byte order is the order of the UUID's text), UNIQUE where something looks a resource up by it.
/// Times are Unix milliseconds.
/// </summary>
/// <remarks>
/// Why: with TEXT UUID keys every table and index that named a resource was a B-tree in random order (a new asset
/// touched seven of them at random places, 1.25 GB at a million assets, far beyond any page cache). With integer keys a
/// new asset is appended at the end of its table and of the indexes that follow it (attributes, ownership); only the
/// UUID and name indexes stay random, and they are 3 to 5 times smaller.
/// </remarks>
internal static class SqliteSchema
{
    public const int Version = 3;

    /// <summary>The resource kinds of <c>sync_resources.kind</c> (the values of <see cref="OwnedKind"/>).</summary>
    public static int Kind(OwnedKind kind) => (int)kind;

    /// <summary>The tables that version 3 rebuilds from an older file (jobs, job errors and meta keep theirs).</summary>
    public const string Tables = """
        CREATE TABLE statuses(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, description TEXT);
        CREATE TABLE asset_types(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, public_id TEXT,
            parent_pk INTEGER REFERENCES asset_types(pk), default_status_pk INTEGER NOT NULL REFERENCES statuses(pk), description TEXT);
        CREATE TABLE domain_types(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, description TEXT);
        CREATE TABLE attribute_types(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, description TEXT);
        CREATE TABLE relation_types(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, source_type_pk INTEGER NOT NULL REFERENCES asset_types(pk),
            role TEXT NOT NULL, co_role TEXT NOT NULL, target_type_pk INTEGER NOT NULL REFERENCES asset_types(pk), description TEXT);
        CREATE TABLE roles(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE);

        CREATE TABLE communities(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, description TEXT,
            parent_pk INTEGER REFERENCES communities(pk), created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL);
        CREATE TABLE domains(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT,
            community_pk INTEGER NOT NULL REFERENCES communities(pk), type_pk INTEGER NOT NULL REFERENCES domain_types(pk),
            created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL, UNIQUE(community_pk, name));
        CREATE TABLE assets(pk INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, name TEXT NOT NULL, display_name TEXT,
            domain_pk INTEGER NOT NULL REFERENCES domains(pk), type_pk INTEGER NOT NULL REFERENCES asset_types(pk),
            status_pk INTEGER NOT NULL REFERENCES statuses(pk), created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL,
            UNIQUE(domain_pk, name));
        -- Attribute values and relations are never looked up by their UUID (the API lists them by asset): it is stored,
        -- random and 16 bytes, but not indexed (an index on it would be the largest random B-tree of the file).
        CREATE TABLE attributes(pk INTEGER PRIMARY KEY, id BLOB NOT NULL, asset_pk INTEGER NOT NULL REFERENCES assets(pk) ON DELETE CASCADE,
            type_pk INTEGER NOT NULL REFERENCES attribute_types(pk), position INTEGER NOT NULL, value TEXT,
            created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL);
        CREATE TABLE relations(pk INTEGER PRIMARY KEY, id BLOB NOT NULL, type_pk INTEGER NOT NULL REFERENCES relation_types(pk),
            source_pk INTEGER NOT NULL REFERENCES assets(pk) ON DELETE CASCADE, target_pk INTEGER NOT NULL REFERENCES assets(pk) ON DELETE CASCADE,
            created_on INTEGER NOT NULL, UNIQUE(source_pk, type_pk, target_pk));
        CREATE TABLE tags(asset_pk INTEGER NOT NULL REFERENCES assets(pk) ON DELETE CASCADE, name TEXT NOT NULL, PRIMARY KEY(asset_pk, name));
        -- A responsibility belongs to a community, a domain or an asset: three tables, so no foreign key; it names its
        -- resource by UUID (16 bytes), which is unique across the three.
        CREATE TABLE responsibilities(resource_id BLOB NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL, owner_kind TEXT NOT NULL,
            owner_key TEXT NOT NULL, PRIMARY KEY(resource_id, position));

        CREATE TABLE sync_ids(pk INTEGER PRIMARY KEY, sync_id TEXT NOT NULL UNIQUE, cycle INTEGER NOT NULL, created_on INTEGER NOT NULL, last_finalized_on INTEGER);
        -- kind: 0 community, 1 domain, 2 asset; resource_pk is the pk in that kind's table. hash: the first 16 bytes of
        -- the SHA-256 of the command that last wrote the resource (empty: write it again when it is next sent).
        -- WITHOUT ROWID: the key is the row, and a first sync appends to it in (sync, kind, pk) order.
        CREATE TABLE sync_resources(sync_pk INTEGER NOT NULL REFERENCES sync_ids(pk) ON DELETE CASCADE, kind INTEGER NOT NULL,
            resource_pk INTEGER NOT NULL, hash BLOB NOT NULL, last_seen_cycle INTEGER NOT NULL, retired_status_pk INTEGER,
            PRIMARY KEY(sync_pk, kind, resource_pk)) WITHOUT ROWID;
        """;

    /// <summary>The indexes and triggers over <see cref="Tables"/>; <c>IF NOT EXISTS</c> lets an interrupted upgrade run again.</summary>
    public const string Indexes = """
        -- No triggers: a finalization deletes what goes with a resource (its responsibilities, its ownership, the cached
        -- hashes of the assets related to it) itself, one set statement per table (SqliteCatalogSession.RemoveMissingAssets).
        CREATE INDEX IF NOT EXISTS assets_name ON assets(name);
        -- GET /assets pages in Collibra's order without sorting (and skips an offset in the index alone, covering).
        CREATE INDEX IF NOT EXISTS assets_order ON assets(name COLLATE NOCASE, name, id);
        -- EXACT name look-ups match the name or the display name.
        CREATE INDEX IF NOT EXISTS assets_display_name ON assets(display_name);
        CREATE INDEX IF NOT EXISTS attributes_asset ON attributes(asset_pk, type_pk, position);
        CREATE INDEX IF NOT EXISTS relations_target ON relations(target_pk, type_pk);
        CREATE INDEX IF NOT EXISTS tags_name ON tags(name);
        -- Who else owns a resource, and what goes when it is deleted.
        CREATE INDEX IF NOT EXISTS sync_resources_resource ON sync_resources(kind, resource_pk);
        -- The unchanged-resource cache by hash: an unchanged resource is found by its command's hash, before it is read into a command.
        -- retired_status_pk makes it covering for that look-up (a retired resource is never skipped).
        CREATE INDEX IF NOT EXISTS sync_resources_hash ON sync_resources(sync_pk, hash, retired_status_pk);
        -- Finalize reads what is missing, not everything the id owns: cost proportional to what disappeared.
        CREATE INDEX IF NOT EXISTS sync_resources_cycle ON sync_resources(sync_pk, kind, last_seen_cycle);

        """;

    /// <summary>Tables that keep their version 1/2 layout (jobs are few and looked up by their TEXT UUID).</summary>
    public const string Unchanged = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE jobs(id TEXT PRIMARY KEY, kind TEXT NOT NULL, sync_id TEXT, state TEXT NOT NULL, created_on INTEGER NOT NULL,
            job_json TEXT NOT NULL, summary_json TEXT);
        CREATE TABLE job_errors(job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, seq INTEGER NOT NULL, error_json TEXT NOT NULL,
            PRIMARY KEY(job_id, seq));
        """;

    public const string Create = Unchanged + "\n" + Tables + "\n" + Indexes;

    private static readonly string[] RebuiltTables =
    [
        "statuses", "asset_types", "domain_types", "attribute_types", "relation_types", "roles", "communities", "domains", "assets",
        "attributes", "relations", "tags", "responsibilities", "sync_ids", "sync_resources",
    ];

    // A version 1/2 UUID (TEXT, "D" format) as a version 3 one (16 bytes, RFC order): the same bytes as Sql.Id.
    private static string U(string column) => $"unhex(replace({column}, '-', ''))";

    /// <summary>
    /// Rebuilds a version 1 or 2 file as version 3, in the caller's transaction (foreign keys off: the new tables are
    /// filled parents first, but the old ones are dropped under them). The new tables are built beside the old ones
    /// (<c>v3_</c> names), the old ones dropped, the new ones renamed (which rewrites their foreign keys to the final
    /// names), then the indexes are built once over the full tables. Cached hashes carry over: version 3 keeps the first
    /// half of the same SHA-256, so an unchanged re-sync after the upgrade still skips.
    /// </summary>
    public static string Upgrade()
    {
        var v3 = Tables;
        foreach (var table in RebuiltTables)
        {
            v3 = v3.Replace($"CREATE TABLE {table}(", $"CREATE TABLE v3_{table}(", StringComparison.Ordinal)
                .Replace($"REFERENCES {table}(", $"REFERENCES v3_{table}(", StringComparison.Ordinal);
        }

        var copy = $"""
            INSERT INTO v3_statuses(id, name, description) SELECT {U("id")}, name, description FROM statuses ORDER BY name;
            INSERT INTO v3_asset_types(id, name, public_id, parent_pk, default_status_pk, description)
                SELECT {U("t.id")}, t.name, t.public_id, NULL, s.pk, t.description FROM asset_types t JOIN v3_statuses s ON s.id = {U("t.default_status_id")} ORDER BY t.name;
            UPDATE v3_asset_types SET parent_pk = (SELECT p.pk FROM asset_types o JOIN v3_asset_types p ON p.id = {U("o.parent_id")} WHERE {U("o.id")} = v3_asset_types.id);
            INSERT INTO v3_domain_types(id, name, description) SELECT {U("id")}, name, description FROM domain_types ORDER BY name;
            INSERT INTO v3_attribute_types(id, name, kind, description) SELECT {U("id")}, name, kind, description FROM attribute_types ORDER BY name;
            INSERT INTO v3_relation_types(id, source_type_pk, role, co_role, target_type_pk, description)
                SELECT {U("r.id")}, s.pk, r.role, r.co_role, t.pk, r.description FROM relation_types r
                JOIN v3_asset_types s ON s.id = {U("r.source_type_id")} JOIN v3_asset_types t ON t.id = {U("r.target_type_id")} ORDER BY r.id;
            INSERT INTO v3_roles(id, name) SELECT {U("id")}, name FROM roles ORDER BY name;

            INSERT INTO v3_communities(id, name, description, parent_pk, created_on, last_modified_on)
                SELECT {U("id")}, name, description, NULL, created_on, last_modified_on FROM communities ORDER BY rowid;
            UPDATE v3_communities SET parent_pk = (SELECT p.pk FROM communities o JOIN v3_communities p ON p.id = {U("o.parent_id")} WHERE {U("o.id")} = v3_communities.id);
            INSERT INTO v3_domains(id, name, description, community_pk, type_pk, created_on, last_modified_on)
                SELECT {U("d.id")}, d.name, d.description, c.pk, t.pk, d.created_on, d.last_modified_on FROM domains d
                JOIN v3_communities c ON c.id = {U("d.community_id")} JOIN v3_domain_types t ON t.id = {U("d.type_id")} ORDER BY d.rowid;
            INSERT INTO v3_assets(id, name, display_name, domain_pk, type_pk, status_pk, created_on, last_modified_on)
                SELECT {U("a.id")}, a.name, a.display_name, d.pk, t.pk, s.pk, a.created_on, a.last_modified_on FROM assets a
                JOIN v3_domains d ON d.id = {U("a.domain_id")} JOIN v3_asset_types t ON t.id = {U("a.type_id")} JOIN v3_statuses s ON s.id = {U("a.status_id")}
                ORDER BY a.rowid;
            INSERT INTO v3_attributes(id, asset_pk, type_pk, position, value, created_on, last_modified_on)
                SELECT {U("x.id")}, a.pk, t.pk, x.position, x.value, x.created_on, x.last_modified_on FROM attributes x
                JOIN v3_assets a ON a.id = {U("x.asset_id")} JOIN v3_attribute_types t ON t.id = {U("x.type_id")} ORDER BY a.pk, t.pk, x.position;
            INSERT INTO v3_relations(id, type_pk, source_pk, target_pk, created_on)
                SELECT {U("x.id")}, t.pk, s.pk, g.pk, x.created_on FROM relations x JOIN v3_relation_types t ON t.id = {U("x.type_id")}
                JOIN v3_assets s ON s.id = {U("x.source_id")} JOIN v3_assets g ON g.id = {U("x.target_id")} ORDER BY x.rowid;
            INSERT INTO v3_tags(asset_pk, name) SELECT a.pk, g.name FROM tags g JOIN v3_assets a ON a.id = {U("g.asset_id")};
            INSERT INTO v3_responsibilities(resource_id, position, role, owner_kind, owner_key)
                SELECT {U("resource_id")}, position, role, owner_kind, owner_key FROM responsibilities;

            INSERT INTO v3_sync_ids(sync_id, cycle, created_on, last_finalized_on) SELECT sync_id, cycle, created_on, last_finalized_on FROM sync_ids ORDER BY sync_id;
            INSERT INTO v3_sync_resources(sync_pk, kind, resource_pk, hash, last_seen_cycle, retired_status_pk)
                SELECT sync_pk, kind, resource_pk, hash, last_seen_cycle, retired_status_pk FROM (
                    SELECT s.pk AS sync_pk, CASE r.kind WHEN 'Community' THEN 0 WHEN 'Domain' THEN 1 ELSE 2 END AS kind,
                        CASE r.kind
                            WHEN 'Community' THEN (SELECT pk FROM v3_communities WHERE id = {U("r.resource_id")})
                            WHEN 'Domain' THEN (SELECT pk FROM v3_domains WHERE id = {U("r.resource_id")})
                            ELSE (SELECT pk FROM v3_assets WHERE id = {U("r.resource_id")}) END AS resource_pk,
                        unhex(substr(r.hash, 1, 32)) AS hash, r.last_seen_cycle,
                        (SELECT pk FROM v3_statuses WHERE id = {U("r.retired_status_id")}) AS retired_status_pk
                    FROM sync_resources r JOIN v3_sync_ids s ON s.sync_id = r.sync_id)
                WHERE resource_pk IS NOT NULL ORDER BY sync_pk, kind, resource_pk;

            """;
        var drop = string.Concat(RebuiltTables.Reverse().Select(t => $"DROP TABLE {t};\n"));
        var rename = string.Concat(RebuiltTables.Select(t => $"ALTER TABLE v3_{t} RENAME TO {t};\n"));
        return v3 + "\n" + copy + drop + rename + Indexes
            + $"\nUPDATE meta SET value = '{Version.ToString(CultureInfo.InvariantCulture)}' WHERE key = 'schema_version';";
    }
}
