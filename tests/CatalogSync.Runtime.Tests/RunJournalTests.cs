using CatalogSync.Plans.Journal;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Runtime.Tests;

/// <summary>The run journal on a real SQLite file: what one process wrote, the next one reads back.</summary>
public sealed class RunJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-journal-");

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public void An_open_cycle_and_its_batches_survive_the_process_that_wrote_them()
    {
        var path = PathOf("nested/runs.db");
        var job = Guid.NewGuid();
        using (var journal = RunJournal.Open(path))
        {
            var run = journal.BeginRun("warehouse", "catalog-a", "owner-1", T0);
            journal.StartCycle("catalog-a", "wh-tables", run, T0);
            journal.RecordBatch("catalog-a", "wh-tables", 1, "hash-1", job, succeeded: true);
            journal.RecordBatch("catalog-a", "wh-tables", 2, "hash-2", null, succeeded: false);
            // No EndRun: the process "dies" here.
        }

        using var reopened = RunJournal.Open(path);
        var cycle = reopened.FindUnfinishedCycle("catalog-a", "wh-tables");
        Assert.NotNull(cycle);
        Assert.Equal(JournalCycleState.Open, cycle.State);
        Assert.Equal([new JournalBatch(1, "hash-1", job, true), new JournalBatch(2, "hash-2", null, false)], cycle.Batches);
        Assert.Null(reopened.FindUnfinishedCycle("catalog-b", "wh-tables"));
        Assert.Null(reopened.FindUnfinishedCycle("catalog-a", "wh-columns"));
        var crashed = Assert.Single(reopened.Runs());
        Assert.Equal(("warehouse", "owner-1", (string?)null), (crashed.Plan, crashed.Owner, crashed.Outcome));
    }

    [Fact]
    public void A_finalization_is_recorded_before_it_is_sent_then_its_job_then_its_end()
    {
        using var journal = RunJournal.Open(PathOf("runs.db"));
        var run = journal.BeginRun("warehouse", "c", "o", T0);
        journal.StartCycle("c", "id", run, T0);
        journal.RecordBatch("c", "id", 1, "h", Guid.NewGuid(), true);

        journal.RecordFinalizationSending("c", "id", "REMOVE_RESOURCES", T0);
        var sending = journal.FindUnfinishedCycle("c", "id")!;
        Assert.Equal((JournalCycleState.Finalizing, "REMOVE_RESOURCES", (Guid?)null), (sending.State, sending.FinalizationKind, sending.FinalizationJobId));

        var job = Guid.NewGuid();
        journal.RecordFinalizationJob("c", "id", job);
        Assert.Equal(job, journal.FindUnfinishedCycle("c", "id")!.FinalizationJobId);

        // Refused: the cycle is open again, with its batches.
        journal.EndFinalization("c", "id", closed: false, T0);
        var reopened = journal.FindUnfinishedCycle("c", "id")!;
        Assert.Equal((JournalCycleState.Open, 1), (reopened.State, reopened.Batches.Count));

        journal.RecordFinalizationSending("c", "id", "REMOVE_RESOURCES", T0);
        journal.EndFinalization("c", "id", closed: true, T0);
        Assert.Null(journal.FindUnfinishedCycle("c", "id"));
        journal.EndRun(run, "Succeeded", T0.AddSeconds(5));
        Assert.Equal("Succeeded", journal.Runs()[0].Outcome);
    }

    [Fact]
    public void A_new_cycle_forgets_the_batches_of_the_last_and_a_resumed_one_keeps_them()
    {
        using var journal = RunJournal.Open(PathOf("runs.db"));
        var first = journal.BeginRun("p", "c", "o1", T0);
        journal.StartCycle("c", "id", first, T0);
        journal.RecordBatch("c", "id", 1, "old", null, true);

        var second = journal.BeginRun("p", "c", "o2", T0);
        journal.ResumeCycle("c", "id", second, T0);
        Assert.Equal((second, 1), (journal.FindUnfinishedCycle("c", "id")!.RunId, journal.FindUnfinishedCycle("c", "id")!.Batches.Count));

        var third = journal.BeginRun("p", "c", "o3", T0);
        journal.StartCycle("c", "id", third, T0);
        var fresh = journal.FindUnfinishedCycle("c", "id")!;
        Assert.Equal((third, 0), (fresh.RunId, fresh.Batches.Count));
    }

    [Fact]
    public void A_cycle_knows_the_token_of_its_run_and_a_finalized_one_is_found_only_while_its_run_did_not_succeed()
    {
        using var journal = RunJournal.Open(PathOf("runs.db"));
        var crashed = journal.BeginRun("p", "c", "token-1", T0);
        journal.StartCycle("c", "id", crashed, T0);
        journal.RecordBatch("c", "id", 1, "h1", Guid.NewGuid(), true);
        Assert.Equal("token-1", journal.FindUnfinishedCycle("c", "id")!.Owner);
        Assert.Null(journal.FindClosedCycleOfUnfinishedRun("c", "id")); // open, not finalized

        journal.RecordFinalizationSending("c", "id", "RemoveResources", T0);
        journal.RecordFinalizationJob("c", "id", Guid.NewGuid());
        journal.EndFinalization("c", "id", closed: true, T0);
        var finalized = journal.FindClosedCycleOfUnfinishedRun("c", "id"); // the run never ended
        Assert.NotNull(finalized);
        Assert.Equal((JournalCycleState.Closed, "h1", "token-1"), (finalized.State, finalized.Batches.Single().ContentHash, finalized.Owner));

        journal.EndRun(crashed, "Succeeded", T0);
        Assert.Null(journal.FindClosedCycleOfUnfinishedRun("c", "id"));

        // A close (IGNORE) is never taken for a real finalization.
        var next = journal.BeginRun("p", "c", "token-2", T0);
        journal.StartCycle("c", "id", next, T0);
        journal.RecordBatch("c", "id", 1, "h2", null, true);
        journal.RecordFinalizationSending("c", "id", "close", T0);
        journal.EndFinalization("c", "id", closed: true, T0);
        Assert.Null(journal.FindClosedCycleOfUnfinishedRun("c", "id"));
    }

    [Fact]
    public void A_journal_of_another_schema_is_refused_with_what_to_do()
    {
        var path = PathOf("runs.db");
        RunJournal.Open(path).Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema';";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<InvalidOperationException>(() => RunJournal.Open(path));
        Assert.Contains("another version of CatalogSync", e.Message, StringComparison.Ordinal);
    }
}
