using System.Globalization;
using CatalogSync.Catalog.Metamodel;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>The catalog in one SQLite file (WAL mode). One writer at a time; readers never block it.</summary>
public sealed class SqliteCatalogStore : ICatalogStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _pragmas;
    private readonly string _writerPragmas;
    private readonly string _readerPragmas;

    // One connection writes, for the store's whole life (under _writeLock): its page cache stays warm from one job to
    // the next, and only it ever grows to the writer's size. With pooled connections taking turns, each one that had
    // written once kept its cache's memory (the C allocator does not give it back), several times the bound.
    private SqliteConnection? _writer;

    // Counts this store's commits: what the readers cache about the whole catalog (SqliteCatalogReader's asset order
    // index) is valid while it stays the same. The store is the file's only writer (one process serves a catalog).
    private long _writeVersion;

    internal long WriteVersion => Interlocked.Read(ref _writeVersion);

    /// <summary>Opens (or will create) the catalog at <paramref name="databasePath"/>, with durable commits.</summary>
    public SqliteCatalogStore(string databasePath)
        : this(databasePath, durableCommits: true)
    {
    }

    /// <summary>Opens (or will create) the catalog at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="durableCommits">
    /// <see langword="true"/>: <c>PRAGMA synchronous = FULL</c>, a commit is on disk (the WAL fsynced) before it
    /// returns, so it survives a power loss; <see langword="false"/>: <c>NORMAL</c>, a power loss may undo the last
    /// commits (a crash of the process does not).
    /// </param>
    public SqliteCatalogStore(string databasePath, bool durableCommits)
        : this(databasePath, durableCommits, EmbeddedCatalogOptions.DefaultPageCacheSize)
    {
    }

    /// <summary>Opens (or will create) the catalog at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="durableCommits">See <see cref="SqliteCatalogStore(string, bool)"/>.</param>
    /// <param name="pageCacheSize">The page cache of the writing connection, in bytes (<see cref="EmbeddedCatalogOptions.PageCacheSize"/>); readers get a 32nd.</param>
    public SqliteCatalogStore(string databasePath, bool durableCommits, long pageCacheSize)
    {
        // temp_store = MEMORY: the statement journals of savepoints and the sorter's spill stay in memory instead of
        // temp files (a savepoint per command wrote 127 KB per asset to a temp file).
        _pragmas = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {(durableCommits ? "FULL" : "NORMAL")}; PRAGMA busy_timeout = 120000; PRAGMA temp_store = MEMORY;";
        // A negative cache_size is in KiB. Pooled connections keep their cache, so each open sets it again.
        var kib = Math.Max(2048, pageCacheSize / 1024);
        _writerPragmas = $"PRAGMA cache_size = -{kib.ToString(CultureInfo.InvariantCulture)};";
        // Readers are many (one pooled connection per concurrent request) and read narrow index ranges: a 32nd each
        // keeps the server's memory bounded, and the operating system's file cache serves them the rest.
        _readerPragmas = $"PRAGMA cache_size = -{Math.Max(2048, kib / 32).ToString(CultureInfo.InvariantCulture)};";
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = ConnectionString(databasePath);
        Reader = new SqliteCatalogReader(this);
    }

    /// <inheritdoc/>
    public ICatalogReader Reader { get; }

    /// <summary>How the catalog's files (the catalog and its job journal) are opened: pooled, private cache, a long busy wait.</summary>
    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 120,
    }.ToString();

    internal SqliteConnection OpenConnection(bool write = false)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _pragmas + (write ? _writerPragmas : _readerPragmas);
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(OotbSeed seed, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = OpenConnection();
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            using (var check = connection.CreateCommand())
            {
                check.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
                try
                {
                    var version = check.ExecuteScalar() as string;
                    if (version is not null)
                    {
                        var found = int.Parse(version, CultureInfo.InvariantCulture);
                        if (found is 1 or 2)
                        {
                            Upgrade(connection);
                        }
                        else if (found != SqliteSchema.Version)
                        {
                            throw new InvalidOperationException($"The catalog file has schema version {version}; this CatalogSync reads version {SqliteSchema.Version} (and upgrades versions 1 and 2 in place). Open it with the CatalogSync that wrote it.");
                        }

                        Keys = MetamodelKeys.Load(connection);
                        return;
                    }
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
                {
                    // "no such table": a new file.
                }
            }

            using var transaction = connection.BeginTransaction();
            Execute(connection, SqliteSchema.Create);
            Execute(connection, "INSERT INTO meta(key, value) VALUES ('schema_version', $v)", ("$v", SqliteSchema.Version.ToString(CultureInfo.InvariantCulture)));
            var m = seed.Metamodel;
            foreach (var s in m.Statuses)
            {
                Execute(connection, "INSERT INTO statuses(id, name, description) VALUES ($id, $name, $d)", ("$id", Sql.Uuid(s.Id)), ("$name", s.Name), ("$d", s.Description));
            }

            foreach (var t in m.AssetTypes)
            {
                Execute(connection, "INSERT INTO asset_types(id, name, public_id, parent_pk, default_status_pk, description) VALUES ($id, $name, $p, NULL, (SELECT pk FROM statuses WHERE id = $s), $d)",
                    ("$id", Sql.Uuid(t.Id)), ("$name", t.Name), ("$p", t.PublicId), ("$s", Sql.Uuid(t.DefaultStatusId)), ("$d", t.Description));
            }

            foreach (var t in m.AssetTypes.Where(t => t.ParentId is not null))
            {
                Execute(connection, "UPDATE asset_types SET parent_pk = (SELECT pk FROM asset_types WHERE id = $p) WHERE id = $id", ("$id", Sql.Uuid(t.Id)), ("$p", Sql.Uuid(t.ParentId!.Value)));
            }

            foreach (var t in m.DomainTypes)
            {
                Execute(connection, "INSERT INTO domain_types(id, name, description) VALUES ($id, $name, $d)", ("$id", Sql.Uuid(t.Id)), ("$name", t.Name), ("$d", t.Description));
            }

            foreach (var t in m.AttributeTypes)
            {
                Execute(connection, "INSERT INTO attribute_types(id, name, kind, description) VALUES ($id, $name, $k, $d)",
                    ("$id", Sql.Uuid(t.Id)), ("$name", t.Name), ("$k", t.Kind.ToString()), ("$d", t.Description));
            }

            foreach (var t in m.RelationTypes)
            {
                Execute(connection, "INSERT INTO relation_types(id, source_type_pk, role, co_role, target_type_pk, description) VALUES ($id, (SELECT pk FROM asset_types WHERE id = $s), $r, $c, (SELECT pk FROM asset_types WHERE id = $t), $d)",
                    ("$id", Sql.Uuid(t.Id)), ("$s", Sql.Uuid(t.SourceTypeId)), ("$r", t.Role), ("$c", t.CoRole), ("$t", Sql.Uuid(t.TargetTypeId)), ("$d", t.Description));
            }

            foreach (var r in m.Roles)
            {
                Execute(connection, "INSERT INTO roles(id, name) VALUES ($id, $name)", ("$id", Sql.Uuid(r.Id)), ("$name", r.Name));
            }

            foreach (var (id, name) in seed.Communities)
            {
                Execute(connection, "INSERT INTO communities(id, name, description, parent_pk, created_on, last_modified_on) VALUES ($id, $name, NULL, NULL, $now, $now)",
                    ("$id", Sql.Uuid(id)), ("$name", name), ("$now", now));
            }

            transaction.Commit();
            Keys = MetamodelKeys.Load(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The integer keys of the metamodel's rows (read once: the metamodel does not change after the seed).</summary>
    internal MetamodelKeys Keys { get; private set; } = MetamodelKeys.Empty;

    // Versions 1 and 2 had TEXT UUID keys: rebuild every table in one transaction (a crash in the middle leaves the old
    // file as it was). Foreign keys are off meanwhile (the old tables are dropped under the new ones), and checked after.
    private static void Upgrade(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA foreign_keys = OFF;");
        try
        {
            using var upgrade = connection.BeginTransaction();
            Execute(connection, SqliteSchema.Upgrade());
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA foreign_key_check;";
                using var reader = check.ExecuteReader();
                if (reader.Read())
                {
                    throw new InvalidOperationException($"The upgrade of the catalog file to schema version {SqliteSchema.Version} found a row of {reader.GetString(0)} whose reference has no row; the file was left as it was.");
                }
            }

            upgrade.Commit();
        }
        finally
        {
            Execute(connection, "PRAGMA foreign_keys = ON;");
        }
    }

    /// <inheritdoc/>
    public Task<MetamodelData> LoadMetamodelAsync(CancellationToken cancellationToken)
    {
        using var connection = OpenConnection();
        var statuses = Sql.Query(connection, "SELECT id, name, description FROM statuses ORDER BY name", r => new StatusInfo(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2)));
        var assetTypes = Sql.Query(connection, "SELECT t.id, t.name, t.public_id, p.id, s.id, t.description FROM asset_types t LEFT JOIN asset_types p ON p.pk = t.parent_pk JOIN statuses s ON s.pk = t.default_status_pk ORDER BY t.name",
            r => new AssetTypeInfo(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2), Sql.ReadNullableUuid(r, 3), Sql.ReadUuid(r, 4), Sql.String(r, 5)));
        var domainTypes = Sql.Query(connection, "SELECT id, name, description FROM domain_types ORDER BY name", r => new DomainTypeInfo(Sql.ReadUuid(r, 0), r.GetString(1), Sql.String(r, 2)));
        var attributeTypes = Sql.Query(connection, "SELECT id, name, kind, description FROM attribute_types ORDER BY name",
            r => new AttributeTypeInfo(Sql.ReadUuid(r, 0), r.GetString(1), Enum.Parse<AttributeKind>(r.GetString(2)), Sql.String(r, 3)));
        var relationTypes = Sql.Query(connection, "SELECT x.id, s.id, x.role, x.co_role, t.id, x.description FROM relation_types x JOIN asset_types s ON s.pk = x.source_type_pk JOIN asset_types t ON t.pk = x.target_type_pk ORDER BY x.id",
            r => new RelationTypeInfo(Sql.ReadUuid(r, 0), Sql.ReadUuid(r, 1), r.GetString(2), r.GetString(3), Sql.ReadUuid(r, 4), Sql.String(r, 5)));
        var roles = Sql.Query(connection, "SELECT id, name FROM roles ORDER BY name", r => new RoleInfo(Sql.ReadUuid(r, 0), r.GetString(1)));
        return Task.FromResult(new MetamodelData(statuses, assetTypes, domainTypes, attributeTypes, relationTypes, roles));
    }

    /// <inheritdoc/>
    public async Task<ICatalogSession> OpenSessionAsync(bool write, CancellationToken cancellationToken)
    {
        if (write)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (!write)
            {
                return new SqliteCatalogSession(OpenConnection(), Keys, write: false, onDispose: null);
            }

            _writer ??= OpenConnection(write: true);
            return new SqliteCatalogSession(_writer, Keys, write: true, () => _writeLock.Release(), ownsConnection: false, onCommit: () => Interlocked.Increment(ref _writeVersion));
        }
        catch
        {
            if (write)
            {
                _writeLock.Release();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        _writer = null;
        SqliteConnection.ClearAllPools();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>Small helpers for binding and reading SQLite values.</summary>
internal static class Sql
{
    public static string Id(Guid id) => id.ToString("D");

    public static Guid Guid(SqliteDataReader reader, int ordinal) => System.Guid.Parse(reader.GetString(ordinal));

    /// <summary>A UUID as the catalog's tables store it (schema version 3): 16 bytes in RFC 4122 (big-endian) order, so
    /// that comparing the bytes orders UUIDs as their text does.</summary>
    public static byte[] Uuid(Guid id) => id.ToByteArray(bigEndian: true);

    public static Guid ReadUuid(SqliteDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal) is { Length: 16 } bytes
        ? new Guid(bytes, bigEndian: true)
        : throw new InvalidOperationException($"Column {reader.GetName(ordinal)} does not hold a 16-byte UUID.");

    public static Guid? ReadNullableUuid(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadUuid(reader, ordinal);

    public static Guid? NullableGuid(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : System.Guid.Parse(reader.GetString(ordinal));

    public static string? String(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableLong(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(map(reader));
        }

        return result;
    }
}

/// <summary>
/// The integer keys (<c>pk</c>) of the metamodel's rows and back: the resource tables refer to types and statuses by
/// them, and the sessions translate without a look-up per row.
/// </summary>
internal sealed class MetamodelKeys
{
    public static readonly MetamodelKeys Empty = new();

    public KeyMap Statuses { get; } = new();
    public KeyMap AssetTypes { get; } = new();
    public KeyMap DomainTypes { get; } = new();
    public KeyMap AttributeTypes { get; } = new();
    public KeyMap RelationTypes { get; } = new();

    public static MetamodelKeys Load(SqliteConnection connection)
    {
        var keys = new MetamodelKeys();
        foreach (var (table, map) in new[] { ("statuses", keys.Statuses), ("asset_types", keys.AssetTypes), ("domain_types", keys.DomainTypes), ("attribute_types", keys.AttributeTypes), ("relation_types", keys.RelationTypes) })
        {
            foreach (var (pk, id) in Sql.Query(connection, $"SELECT pk, id FROM {table}", r => (r.GetInt64(0), Sql.ReadUuid(r, 1))))
            {
                map.Add(pk, id);
            }
        }

        return keys;
    }
}

/// <summary>One table's UUIDs and integer keys, both ways.</summary>
internal sealed class KeyMap
{
    private readonly Dictionary<Guid, long> _pks = [];
    private readonly Dictionary<long, Guid> _ids = [];

    public void Add(long pk, Guid id)
    {
        _pks[id] = pk;
        _ids[pk] = id;
    }

    /// <summary>The key of a UUID; an unknown one gets -1, which matches no row (and fails a foreign key).</summary>
    public long Pk(Guid id) => _pks.TryGetValue(id, out var pk) ? pk : -1;

    public long? Pk(Guid? id) => id is { } value ? Pk(value) : null;

    public Guid Id(long pk) => _ids.TryGetValue(pk, out var id) ? id : throw new InvalidOperationException($"No metamodel row has key {pk}.");

    public Guid? Id(long? pk) => pk is { } value ? Id(value) : null;
}
