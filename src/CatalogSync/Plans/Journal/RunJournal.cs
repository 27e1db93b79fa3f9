using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Plans.Journal;

/// <summary>
/// The client's own record of its runs, in a small SQLite file, so that a run after a crash knows what the crashed
/// one left behind: which synchronization IDs have a cycle open (batches sent, not finalized), the content hash and
/// job of each batch sent in it, and each finalization (sent or not, its job, confirmed or not). Every record is
/// committed at once (WAL, <c>synchronous=FULL</c>): what the journal says was sent, was sent at most that far.
/// </summary>
/// <remarks>
/// A cycle is keyed by the catalog it runs against and its synchronization ID: one journal may serve several
/// catalogs (a test and a production instance) without mixing them.
/// </remarks>
internal sealed class RunJournal : IDisposable
{
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    private RunJournal(SqliteConnection connection) => _connection = connection;

    /// <summary>The default journal: <c>CatalogSync/runs.db</c> under the user's local application data folder.</summary>
    public static string DefaultPath { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } folder ? folder : Path.GetTempPath(),
        "CatalogSync",
        "runs.db");

    /// <summary>Opens the journal at <paramref name="path"/>, creating it (and its folder) if needed.</summary>
    public static RunJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY AUTOINCREMENT, plan TEXT NOT NULL, catalog TEXT NOT NULL,
                    owner TEXT NOT NULL, started_on INTEGER NOT NULL, ended_on INTEGER, outcome TEXT);
                CREATE TABLE IF NOT EXISTS cycles(catalog TEXT NOT NULL, sync_id TEXT NOT NULL, run_id INTEGER NOT NULL,
                    state TEXT NOT NULL, finalization_kind TEXT, finalization_job_id TEXT, updated_on INTEGER NOT NULL,
                    PRIMARY KEY(catalog, sync_id));
                CREATE TABLE IF NOT EXISTS cycle_batches(catalog TEXT NOT NULL, sync_id TEXT NOT NULL, number INTEGER NOT NULL,
                    content_hash TEXT NOT NULL, job_id TEXT, succeeded INTEGER NOT NULL, PRIMARY KEY(catalog, sync_id, number));
                CREATE TABLE IF NOT EXISTS scope_changes(catalog TEXT NOT NULL, sync_id TEXT NOT NULL, kind TEXT NOT NULL,
                    run_id INTEGER NOT NULL, done_on INTEGER NOT NULL, PRIMARY KEY(catalog, sync_id));
                """);
            using var version = connection.CreateCommand();
            version.CommandText = "INSERT INTO meta(key, value) VALUES('schema', $v) ON CONFLICT(key) DO NOTHING; SELECT value FROM meta WHERE key = 'schema';";
            version.Parameters.AddWithValue("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture));
            if (Convert.ToString(version.ExecuteScalar(), CultureInfo.InvariantCulture) != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"The run journal '{path}' was written by another version of CatalogSync: move it away or set SyncRunOptions.JournalPath to another file.");
            }

            return new RunJournal(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Records the start of a run and returns its id.</summary>
    public long BeginRun(string plan, string catalog, string owner, DateTimeOffset now)
    {
        using var command = Command("INSERT INTO runs(plan, catalog, owner, started_on) VALUES($plan, $catalog, $owner, $now) RETURNING id;",
            ("$plan", plan), ("$catalog", catalog), ("$owner", owner), ("$now", now.ToUnixTimeMilliseconds()));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Records how a run ended.</summary>
    public void EndRun(long runId, string outcome, DateTimeOffset now) =>
        Run("UPDATE runs SET ended_on = $now, outcome = $outcome WHERE id = $id;", ("$now", now.ToUnixTimeMilliseconds()), ("$outcome", outcome), ("$id", runId));

    /// <summary>The cycle of <paramref name="syncId"/> that an earlier run left open or finalizing, with its batches; <see langword="null"/> when there is none.</summary>
    public JournalCycle? FindUnfinishedCycle(string catalog, string syncId)
    {
        return FindCycle(catalog, syncId, "c.state <> 'closed'");
    }

    /// <summary>
    /// The cycle of <paramref name="syncId"/> that a real finalization (not a <c>close</c>) closed in a run that did not
    /// succeed (it crashed, or stopped in its finalizations), with its batches; <see langword="null"/> when there is none.
    /// A run of the same plan that gives the same batches need not send or finalize that ID again.
    /// </summary>
    public JournalCycle? FindClosedCycleOfUnfinishedRun(string catalog, string syncId) =>
        FindCycle(catalog, syncId, "c.state = 'closed' AND c.finalization_kind IS NOT NULL AND c.finalization_kind <> 'close' AND (r.outcome IS NULL OR r.outcome <> 'Succeeded')");

    private JournalCycle? FindCycle(string catalog, string syncId, string condition)
    {
        long runId;
        JournalCycleState state;
        string? kind;
        Guid? jobId;
        string owner;
        using (var command = Command($"""
            SELECT c.run_id, c.state, c.finalization_kind, c.finalization_job_id, COALESCE(r.owner, '') FROM cycles c LEFT JOIN runs r ON r.id = c.run_id
            WHERE c.catalog = $catalog AND c.sync_id = $sync AND {condition};
            """,
            ("$catalog", catalog), ("$sync", syncId)))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            runId = reader.GetInt64(0);
            state = reader.GetString(1) switch
            {
                "open" => JournalCycleState.Open,
                "closed" => JournalCycleState.Closed,
                _ => JournalCycleState.Finalizing,
            };
            kind = reader.IsDBNull(2) ? null : reader.GetString(2);
            jobId = reader.IsDBNull(3) ? null : Guid.Parse(reader.GetString(3));
            owner = reader.GetString(4);
        }

        var batches = new List<JournalBatch>();
        using (var command = Command("SELECT number, content_hash, job_id, succeeded FROM cycle_batches WHERE catalog = $catalog AND sync_id = $sync ORDER BY number;",
            ("$catalog", catalog), ("$sync", syncId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                batches.Add(new JournalBatch(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)), reader.GetInt64(3) != 0));
            }
        }

        return new JournalCycle(syncId, runId, state, kind, jobId, batches) { Owner = owner };
    }

    /// <summary>Starts a new cycle of <paramref name="syncId"/> for <paramref name="runId"/>, forgetting the batches of any earlier one.</summary>
    public void StartCycle(string catalog, string syncId, long runId, DateTimeOffset now) => InTransaction(() =>
    {
        Run("DELETE FROM cycle_batches WHERE catalog = $catalog AND sync_id = $sync;", ("$catalog", catalog), ("$sync", syncId));
        Run("""
            INSERT INTO cycles(catalog, sync_id, run_id, state, updated_on) VALUES($catalog, $sync, $run, 'open', $now)
            ON CONFLICT(catalog, sync_id) DO UPDATE SET run_id = $run, state = 'open', finalization_kind = NULL, finalization_job_id = NULL, updated_on = $now;
            """, ("$catalog", catalog), ("$sync", syncId), ("$run", runId), ("$now", now.ToUnixTimeMilliseconds()));
    });

    /// <summary>Takes over an unfinished cycle for <paramref name="runId"/> (a resumed run), keeping its batches.</summary>
    public void ResumeCycle(string catalog, string syncId, long runId, DateTimeOffset now) =>
        Run("UPDATE cycles SET run_id = $run, updated_on = $now WHERE catalog = $catalog AND sync_id = $sync;",
            ("$catalog", catalog), ("$sync", syncId), ("$run", runId), ("$now", now.ToUnixTimeMilliseconds()));

    /// <summary>Records batch <paramref name="number"/> of the open cycle: its content hash, its job and whether it succeeded.</summary>
    public void RecordBatch(string catalog, string syncId, int number, string contentHash, Guid? jobId, bool succeeded) =>
        Run("""
            INSERT INTO cycle_batches(catalog, sync_id, number, content_hash, job_id, succeeded) VALUES($catalog, $sync, $number, $hash, $job, $ok)
            ON CONFLICT(catalog, sync_id, number) DO UPDATE SET content_hash = $hash, job_id = $job, succeeded = $ok;
            """, ("$catalog", catalog), ("$sync", syncId), ("$number", number), ("$hash", contentHash), ("$job", jobId?.ToString("D")), ("$ok", succeeded ? 1 : 0));

    /// <summary>
    /// Records, <b>before</b> it is sent, that a finalization of kind <paramref name="kind"/> (e.g. <c>REMOVE_RESOURCES</c>, or
    /// <c>close</c> for the change-nothing one that closes a stopped cycle) is about to go; then <see cref="RecordFinalizationJob"/>.
    /// </summary>
    public void RecordFinalizationSending(string catalog, string syncId, string kind, DateTimeOffset now) =>
        Run("UPDATE cycles SET state = 'finalizing', finalization_kind = $kind, finalization_job_id = NULL, updated_on = $now WHERE catalog = $catalog AND sync_id = $sync;",
            ("$catalog", catalog), ("$sync", syncId), ("$kind", kind), ("$now", now.ToUnixTimeMilliseconds()));

    /// <summary>Records the job the catalog answered for the finalization being sent.</summary>
    public void RecordFinalizationJob(string catalog, string syncId, Guid jobId) =>
        Run("UPDATE cycles SET finalization_job_id = $job WHERE catalog = $catalog AND sync_id = $sync;",
            ("$catalog", catalog), ("$sync", syncId), ("$job", jobId.ToString("D")));

    /// <summary>The cycle ended: its finalization was confirmed (or the catalog refused it and the cycle is open again: <paramref name="closed"/> false).</summary>
    public void EndFinalization(string catalog, string syncId, bool closed, DateTimeOffset now) =>
        Run(closed
                ? "UPDATE cycles SET state = 'closed', updated_on = $now WHERE catalog = $catalog AND sync_id = $sync;"
                : "UPDATE cycles SET state = 'open', finalization_kind = NULL, finalization_job_id = NULL, updated_on = $now WHERE catalog = $catalog AND sync_id = $sync;",
            ("$catalog", catalog), ("$sync", syncId), ("$now", now.ToUnixTimeMilliseconds()));

    /// <summary>The runs recorded, newest first (for reports and tests).</summary>
    /// <summary>Records that a declared move or removal of <paramref name="syncId"/> was carried out (the old ID is forgotten).</summary>
    public void RecordScopeChange(string catalog, string syncId, string kind, long runId, DateTimeOffset now) =>
        Run(
            "INSERT INTO scope_changes(catalog, sync_id, kind, run_id, done_on) VALUES($c, $s, $k, $r, $t) ON CONFLICT(catalog, sync_id) DO UPDATE SET kind = $k, run_id = $r, done_on = $t;",
            ("$c", catalog), ("$s", syncId), ("$k", kind), ("$r", runId), ("$t", now.ToUnixTimeMilliseconds()));

    /// <summary>The scope changes carried out against <paramref name="catalog"/>, oldest first: (sync ID, kind, run).</summary>
    public IReadOnlyList<(string SyncId, string Kind, long RunId)> ScopeChanges(string catalog)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sync_id, kind, run_id FROM scope_changes WHERE catalog = $c ORDER BY done_on, sync_id";
        command.Parameters.AddWithValue("$c", catalog);
        using var reader = command.ExecuteReader();
        var changes = new List<(string, string, long)>();
        while (reader.Read())
        {
            changes.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return changes;
    }

    public IReadOnlyList<JournalRun> Runs(int limit = 100)
    {
        using var command = Command("SELECT id, plan, catalog, owner, started_on, ended_on, outcome FROM runs ORDER BY id DESC LIMIT $limit;", ("$limit", limit));
        using var reader = command.ExecuteReader();
        var runs = new List<JournalRun>();
        while (reader.Read())
        {
            runs.Add(new JournalRun(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return runs;
    }

    /// <summary>The cycles not closed yet (batches sent, or a finalization never confirmed), for <c>catalog-sync status</c>.</summary>
    public IReadOnlyList<(string Catalog, string SyncId, string State, long RunId, DateTimeOffset UpdatedOn)> OpenCycles()
    {
        using var command = Command("SELECT catalog, sync_id, state, run_id, updated_on FROM cycles WHERE state <> 'closed' ORDER BY updated_on DESC, sync_id;");
        using var reader = command.ExecuteReader();
        var cycles = new List<(string, string, string, long, DateTimeOffset)>();
        while (reader.Read())
        {
            cycles.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return cycles;
    }

    public void Dispose() => _connection.Dispose();

    private void InTransaction(Action work)
    {
        using var transaction = _connection.BeginTransaction();
        work();
        transaction.Commit();
    }

    private void Run(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Where an unfinished cycle stopped.</summary>
internal enum JournalCycleState
{
    /// <summary>Batches were sent; no finalization was sent.</summary>
    Open,
    /// <summary>A finalization was being sent or run and was never confirmed.</summary>
    Finalizing,
    /// <summary>A finalization was confirmed (only from <see cref="RunJournal.FindClosedCycleOfUnfinishedRun"/>).</summary>
    Closed,
}

/// <summary>A cycle an earlier run left unfinished.</summary>
internal sealed record JournalCycle(string SyncId, long RunId, JournalCycleState State, string? FinalizationKind, Guid? FinalizationJobId, IReadOnlyList<JournalBatch> Batches)
{
    /// <summary>The cycle-lease owner token of the run that last worked on the cycle (<c>runs.owner</c>).</summary>
    public string Owner { get; init; } = "";
}

/// <summary>A batch sent in a cycle.</summary>
internal sealed record JournalBatch(int Number, string ContentHash, Guid? JobId, bool Succeeded);

/// <summary>A run as the journal recorded it.</summary>
internal sealed record JournalRun(long Id, string Plan, string Catalog, string Owner, DateTimeOffset StartedOn, DateTimeOffset? EndedOn, string? Outcome);
