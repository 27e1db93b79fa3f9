using System.Globalization;
using CatalogSync.Catalog.Jobs;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Storage.Sqlite;

/// <summary>A job that was accepted and has not finished: what to run, in which order.</summary>
internal sealed record PendingJob(long Sequence, JobRequest Request, long CreatedOn);

/// <summary>A cycle lease: who holds a synchronization id, and until when (Unix milliseconds).</summary>
internal sealed record LeaseRow(string SyncId, string Owner, long TakenOn, long ExpiresOn);

/// <summary>
/// The job journal: every accepted job until it has finished, and the cycle leases, in a second SQLite file next
/// to the catalog (<c>{catalog}.queue</c>). It is a file of its own because SQLite has one writer per file and a
/// running job holds the catalog's writer for its whole transaction: accepting a job must not wait for the jobs
/// before it. Commits are durable (<c>synchronous = FULL</c>): a job is journaled before it is answered.
/// </summary>
internal sealed class SqliteJobJournal : IDisposable
{
    private const int Version = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS pending_jobs(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
            name TEXT NOT NULL, sync_id TEXT, owner TEXT, input_path TEXT, created_on INTEGER NOT NULL,
            simulation INTEGER NOT NULL, continue_on_error INTEGER NOT NULL, send_notification INTEGER NOT NULL, relations_action TEXT,
            fin_strategy TEXT, fin_status_id TEXT, fin_simulation INTEGER);
        CREATE INDEX IF NOT EXISTS pending_jobs_sync ON pending_jobs(sync_id, owner);
        CREATE TABLE IF NOT EXISTS cycle_leases(sync_id TEXT PRIMARY KEY, owner TEXT NOT NULL, taken_on INTEGER NOT NULL, expires_on INTEGER NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public SqliteJobJournal(string path)
    {
        _connectionString = SqliteCatalogStore.ConnectionString(path);
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = Schema + "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '" + Version.ToString(CultureInfo.InvariantCulture) + "');";
            create.ExecuteNonQuery();
        }

        using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
            var version = (string)check.ExecuteScalar()!;
            if (int.Parse(version, CultureInfo.InvariantCulture) != Version)
            {
                throw new InvalidOperationException($"The job journal {path} has schema version {version}; this CatalogSync reads version {Version}.");
            }
        }

        transaction.Commit();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 120000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Starts a write transaction; journal writers take turns.</summary>
    public JournalTransaction Begin()
    {
        _lock.Wait();
        try
        {
            return new JournalTransaction(Open(), () => _lock.Release());
        }
        catch
        {
            _lock.Release();
            throw;
        }
    }

    /// <summary>Every pending job (or the one with <paramref name="jobId"/>), in the order they were accepted.</summary>
    public IReadOnlyList<PendingJob> LoadPending(Guid? jobId = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, id, kind, name, sync_id, owner, input_path, created_on, simulation, continue_on_error, send_notification,
                   relations_action, fin_strategy, fin_status_id, fin_simulation
            FROM pending_jobs WHERE $id IS NULL OR id = $id ORDER BY seq
            """;
        command.Parameters.AddWithValue("$id", jobId is { } id ? Sql.Id(id) : DBNull.Value);
        using var reader = command.ExecuteReader();
        var result = new List<PendingJob>();
        while (reader.Read())
        {
            var owner = Sql.String(reader, 5);
            var import = new ImportJobOptions
            {
                Simulation = reader.GetInt64(8) != 0,
                ContinueOnError = reader.GetInt64(9) != 0,
                SendNotification = reader.GetInt64(10) != 0,
                RelationsAction = Sql.String(reader, 11) is { } action ? Enum.Parse<RelationsAction>(action) : null,
                CycleOwner = owner,
            };
            FinalizationOptions? finalization = Sql.String(reader, 12) is { } strategy
                ? new FinalizationOptions
                {
                    Strategy = Enum.Parse<FinalizationStrategy>(strategy),
                    MissingAssetStatusId = Sql.NullableGuid(reader, 13),
                    Simulation = reader.GetInt64(14) != 0,
                    CycleOwner = owner,
                }
                : null;
            var request = new JobRequest(Sql.Guid(reader, 1), Enum.Parse<JobKind>(reader.GetString(2)), reader.GetString(3), Sql.String(reader, 4),
                Sql.String(reader, 6), import, finalization);
            result.Add(new PendingJob(reader.GetInt64(0), request, reader.GetInt64(7)));
        }

        return result;
    }

    /// <summary>The lease on <paramref name="syncId"/>, live or expired, or <see langword="null"/>.</summary>
    public LeaseRow? GetLease(string syncId)
    {
        using var connection = Open();
        return JournalTransaction.ReadLease(connection, null, syncId);
    }

    /// <summary>Whether a pending job of <paramref name="owner"/> on <paramref name="syncId"/> is in the journal.</summary>
    public bool HasPending(string syncId, string owner)
    {
        using var connection = Open();
        return JournalTransaction.ReadHasPending(connection, null, syncId, owner, 0);
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>One write transaction of the journal; nothing is kept unless <see cref="Commit"/> is called.</summary>
internal sealed class JournalTransaction : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Action _onDispose;

    public JournalTransaction(SqliteConnection connection, Action onDispose)
    {
        _connection = connection;
        _onDispose = onDispose;
        _transaction = connection.BeginTransaction(deferred: false);
    }

    public void Commit() => _transaction.Commit();

    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
        _onDispose();
    }

    public LeaseRow? GetLease(string syncId) => ReadLease(_connection, _transaction, syncId);

    /// <summary>Whether <paramref name="owner"/> has a pending job on <paramref name="syncId"/> accepted after <paramref name="afterSequence"/>.</summary>
    public bool HasPending(string syncId, string owner, long afterSequence = 0) => ReadHasPending(_connection, _transaction, syncId, owner, afterSequence);

    public void PutLease(LeaseRow lease) => Execute(
        """
        INSERT INTO cycle_leases(sync_id, owner, taken_on, expires_on) VALUES ($s, $o, $t, $e)
        ON CONFLICT(sync_id) DO UPDATE SET owner = excluded.owner, taken_on = excluded.taken_on, expires_on = excluded.expires_on
        """,
        ("$s", lease.SyncId), ("$o", lease.Owner), ("$t", lease.TakenOn), ("$e", lease.ExpiresOn));

    public void DeleteLease(string syncId) => Execute("DELETE FROM cycle_leases WHERE sync_id = $s", ("$s", syncId));

    /// <summary>Renews every live lease of <paramref name="owner"/> to at least <paramref name="expiresOn"/>.</summary>
    public void RenewLeasesOf(string owner, long now, long expiresOn) => Execute(
        "UPDATE cycle_leases SET expires_on = $e WHERE owner = $o AND expires_on > $now AND expires_on < $e",
        ("$o", owner), ("$now", now), ("$e", expiresOn));

    /// <summary>Journals an accepted job; returns its sequence number (the order jobs run in).</summary>
    public long Insert(JobRequest request, long createdOn)
    {
        var f = request.Finalization;
        Execute(
            """
            INSERT INTO pending_jobs(id, kind, name, sync_id, owner, input_path, created_on, simulation, continue_on_error, send_notification,
                relations_action, fin_strategy, fin_status_id, fin_simulation)
            VALUES ($id, $k, $n, $s, $o, $p, $c, $sim, $coe, $sn, $ra, $fs, $fst, $fsim)
            """,
            ("$id", Sql.Id(request.Id)), ("$k", request.Kind.ToString()), ("$n", request.Name), ("$s", request.SynchronizationId), ("$o", request.Owner),
            ("$p", request.InputPath), ("$c", createdOn), ("$sim", request.Import.Simulation ? 1 : 0), ("$coe", request.Import.ContinueOnError ? 1 : 0),
            ("$sn", request.Import.SendNotification ? 1 : 0), ("$ra", request.Import.RelationsAction?.ToString()),
            ("$fs", f?.Strategy.ToString()), ("$fst", f?.MissingAssetStatusId is { } status ? Sql.Id(status) : null), ("$fsim", f is null ? null : f.Simulation ? 1 : 0));
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = "SELECT last_insert_rowid()";
        return (long)command.ExecuteScalar()!;
    }

    public void Delete(Guid jobId) => Execute("DELETE FROM pending_jobs WHERE id = $id", ("$id", Sql.Id(jobId)));

    internal static LeaseRow? ReadLease(SqliteConnection connection, SqliteTransaction? transaction, string syncId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT owner, taken_on, expires_on FROM cycle_leases WHERE sync_id = $s";
        command.Parameters.AddWithValue("$s", syncId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LeaseRow(syncId, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    internal static bool ReadHasPending(SqliteConnection connection, SqliteTransaction? transaction, string syncId, string owner, long afterSequence)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM pending_jobs WHERE sync_id = $s AND owner = $o AND seq > $q LIMIT 1";
        command.Parameters.AddWithValue("$s", syncId);
        command.Parameters.AddWithValue("$o", owner);
        command.Parameters.AddWithValue("$q", afterSequence);
        return command.ExecuteScalar() is not null;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
