using CatalogSync.Conformance;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Catalog.Tests;

/// <summary>One writer per cycle: the cycle lease of the engine, on a clock the tests move.</summary>
public sealed class CycleLeaseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-lease-");
    private readonly ManualTime _time = new(Start);
    private EmbeddedCatalog _catalog = null!;

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    public async Task InitializeAsync() => _catalog = await OpenAsync();

    public async Task DisposeAsync()
    {
        await _catalog.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private Task<EmbeddedCatalog> OpenAsync() =>
        EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = _time });

    private static ImportContent Assets(params string[] names) =>
        CatalogDriver.Resources([CatalogDriver.Domain(), .. names.Select(n => CatalogDriver.Asset(n))]);

    private static ImportJobOptions As(string? owner, bool simulation = false) => new() { CycleOwner = owner, Simulation = simulation };

    private async Task<CatalogApiException> RefusedAsync(Func<Task> start, string holder, string expiry)
    {
        var spooled = Directory.GetFiles(DatabasePath + ".spool").Length;
        var error = await Assert.ThrowsAsync<CatalogApiException>(start);
        Assert.Equal((409, "cycleLeased"), (error.StatusCode, error.ErrorCode));
        Assert.Contains($"cycle owner '{holder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expiry, error.Message, StringComparison.Ordinal);
        Assert.Equal(spooled, Directory.GetFiles(DatabasePath + ".spool").Length);
        return error;
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_the_first_holds_the_cycle_and_admitted_after_its_finalization()
    {
        (await _catalog.BatchAsync("orders", Assets("a1", "a2"), As("alice"))).Job.AssertSucceeded();
        const string expiry = "2030-01-01T00:05:00.000Z";

        // Another token, no token, a simulation, a finalization, a full synchronization, forgetting the id: all refused.
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("orders", Assets("b1"), As("bob")), "alice", expiry);
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("orders", Assets("b1"), As(null)), "alice", expiry);
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("orders", Assets("b1"), As("bob", simulation: true)), "alice", expiry);
        await RefusedAsync(() => _catalog.StartFinalizationAsync("orders", FinalizationOptions.Default), "alice", expiry);
        await RefusedAsync(() => _catalog.StartFinalizationAsync("orders", new FinalizationOptions { CycleOwner = "bob" }), "alice", expiry);
        await RefusedAsync(() => _catalog.StartSynchronizationAsync("orders", Assets("b1"), As("bob"), FinalizationOptions.Default), "alice", expiry);
        await RefusedAsync(() => _catalog.RemoveSynchronizationAsync("orders"), "alice", expiry);

        // Other ids and plain imports are not affected.
        (await _catalog.BatchAsync("elsewhere", Assets("e1"))).Job.AssertSucceeded();
        (await _catalog.ImportAsync(Assets("plain"))).Job.AssertSucceeded();

        // The holder's cycle is intact; its finalization ends the lease.
        (await _catalog.BatchAsync("orders", Assets("a3"), As("alice"))).Job.AssertSucceeded();
        var (finalized, summary) = await _catalog.FinalizeAsync("orders", new FinalizationOptions { CycleOwner = "alice" });
        finalized.AssertSucceeded();
        Assert.Equal(0, summary.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(["a1", "a2", "a3", "e1", "plain"], await _catalog.AssetNamesAsync());

        (await _catalog.BatchAsync("orders", Assets("a1", "a2", "a3"), As("bob"))).Job.AssertSucceeded();
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("orders", Assets("a1"), As("alice")), "bob", "2030-01-01T00:05:00.000Z");
    }

    [Fact]
    public async Task A_lease_expires_when_its_owner_is_silent_and_each_request_renews_it()
    {
        (await _catalog.BatchAsync("renew", Assets("a1"), As("alice"))).Job.AssertSucceeded();
        _time.Advance(TimeSpan.FromMinutes(4));
        (await _catalog.BatchAsync("renew", Assets("a2"), As("alice"))).Job.AssertSucceeded();
        _time.Advance(TimeSpan.FromMinutes(4));
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("renew", Assets("b1"), As("bob")), "alice", "2030-01-01T00:09:00.000Z");

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        (await _catalog.BatchAsync("renew", Assets("b1"), As("bob"))).Job.AssertSucceeded();
        await RefusedAsync(() => _catalog.StartFinalizationAsync("renew", new FinalizationOptions { CycleOwner = "alice" }), "bob", "2030-01-01T00:14:00.001Z");
    }

    [Fact]
    public async Task A_request_of_the_owner_on_one_id_renews_its_leases_on_the_others()
    {
        // One run: every id's batches first, the finalizations later; loading the second id keeps the first one's lease.
        (await _catalog.BatchAsync("first", Assets("a1"), As("run-1"))).Job.AssertSucceeded();
        _time.Advance(TimeSpan.FromMinutes(4));
        (await _catalog.BatchAsync("second", Assets("b1"), As("run-1"))).Job.AssertSucceeded();
        _time.Advance(TimeSpan.FromMinutes(4));
        await RefusedAsync(() => _catalog.StartFinalizationAsync("first", FinalizationOptions.Default), "run-1", "2030-01-01T00:09:00.000Z");

        // An expired lease is not brought back by the owner's requests on other ids.
        _time.Advance(TimeSpan.FromMinutes(2));
        (await _catalog.BatchAsync("third", Assets("c1"), As("run-1"))).Job.AssertSucceeded();
        (await _catalog.BatchAsync("first", Assets("x1"), As("run-2"))).Job.AssertSucceeded();
    }

    [Fact]
    public async Task The_owners_simulation_renews_the_lease_without_ending_it_and_a_failed_finalization_keeps_it()
    {
        // The batch fails (unknown type) and is rolled back: the id is still unknown, so the finalization fails too.
        var failed = (await _catalog.BatchAsync("keep", CatalogDriver.Resources(CatalogDriver.Domain(), CatalogDriver.Asset("x", type: "No Such Type")), As("alice"))).Job;
        Assert.Equal(JobState.Error, failed.State);
        Assert.Equal(JobState.Error, (await _catalog.FinalizeAsync("keep", new FinalizationOptions { CycleOwner = "alice" })).Job.State);
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("keep", Assets("b"), As("bob")), "alice", "2030-01-01T00:05:00.000Z");

        (await _catalog.BatchAsync("keep", Assets("a"), As("alice"))).Job.AssertSucceeded();
        _time.Advance(TimeSpan.FromMinutes(3));
        (await _catalog.FinalizeAsync("keep", new FinalizationOptions { CycleOwner = "alice", Simulation = true })).Job.AssertSucceeded();
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("keep", Assets("b"), As("bob")), "alice", "2030-01-01T00:08:00.000Z");

        // The real finalization, retried by its owner, ends it.
        (await _catalog.FinalizeAsync("keep", new FinalizationOptions { CycleOwner = "alice" })).Job.AssertSucceeded();
        (await _catalog.BatchAsync("keep", Assets("b"), As("bob"))).Job.AssertSucceeded();
    }

    [Fact]
    public async Task A_lease_survives_a_restart()
    {
        (await _catalog.BatchAsync("restart", Assets("a"), As("alice"))).Job.AssertSucceeded();
        await _catalog.DisposeAsync();
        _catalog = await OpenAsync();
        await RefusedAsync(() => _catalog.StartSynchronizationBatchAsync("restart", Assets("b"), As(null)), "alice", "2030-01-01T00:05:00.000Z");
        (await _catalog.FinalizeAsync("restart", new FinalizationOptions { CycleOwner = "alice" })).Job.AssertSucceeded();
        (await _catalog.BatchAsync("restart", Assets("b"), As(null))).Job.AssertSucceeded();
    }

    [Fact]
    public async Task Writers_without_a_token_on_an_id_nobody_holds_are_not_locked()
    {
        (await _catalog.BatchAsync("free", Assets("a"))).Job.AssertSucceeded();
        (await _catalog.BatchAsync("free", Assets("b"))).Job.AssertSucceeded();
        (await _catalog.FinalizeAsync("free", new FinalizationOptions { CycleOwner = "carol" })).Job.AssertSucceeded();
        (await _catalog.FinalizeAsync("free")).Job.AssertSucceeded();
        (await _catalog.SynchronizeAsyncFull("free", Assets("a"))).AssertSucceeded();
        Assert.Equal(["a"], await _catalog.AssetNamesAsync());
        await _catalog.RemoveSynchronizationAsync("free");
        Assert.False(await _catalog.SynchronizationExistsAsync("free"));
    }

    [Fact]
    public async Task Tokens_are_checked_and_the_two_options_of_a_full_synchronization_must_agree()
    {
        var bad = await Assert.ThrowsAsync<CatalogApiException>(() => _catalog.StartSynchronizationBatchAsync("t", Assets("a"), As("has space")));
        Assert.Equal((400, "invalidCycleOwner"), (bad.StatusCode, bad.ErrorCode));
        var conflict = await Assert.ThrowsAsync<CatalogApiException>(() =>
            _catalog.StartSynchronizationAsync("t", Assets("a"), As("alice"), new FinalizationOptions { CycleOwner = "bob" }));
        Assert.Equal((400, "conflictingCycleOwner"), (conflict.StatusCode, conflict.ErrorCode));
    }
}

internal static class FullSynchronization
{
    public static async Task<Job> SynchronizeAsyncFull(this IImportApiClient client, string syncId, ImportContent content) =>
        await client.WaitAsync(await client.StartSynchronizationAsync(syncId, content, ImportJobOptions.Default, FinalizationOptions.Default));
}

/// <summary>A clock that moves only when told to.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
