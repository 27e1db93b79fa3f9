namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>The SQLite schema. Ids are TEXT UUIDs (lower-case, "D" format); times are Unix milliseconds.</summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    /// <summary>
    /// What version 2 adds to version 1: indexes only (no table changes), so a version 1 file is upgraded in place
    /// when it is opened. <c>IF NOT EXISTS</c> makes the upgrade safe to run again after a crash in the middle.
    /// </summary>
    public const string Indexes = """
        -- Finalize reads what is missing, not everything the id owns: cost proportional to what disappeared.
        CREATE INDEX IF NOT EXISTS sync_resources_cycle ON sync_resources(sync_id, kind, last_seen_cycle);
        -- GET /assets pages in Collibra's order without sorting (and skips an offset in the index alone, covering).
        CREATE INDEX IF NOT EXISTS assets_order ON assets(name COLLATE NOCASE, name, id);
        -- EXACT name look-ups match the name or the display name.
        CREATE INDEX IF NOT EXISTS assets_display_name ON assets(display_name);
        """;

    public const string Create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE statuses(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);
        CREATE TABLE asset_types(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, public_id TEXT, parent_id TEXT REFERENCES asset_types(id),
            default_status_id TEXT NOT NULL REFERENCES statuses(id), description TEXT);
        CREATE TABLE domain_types(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT);
        CREATE TABLE attribute_types(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, description TEXT);
        CREATE TABLE relation_types(id TEXT PRIMARY KEY, source_type_id TEXT NOT NULL REFERENCES asset_types(id), role TEXT NOT NULL,
            co_role TEXT NOT NULL, target_type_id TEXT NOT NULL REFERENCES asset_types(id), description TEXT);
        CREATE TABLE roles(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);

        CREATE TABLE communities(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT, parent_id TEXT REFERENCES communities(id),
            created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL);
        CREATE TABLE domains(id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT,
            community_id TEXT NOT NULL REFERENCES communities(id), type_id TEXT NOT NULL REFERENCES domain_types(id),
            created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL, UNIQUE(community_id, name));
        CREATE TABLE assets(id TEXT PRIMARY KEY, name TEXT NOT NULL, display_name TEXT,
            domain_id TEXT NOT NULL REFERENCES domains(id), type_id TEXT NOT NULL REFERENCES asset_types(id),
            status_id TEXT NOT NULL REFERENCES statuses(id), created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL,
            UNIQUE(domain_id, name));
        CREATE INDEX assets_name ON assets(name);
        CREATE TABLE attributes(id TEXT PRIMARY KEY, asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
            type_id TEXT NOT NULL REFERENCES attribute_types(id), position INTEGER NOT NULL, value TEXT,
            created_on INTEGER NOT NULL, last_modified_on INTEGER NOT NULL);
        CREATE INDEX attributes_asset ON attributes(asset_id, type_id, position);
        CREATE TABLE relations(id TEXT PRIMARY KEY, type_id TEXT NOT NULL REFERENCES relation_types(id),
            source_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE, target_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
            created_on INTEGER NOT NULL, UNIQUE(source_id, type_id, target_id));
        CREATE INDEX relations_target ON relations(target_id, type_id);
        CREATE TABLE tags(asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE, name TEXT NOT NULL, PRIMARY KEY(asset_id, name));
        CREATE INDEX tags_name ON tags(name);
        CREATE TABLE responsibilities(resource_id TEXT NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL, owner_kind TEXT NOT NULL,
            owner_key TEXT NOT NULL, PRIMARY KEY(resource_id, position));

        CREATE TABLE sync_ids(sync_id TEXT PRIMARY KEY, cycle INTEGER NOT NULL, created_on INTEGER NOT NULL, last_finalized_on INTEGER);
        CREATE TABLE sync_resources(sync_id TEXT NOT NULL REFERENCES sync_ids(sync_id) ON DELETE CASCADE, kind TEXT NOT NULL,
            resource_id TEXT NOT NULL, hash TEXT NOT NULL, last_seen_cycle INTEGER NOT NULL, retired_status_id TEXT,
            PRIMARY KEY(sync_id, kind, resource_id));
        CREATE INDEX sync_resources_resource ON sync_resources(resource_id);

        -- An asset whose relation goes away with a deleted asset must be written again when it is next
        -- sent, even unchanged: forget its cached hash (before the delete, while the relations are there).
        CREATE TRIGGER assets_deleting BEFORE DELETE ON assets BEGIN
            UPDATE sync_resources SET hash = '' WHERE kind = 'Asset' AND resource_id IN
                (SELECT source_id FROM relations WHERE target_id = OLD.id UNION SELECT target_id FROM relations WHERE source_id = OLD.id);
        END;

        -- What goes with a resource when it is deleted: its responsibilities and its ownership.
        CREATE TRIGGER assets_deleted AFTER DELETE ON assets BEGIN
            DELETE FROM responsibilities WHERE resource_id = OLD.id;
            DELETE FROM sync_resources WHERE resource_id = OLD.id;
        END;
        CREATE TRIGGER domains_deleted AFTER DELETE ON domains BEGIN
            DELETE FROM responsibilities WHERE resource_id = OLD.id;
            DELETE FROM sync_resources WHERE resource_id = OLD.id;
        END;
        CREATE TRIGGER communities_deleted AFTER DELETE ON communities BEGIN
            DELETE FROM responsibilities WHERE resource_id = OLD.id;
            DELETE FROM sync_resources WHERE resource_id = OLD.id;
        END;

        CREATE TABLE jobs(id TEXT PRIMARY KEY, kind TEXT NOT NULL, sync_id TEXT, state TEXT NOT NULL, created_on INTEGER NOT NULL,
            job_json TEXT NOT NULL, summary_json TEXT);
        CREATE TABLE job_errors(job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, seq INTEGER NOT NULL, error_json TEXT NOT NULL,
            PRIMARY KEY(job_id, seq));
        """ + Indexes;
}
