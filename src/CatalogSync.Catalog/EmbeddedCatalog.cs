using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CatalogSync.Catalog.Import;
using CatalogSync.Catalog.Jobs;
using CatalogSync.Catalog.Metamodel;
using CatalogSync.Catalog.Storage;
using CatalogSync.Catalog.Storage.Sqlite;
using CatalogSync.Catalog.Synchronization;
using CatalogSync.Contract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogSync.Catalog;

/// <summary>
/// The embedded, Collibra-compatible catalog, in-process: Collibra's Import API v2
/// (<see cref="IImportApiClient"/>) and the read side of Core REST v2 (<see cref="ICatalogReader"/>)
/// over a local store. Jobs of one synchronization id run one after another, in the order they were
/// started; jobs of different ids do not wait for each other's queue, but on SQLite one job writes at a time.
/// </summary>
public sealed partial class EmbeddedCatalog : IImportApiClient, ICatalogReader, IJobQueueAdmission, IAsyncDisposable
{
    private readonly ICatalogStore _store;
    private readonly SqliteJobJournal _journal;
    private readonly Metamodel.Metamodel _metamodel;
    private readonly string _spoolDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _leaseDuration;
    private readonly TimeSpan _testJobStageDelay;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Guid, LiveJob> _liveJobs = new();
    private readonly Dictionary<string, Task> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lanesLock = new();
    private int _disposed;

    private readonly CatalogCapabilities _capabilities;
    private readonly EmbeddedCatalogOptions _options;
    private readonly JobQueueLimit _queue;
    private readonly JobHistoryRetention _retention;

    private EmbeddedCatalog(ICatalogStore store, SqliteJobJournal journal, Metamodel.Metamodel metamodel, string spoolDirectory, EmbeddedCatalogOptions options, JobHistoryRetention retention, ILogger logger)
    {
        _store = store;
        _journal = journal;
        _metamodel = metamodel;
        _spoolDirectory = spoolDirectory;
        _time = options.TimeProvider;
        _leaseDuration = options.CycleLeaseDuration > TimeSpan.Zero ? options.CycleLeaseDuration : TimeSpan.FromMinutes(5);
        _testJobStageDelay = options.TestJobStageDelay;
        _logger = logger;
        _options = options;
        _queue = new JobQueueLimit(options.MaxPendingJobs, options.MaxPendingBytes);
        _retention = retention;
        // The file is the catalog: a client's run journal keys its cycles by it (moving the file starts afresh, safely).
        _capabilities = new CatalogCapabilities
        {
            Product = "CatalogSync embedded catalog",
            InstanceId = "sqlite:" + Path.GetFullPath(options.DatabasePath),
            SimulatesSynchronizations = true,
            CycleLeases = true,
        };
    }

    /// <summary>Opens the catalog at <see cref="EmbeddedCatalogOptions.DatabasePath"/>, creating and seeding it if needed.</summary>
    public static async Task<EmbeddedCatalog> OpenAsync(EmbeddedCatalogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } invalid)
        {
            // Checked before the store exists: refused options create no file.
            throw new ArgumentException(invalid, nameof(options));
        }

        var store = new SqliteCatalogStore(options.DatabasePath, options.DurableCommits, options.PageCacheSize);
        SqliteJobJournal? journal = null;
        try
        {
            var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await store.InitializeAsync(OotbMetamodel.Load(), now, cancellationToken).ConfigureAwait(false);
            var metamodel = new Metamodel.Metamodel(await store.LoadMetamodelAsync(cancellationToken).ConfigureAwait(false));
            var spool = options.SpoolDirectory ?? options.DatabasePath + ".spool";

            Directory.CreateDirectory(spool);
            journal = new SqliteJobJournal(JournalPath(options.DatabasePath));
            var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EmbeddedCatalog>();
            var retention = new JobHistoryRetention(store, options.JobRetentionAge, options.JobRetentionCount, options.JobRetentionMinimumAge, options.JobRetentionInterval, options.TimeProvider, logger);
            var catalog = new EmbeddedCatalog(store, journal, metamodel, spool, options, retention, logger);
            await catalog.ResumeAsync(cancellationToken).ConfigureAwait(false);
            return catalog;
        }
        catch
        {
            journal?.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The job journal of a catalog: every accepted job until it has finished, and the cycle leases.</summary>
    internal static string JournalPath(string databasePath) => databasePath + ".queue";

    // Jobs that a previous process accepted and did not finish run again, in the order they were accepted: their
    // transaction was rolled back (a job's data and its result commit together), their input is in the spool.
    // A job whose result is in the catalog committed before the process stopped: only the bookkeeping after its
    // commit is done. Spool files of jobs that are not pending are deleted.
    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var pending = _journal.LoadPending();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var resume = new List<(JobRequest Request, Job Job)>();
        using (var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            foreach (var p in pending)
            {
                var request = p.Request with { Sequence = p.Sequence };
                if (session.GetJob(request.Id) is { Job.IsFinished: true } done)
                {
                    LogJobCommittedBeforeStop(_logger, request.Id);
                    FinishInJournal(request, done.Job);
                    DeleteInput(request);
                    continue;
                }

                if (request.InputPath is { } input)
                {
                    keep.Add(Path.GetFullPath(input));
                }

                resume.Add((request, WaitingJob(request, p.CreatedOn, "Accepted before the catalog restarted; waiting for the previous jobs of this synchronization to finish.")));
            }
        }

        DeleteSpoolFiles(_spoolDirectory, keep);

        // The job history is pruned here: after the results of jobs that committed just before a stop were read
        // (pruning must not take them first), before resumed jobs run (they would hold the writer it needs).
        await _retention.PruneAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (request, job) in resume)
        {
            // Accepted before: it holds its place and its spooled input in the queue limit until it finishes, as it did then.
            _queue.Resume(request.Id, request.InputPath is { } input && File.Exists(input) ? new FileInfo(input).Length : 0);
            var live = new LiveJob(job);
            _liveJobs[request.Id] = live;
            _ = Enqueue(Lane(request), () => RunJobAsync(request, live));
        }

        if (resume.Count > 0)
        {
            LogJobsResumed(_logger, resume.Count);
        }
    }

    /// <summary>The jobs of this process that have not finished (accepted here, or resumed at the open).</summary>
    internal IReadOnlyCollection<Guid> UnfinishedJobIds => [.. _liveJobs.Keys];

    private static string Lane(JobRequest request) => request.SynchronizationId ?? "import:" + request.Id.ToString("N");

    private static Job WaitingJob(JobRequest request, long createdOn, string message) => new()
    {
        Id = request.Id,
        Name = request.Name,
        CreatedOn = createdOn,
        LastModifiedOn = createdOn,
        State = JobState.Waiting,
        Result = JobResult.NotSet,
        Cancelable = false,
        Message = message,
    };

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- Import API: starting jobs ------------------------------------------------------------

    /// <inheritdoc/>
    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(JobKind.Import, null, content, options, null, cancellationToken);

    /// <inheritdoc/>
    public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(JobKind.SynchronizationBatch, synchronizationId, content, options, null, cancellationToken);

    /// <inheritdoc/>
    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        StartAsync(JobKind.Synchronization, synchronizationId, content, options, finalization ?? throw new ArgumentNullException(nameof(finalization)), cancellationToken);

    /// <inheritdoc/>
    public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(JobKind.Finalization, synchronizationId, null, new ImportJobOptions { Simulation = options?.Simulation ?? false }, options ?? throw new ArgumentNullException(nameof(options)), cancellationToken);

    private async Task<Job> StartAsync(JobKind kind, string? syncId, ImportContent? content, ImportJobOptions options, FinalizationOptions? finalization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ValidateRequest(kind, syncId, content, options, finalization);

        var id = Guid.NewGuid();
        var name = kind switch
        {
            JobKind.Import => "Import",
            JobKind.SynchronizationBatch => $"Synchronization batch '{syncId}'",
            JobKind.Synchronization => $"Synchronization '{syncId}'",
            _ => $"Synchronization finalization '{syncId}'",
        };
        if (options.Simulation || (finalization?.Simulation ?? false))
        {
            name += " (simulation)";
        }

        var request = new JobRequest(id, kind, name, syncId, null, options, finalization);

        // A request that the cycle lease refuses is refused before its input is copied (checked again below).
        CheckLease(request, Now);

        _queue.Reserve(id);
        string? inputPath = null;
        if (content is not null)
        {
            // The caller's stream may go away as soon as we return: keep our own copy, on disk, until the job has run.
            inputPath = Path.Combine(_spoolDirectory, SpoolFileName(id));
            request = request with { InputPath = inputPath };
            try
            {
                var file = new FileStream(inputPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    if (content.Format != ImportFormat.Json)
                    {
                        // The template and reading options travel in the spool file, so a job resumed after a restart
                        // reads its CSV or Excel input exactly as it was accepted (the journal keeps only the path).
                        await TabularSpool.WriteHeaderAsync(file, content.Format, content.Tabular!, cancellationToken).ConfigureAwait(false);
                    }

                    await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    _queue.AddInput(id, file.Length);
                    file.Flush(flushToDisk: true);
                }
            }
            catch
            {
                _queue.Release(id);
                File.Delete(inputPath);
                throw;
            }
        }

        // Accepted means durable: the job is in the journal (committed, fsynced) before it is answered, and its
        // lease decision with it. Enqueued under the journal's lock, so jobs run in the journal's order.
        var committed = false;
        try
        {
            using var journal = _journal.Begin();
            var now = Now;
            TakeLease(journal, request, now);
            request = request with { Sequence = journal.Insert(request, now) };
            journal.Commit();
            committed = true;

            var job = WaitingJob(request, now, "Waiting for the previous jobs of this synchronization to finish.");
            var live = new LiveJob(job);
            _liveJobs[id] = live;
            // Jobs report their own outcome; the lane task only orders them.
            _ = Enqueue(Lane(request), () => RunJobAsync(request, live));
            return job;
        }
        catch
        {
            // Once journaled, the input belongs to the job (it runs at the next open at the latest).
            if (!committed)
            {
                _queue.Release(id);
                if (inputPath is not null)
                {
                    File.Delete(inputPath);
                }
            }

            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The upload counts against <see cref="EmbeddedCatalogOptions.MaxPendingJobs"/> and
    /// <see cref="EmbeddedCatalogOptions.MaxPendingBytes"/> together with the jobs that wait or run (resumed ones too) and
    /// the other uploads under way, by the same rules as a job's input.
    /// </remarks>
    public IJobQueueReservation ReserveUpload(long inputBytes)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _queue.ReserveUpload(inputBytes);
    }

    private void ValidateRequest(JobKind kind, string? syncId, ImportContent? content, ImportJobOptions options, FinalizationOptions? finalization)
    {
        if (kind != JobKind.Import && SynchronizationId.Validate(syncId) is { } idError)
        {
            throw new CatalogApiException(400, "invalidSynchronizationId", idError);
        }

        foreach (var owner in new[] { options.CycleOwner, finalization?.CycleOwner })
        {
            if (owner is not null && CycleLease.ValidateOwner(owner) is { } ownerError)
            {
                throw new CatalogApiException(400, "invalidCycleOwner", ownerError);
            }
        }

        if (options.CycleOwner is { } a && finalization?.CycleOwner is { } b && !string.Equals(a, b, StringComparison.Ordinal))
        {
            throw new CatalogApiException(400, "conflictingCycleOwner", $"The batch options and the finalization options name different cycle owners ('{a}', '{b}'): give one.");
        }

        if (content is not null && content.Format != ImportFormat.Json)
        {
            TabularSpool.Validate(content.Format, content.Tabular);
        }

        if (finalization is null)
        {
            return;
        }

        if (finalization.Validate() is { } finalizationError)
        {
            throw new CatalogApiException(400, "missingAssetStatusIdRequired", finalizationError);
        }

        if (finalization.Strategy == FinalizationStrategy.ChangeStatus && !_metamodel.StatusesById.ContainsKey(finalization.MissingAssetStatusId!.Value))
        {
            throw new CatalogApiException(400, "statusNotFound", $"missingAssetStatusId {finalization.MissingAssetStatusId} is not a status of this catalog; GET /rest/2.0/statuses lists them (e.g. 00000000-0000-0000-0000-000000005066, Missing from source).");
        }
    }

    private Task Enqueue(string lane, Func<Task> work)
    {
        lock (_lanesLock)
        {
            var previous = _lanes.GetValueOrDefault(lane) ?? Task.CompletedTask;
            var next = previous.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _lanes[lane] = next;

            // A lane whose last job is done is dropped, so a long-running server does not keep one per id for ever.
            _ = next.ContinueWith(
                done =>
                {
                    lock (_lanesLock)
                    {
                        if (_lanes.TryGetValue(lane, out var tail) && tail == done)
                        {
                            _lanes.Remove(lane);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return next;
        }
    }

    // ---- Running jobs --------------------------------------------------------------------------

    private async Task RunJobAsync(JobRequest request, LiveJob live)
    {
        var started = Now;
        var stopwatch = Stopwatch.StartNew();
        live.Update(j => j with { State = JobState.Running, StartDate = started, LastModifiedOn = started, Message = "Running." });
        var summary = new SummaryBuilder(_metamodel);
        var errors = new JobErrors(_options.MaxErrorsPerJob);
        Job final;
        ImportSummary finalSummary;
        var committed = false;
        try
        {
            var cancellationToken = _shutdown.Token;
            if (_options.TestJobGate is { } gate)
            {
                await gate(request.Id, cancellationToken).ConfigureAwait(false);
            }

            using var session = await _store.OpenSessionAsync(write: true, cancellationToken).ConfigureAwait(false);
            await TestDelayAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await ExecuteAsync(request, live, session, summary, errors, cancellationToken).ConfigureAwait(false);
            var failed = outcome is not null || (errors.Count > 0 && !request.Import.ContinueOnError);
            var ended = Now;
            if (failed)
            {
                summary.Clear();
                finalSummary = summary.Build(errors.Count, ImportJobState.Failed);
                final = Finished(live, ended, JobState.Error, JobResult.Failure,
                    outcome ?? $"{request.Name} failed with {Plural(errors.Count, "error")}; nothing was changed. First: {errors.Kept[0].ErrorMessage}");
            }
            else
            {
                var state = errors.Count > 0 ? ImportJobState.CompletedWithErrors : ImportJobState.Completed;
                finalSummary = summary.Build(errors.Count, state);
                var result = errors.Count > 0 ? JobResult.CompletedWithError : JobResult.Success;
                var message = $"{request.Name}: {DescribeCounts(summary)}{(errors.Count > 0 ? $"; {Plural(errors.Count, "command")} skipped with errors" : "")}"
                    + (request.Simulation ? "; simulation, nothing was changed" : "") + $" ({stopwatch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s).";
                final = Finished(live, ended, JobState.Completed, result, message);
                if (!request.Simulation)
                {
                    await TestDelayAsync(cancellationToken).ConfigureAwait(false);
                    // The job's result commits with its data: either both are there, or neither.
                    session.SaveJob(new JobRow(final, request.Kind.ToString(), request.SynchronizationId, finalSummary));
                    session.SaveErrors(request.Id, errors.Kept);
                    session.Commit();
                    committed = true;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // The catalog is closing: the transaction rolls back, and the job stays in the journal with its input,
            // so it runs again when the catalog is opened next. Accepted jobs are never dropped.
            _liveJobs.TryRemove(request.Id, out _);
            _queue.Release(request.Id);
            live.Finish(live.Current with
            {
                State = JobState.Waiting,
                LastModifiedOn = Now,
                Message = "The catalog was closed before this job finished; nothing was changed, and it runs again when the catalog is opened.",
            });
            return;
        }
#pragma warning disable CA1031 // A job must always end with a state, whatever went wrong.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogJobCrashed(_logger, ex, request.Id);
            errors.Clear();
            finalSummary = summary.Build(0, ImportJobState.Failed);
            final = Finished(live, Now, JobState.Error, JobResult.Failure, $"{request.Name} failed: {ex.Message}; nothing was changed.");
        }

        if (committed)
        {
            // Outside the try: nothing after the commit may record the job as failed.
            await TestDelayAsync(CancellationToken.None).ConfigureAwait(false);
            Finish(request, live, final);
            return;
        }

        // Failed or simulated: the data transaction was rolled back; record the job on its own.
        var recorded = false;
        try
        {
            using var session = await _store.OpenSessionAsync(write: true, CancellationToken.None).ConfigureAwait(false);
            session.SaveJob(new JobRow(final, request.Kind.ToString(), request.SynchronizationId, finalSummary));
            session.SaveErrors(request.Id, errors.Kept);
            session.Commit();
            recorded = true;
        }
        finally
        {
            if (recorded)
            {
                Finish(request, live, final);
            }
            else
            {
                // Not recorded: the job stays in the journal and runs again at the next open.
                Complete(live, final);
            }
        }
    }

    // After the job's result is committed: out of the journal (its lease renewed or ended), input deleted, waiters woken.
    private void Finish(JobRequest request, LiveJob live, Job final)
    {
        try
        {
            FinishInJournal(request, final);
            DeleteInput(request);
        }
        finally
        {
            Complete(live, final);
        }
    }

    private static void DeleteInput(JobRequest request)
    {
        if (request.InputPath is not null)
        {
            File.Delete(request.InputPath);
        }
    }

    // Test only (EmbeddedCatalogOptions.TestJobStageDelay): a pause while the job's transaction is open.
    private Task TestDelayAsync(CancellationToken cancellationToken) =>
        _testJobStageDelay > TimeSpan.Zero ? Task.Delay(_testJobStageDelay, cancellationToken) : Task.CompletedTask;

    /// <returns>A failure message for the whole job, or <see langword="null"/> when commands ran (their errors are in <paramref name="errors"/>).</returns>
    private async Task<string?> ExecuteAsync(JobRequest request, LiveJob live, ICatalogSession session, SummaryBuilder summary, JobErrors errors, CancellationToken cancellationToken)
    {
        var now = Now;
        SyncRow? sync = null;
        if (request.SynchronizationId is { } syncId)
        {
            sync = session.GetSync(syncId);
            if (sync is null)
            {
                if (request.Kind == JobKind.Finalization)
                {
                    return $"Synchronization '{syncId}' is unknown: send its batches before finalizing it. Nothing was changed.";
                }

                session.CreateSync(syncId, now);
                sync = session.GetSync(syncId)!;
            }
        }

        if (request.HasInput)
        {
            var relationsAction = request.Import.RelationsAction
                ?? (request.SynchronizationId is null ? RelationsAction.AddOrIgnore : RelationsAction.Replace);
            var processor = new ImportProcessor(session, _metamodel, sync, relationsAction, now, summary, _options.MaxErrorsPerJob, _options.MaxHeldUntilEndOfFile, request.Import.ContinueOnError);
            var input = new FileStream(request.InputPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (input.ConfigureAwait(false))
            {
                var length = Math.Max(1, input.Length);
                try
                {
                    var tabular = await TabularSpool.ReadHeaderAsync(input, cancellationToken).ConfigureAwait(false);
                    // CSV and Excel rows are made into commands first, so they are not skipped before they are parsed.
                    var commands = tabular is { } table
                        ? TabularCommandReader.ReadAsync(table.Format == ImportFormat.Excel ? new OffsetStream(input, input.Position) : input, table.Format, table.Options, _options.MaxResourceSize, cancellationToken)
                        : ImportCommandReader.ReadAsync(input, _options.MaxResourceSize, sync is null ? null : processor.TrySkipUnchanged, cancellationToken);
                    await foreach (var command in commands.ConfigureAwait(false))
                    {
                        processor.Apply(command);
                        if (processor.Processed % 100 == 0)
                        {
                            await TestDelayAsync(cancellationToken).ConfigureAwait(false);
                        }

                        if (processor.Processed % 1000 == 0)
                        {
                            var progress = Math.Min(99.0, 90.0 * input.Position / length);
                            live.Update(j => j with { ProgressPercentage = progress, Message = $"{processor.Processed} resources read." });
                        }
                    }
                }
                catch (MalformedImportException ex)
                {
                    errors.Add(new ImportError
                    {
                        ErrorType = ImportErrorType.Validation,
                        ResourceType = ImportResourceType.Asset,
                        ErrorMessage = ex.Message,
                        Command = new ImportCommandReference { Indices = [processor.Processed], Identifier = "input file" },
                    });
                    return $"{request.Name} failed: {ex.Message} Nothing was changed.";
                }
            }

            processor.Complete();
            errors.AddRange(processor.Errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // A failed command marked nothing as seen: finalizing now would remove or retire what it was about.
        // So a full synchronization with errors never finalizes, even with continueOnError.
        if (request.Finalizes && errors.Count == 0)
        {
            await TestDelayAsync(cancellationToken).ConfigureAwait(false);
            Finalizer.Finalize(session, sync!, request.Finalization!, now, summary);
        }

        return null;
    }

    private static Job Finished(LiveJob live, long ended, JobState state, JobResult result, string message) =>
        live.Current with { State = state, Result = result, Message = InputText.Bound(message), EndDate = ended, LastModifiedOn = ended, ProgressPercentage = 100 };

    private void Complete(LiveJob live, Job final)
    {
        // The result is in the store already: forget the live job first, so whoever the end wakes up reads the store.
        _liveJobs.TryRemove(final.Id, out _);
        _queue.Release(final.Id);
        live.Finish(final);
        LogJobFinished(_logger, final.Id, final.Name ?? "", final.State, final.Result, final.Message ?? "");
        _retention.AfterJob();
    }

    private static string DescribeCounts(SummaryBuilder s)
    {
        var parts = new List<string>
        {
            $"{s.Total(SummaryBuilder.Change.Added)} added",
            $"{s.Total(SummaryBuilder.Change.Updated)} updated",
            $"{s.Total(SummaryBuilder.Change.Unchanged)} unchanged",
            $"{s.Total(SummaryBuilder.Change.Removed)} removed",
        };
        if (s.Total(SummaryBuilder.Change.Retired) > 0)
        {
            parts.Add($"{s.Total(SummaryBuilder.Change.Retired)} retired");
        }

        if (s.Total(SummaryBuilder.Change.Restored) > 0)
        {
            parts.Add($"{s.Total(SummaryBuilder.Change.Restored)} restored");
        }

        return string.Join(", ", parts);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Job {JobId} {JobName}: {State} {Result}. {Message}")]
    private static partial void LogJobFinished(ILogger logger, Guid jobId, string jobName, JobState state, JobResult result, string message);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Job {JobId} crashed")]
    private static partial void LogJobCrashed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Resuming {Count} job(s) accepted before the catalog was last closed")]
    private static partial void LogJobsResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Job {JobId} had committed before the catalog was last closed; it is not run again")]
    private static partial void LogJobCommittedBeforeStop(ILogger logger, Guid jobId);

    // ---- Import API: jobs, results and synchronizations ---------------------------------------

    /// <inheritdoc/>
    /// <remarks>The embedded catalog simulates synchronizations exactly and enforces cycle leases.</remarks>
    public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) => Task.FromResult(_capabilities);

    /// <inheritdoc/>
    public async Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        if (_liveJobs.TryGetValue(jobId, out var live))
        {
            return live.Current;
        }

        using (var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            if (session.GetJob(jobId) is { } stored)
            {
                return stored.Job;
            }
        }

        // Accepted and not finished, but not (or no longer) live in this process: the journal answers.
        return _journal.LoadPending(jobId) is [var pending]
            ? WaitingJob(pending.Request, pending.CreatedOn, "Waiting for the previous jobs of this synchronization to finish.")
            : throw JobNotFound(jobId);
    }

    /// <summary>
    /// Waits until a job has finished and returns its final state; if the catalog is closed first, returns the
    /// job as it stands (waiting: it runs again at the next open).
    /// </summary>
    /// <exception cref="CatalogApiException">The job does not exist (404).</exception>
    public async Task<Job> WaitForJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        if (_liveJobs.TryGetValue(jobId, out var live))
        {
            return await live.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        if (_liveJobs.ContainsKey(jobId))
        {
            throw new CatalogApiException(400, "jobNotFinished", $"Job {jobId} has not finished yet; its summary is available when GET /rest/2.0/jobs/{jobId} says COMPLETED or ERROR.");
        }

        using var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false);
        var job = session.GetJob(jobId) ?? throw NotFinishedOrNotFound(jobId);
        return job.Summary ?? new ImportSummary { ImportJobState = ImportJobState.Completed };
    }

    /// <inheritdoc/>
    public async Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default)
    {
        if (_liveJobs.ContainsKey(jobId))
        {
            throw new CatalogApiException(400, "jobNotFinished", $"Job {jobId} has not finished yet; its errors are available when it has.");
        }

        using var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false);
        _ = session.GetJob(jobId) ?? throw NotFinishedOrNotFound(jobId);
        var effectiveLimit = Paging.Clamp(limit);
        var (total, errors) = session.GetErrors(jobId, Math.Max(0, offset), effectiveLimit);
        return new PagedResponse<ImportError> { Total = total, Offset = offset, Limit = effectiveLimit, Results = errors };
    }

    /// <inheritdoc/>
    public async Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        using var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false);
        return session.GetSync(synchronizationId) is not null;
    }

    /// <inheritdoc/>
    public async Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default)
    {
        using var session = await _store.OpenSessionAsync(write: false, cancellationToken).ConfigureAwait(false);
        var effectiveLimit = Paging.Clamp(limit);
        var (total, ids) = session.ListSyncs(Math.Max(0, offset), effectiveLimit);
        return new PagedResponse<SynchronizationInfo>
        {
            Total = total,
            Offset = offset,
            Limit = effectiveLimit,
            Results = ids.Select(id => new SynchronizationInfo { SynchronizationId = id }).ToList(),
        };
    }

    /// <inheritdoc/>
    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        RunInLaneAsync(synchronizationId, session => session.Evict(synchronizationId), cancellationToken);

    /// <inheritdoc/>
    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        // Forgetting an id in the middle of someone's cycle would orphan what its batches sent: refused while leased.
        if (SynchronizationId.Validate(synchronizationId) is null && LiveLease(synchronizationId, Now) is { } lease)
        {
            throw Leased(lease, "forget the synchronization");
        }

        return RunInLaneAsync(synchronizationId, session => session.RemoveSync(synchronizationId), cancellationToken);
    }

    // Runs after the jobs already queued for the id, so it never cuts into a running cycle.
    private Task RunInLaneAsync(string synchronizationId, Action<ICatalogSession> change, CancellationToken cancellationToken)
    {
        if (SynchronizationId.Validate(synchronizationId) is { } error)
        {
            throw new CatalogApiException(400, "invalidSynchronizationId", error);
        }

        return Enqueue(synchronizationId, async () =>
        {
            using var session = await _store.OpenSessionAsync(write: true, cancellationToken).ConfigureAwait(false);
            if (session.GetSync(synchronizationId) is null)
            {
                throw new CatalogApiException(404, "synchronizationNotFound", $"Synchronization '{synchronizationId}' is unknown.");
            }

            change(session);
            session.Commit();
        });
    }

    private CatalogApiException NotFinishedOrNotFound(Guid jobId) => _journal.LoadPending(jobId).Count > 0
        ? new(400, "jobNotFinished", $"Job {jobId} has not finished yet; its results are available when GET /rest/2.0/jobs/{jobId} says COMPLETED or ERROR.")
        : JobNotFound(jobId);

    private static CatalogApiException JobNotFound(Guid jobId) =>
        new(404, "jobNotFound", $"Job {jobId} does not exist in this catalog.");

    /// <summary>
    /// Stops accepting jobs, stops running ones (their transactions roll back), and closes the store. Jobs that
    /// did not finish stay in the journal and run when the catalog is opened again.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        Task[] lanes;
        lock (_lanesLock)
        {
            lanes = [.. _lanes.Values];
        }

        try
        {
            await Task.WhenAll(lanes).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Failures of lanes were reported through their jobs already.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        // Jobs that did not finish stay in the journal, with their input, and run at the next open.
        var keep = _journal.LoadPending().Where(p => p.Request.InputPath is not null).Select(p => Path.GetFullPath(p.Request.InputPath!)).ToHashSet(StringComparer.Ordinal);
        _journal.Dispose();
        await _retention.WhenIdleAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
        DeleteSpoolFiles(_spoolDirectory, keep);
        if (Directory.Exists(_spoolDirectory) && !Directory.EnumerateFileSystemEntries(_spoolDirectory).Any())
        {
            Directory.Delete(_spoolDirectory);
        }
    }

    private const string SpoolFilePattern = "catalogsync-job-*.json";

    private static string SpoolFileName(Guid jobId) => "catalogsync-job-" + jobId.ToString("N") + ".json";

    // Only the catalog's own spool files are deleted (the folder may hold others), and never the input of a pending job.
    private static void DeleteSpoolFiles(string spool, HashSet<string> keep)
    {
        if (!Directory.Exists(spool))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(spool, SpoolFilePattern))
        {
            if (!keep.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
            }
        }
    }
}
