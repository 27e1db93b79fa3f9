using System.Diagnostics;
using CatalogSync.Contract;
using CatalogSync.Plans.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using D = CatalogSync.Plans.CatalogSyncDiagnostics;

namespace CatalogSync.Plans;

/// <summary>One run (or preview) of a plan: the state behind <see cref="SyncPlanExecutor"/>.</summary>
internal sealed partial class SyncRun
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly ImportSummary NoSummary = new();

    private readonly IImportApiClient _client;
    private readonly SyncPlanDescription _plan;
    private readonly Dictionary<string, SyncSource> _sources;
    private readonly SyncRunOptions _options;
    private readonly bool _simulation;
    private readonly CancellationToken _cancellationToken;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly ImportJobOptions _jobOptions;
    private int _totalBatches;
    private CatalogCapabilities _capabilities = CatalogCapabilities.Unknown;

    private SyncRun(IImportApiClient client, SyncPlanDescription plan, Dictionary<string, SyncSource> sources, SyncRunOptions options, bool simulation, CancellationToken cancellationToken)
    {
        _client = client;
        _plan = plan;
        _sources = sources;
        _options = options;
        _simulation = simulation;
        _cancellationToken = cancellationToken;
        _logger = options.Logger ?? NullLogger.Instance;
        _batchSize = options.BatchSize ?? plan.BatchSize;
        // Relations are sent explicitly as REPLACE unless the caller chose: the catalog then follows the source,
        // whatever the endpoint's own default (Collibra's contract does not state one).
        _jobOptions = options.JobOptions with
        {
            Simulation = simulation,
            RelationsAction = options.JobOptions.RelationsAction ?? RelationsAction.Replace,
            // Collibra does not support simulation together with continueOnError: a preview never sends both.
            ContinueOnError = !simulation && options.JobOptions.ContinueOnError,
        };
    }

    private string Kind => _simulation ? "Preview" : "Run";

    public static SyncRun Create(IImportApiClient client, SyncPlanDescription plan, IReadOnlyList<SyncSource> sources, SyncRunOptions? options, bool simulation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sources);
        options ??= SyncRunOptions.Default;
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new SyncRun(client, plan, MatchSources(plan, sources), options, simulation, cancellationToken);
    }

    public async Task<SyncRunReport> RunAsync()
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var activity = D.Source.StartActivity(D.RunActivity);
        activity?.SetTag(D.PlanTag, _plan.Name);
        activity?.SetTag(D.SimulationTag, _simulation);

        var reports = new List<SyncGroupReport>(_plan.Groups.Count);
        Guid?[] statusIds;
        try
        {
            statusIds = await ResolveStatusesAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            statusIds = new Guid?[_plan.Groups.Count];
        }

        if (_simulation && !_cancellationToken.IsCancellationRequested)
        {
            _capabilities = await ReadCapabilitiesAsync().ConfigureAwait(false);
        }

        using (var buffer = new PooledBufferStream())
        {
            var stop = _cancellationToken.IsCancellationRequested;
            for (var g = 0; g < _plan.Groups.Count; g++)
            {
                var group = _plan.Groups[g];
                if (stop)
                {
                    reports.Add(new SyncGroupReport { Group = group, Outcome = SyncGroupOutcome.NotStarted, StatusId = statusIds[g], Types = EmptyTypes(group) });
                    continue;
                }

                var report = await RunGroupAsync(group, statusIds[g], buffer).ConfigureAwait(false);
                stop = report.Outcome != SyncGroupOutcome.Finalized;
                reports.Add(report);
            }
        }

        var cancelled = reports.Any(r => r.Outcome == SyncGroupOutcome.Cancelled)
            || (_cancellationToken.IsCancellationRequested && reports.Any(r => r.Outcome != SyncGroupOutcome.Finalized));
        var run = new SyncRunReport
        {
            Plan = _plan,
            Simulation = _simulation,
            Cancelled = cancelled,
            Groups = reports,
            StartedAt = startedAt,
            Elapsed = clock.Elapsed,
        };
        activity?.SetTag(D.ResultTag, run.Succeeded ? "success" : cancelled ? "cancelled" : "failure");
        if (!run.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        LogRunCompleted(_logger, Kind, _plan.Name, run.Succeeded ? "succeeded" : cancelled ? "cancelled" : "did not succeed", run.Jobs.Count(), run.Elapsed.TotalSeconds);
        return run;
    }

    // ---------------------------------------------------------------- a group

    private async Task<SyncGroupReport> RunGroupAsync(SyncGroupDescription group, Guid? statusId, PooledBufferStream buffer)
    {
        var state = new GroupState(group, statusId);
        SyncGroupReport report;
        try
        {
            report = _simulation
                ? await PreviewGroupAsync(state).ConfigureAwait(false)
                : await SendGroupAsync(state, buffer).ConfigureAwait(false);
        }
        finally
        {
            buffer.Reset();
        }

        if (report.Outcome is SyncGroupOutcome.SkippedEmpty or SyncGroupOutcome.Cancelled)
        {
            LogGroupStopped(_logger, group.SyncId, report.Outcome, report.Message ?? "");
        }

        Report(SyncPhase.GroupCompleted, state, job: null, report.Outcome);
        return report;
    }

    private async Task<SyncGroupReport> SendGroupAsync(GroupState state, PooledBufferStream buffer)
    {
        var group = state.Group;
        var writer = new BatchWriter(buffer, _batchSize);
        try
        {
            for (var t = 0; t < group.Types.Count; t++)
            {
                var type = group.Types[t];
                state.CurrentType = type.TypeName;
                var reader = _sources[type.TypeName].OpenReader(_cancellationToken);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        if (!reader.TryWriteCurrent(writer))
                        {
                            if (await SendBatchAsync(state, writer, buffer).ConfigureAwait(false) is { } stopped)
                            {
                                return stopped;
                            }

                            writer.Dispose();
                            writer = new BatchWriter(buffer, _batchSize);
                            if (!reader.TryWriteCurrent(writer))
                            {
                                throw new InvalidOperationException($"An item of {type.TypeName} does not fit into an empty batch of {_batchSize} resources.");
                            }
                        }

                        state.Pending[t]++;
                        if (writer.PendingBytes >= BatchWriter.FlushThreshold)
                        {
                            await writer.FlushAsync(_cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }

            if (writer.AssetCount > 0 && await SendBatchAsync(state, writer, buffer).ConfigureAwait(false) is { } last)
            {
                return last;
            }
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            return state.Stop(SyncGroupOutcome.Cancelled, $"The run was cancelled while reading the sources of '{group.SyncId}', after {state.Batches.Count} batch(es); '{group.SyncId}' was not finalized.");
        }
        finally
        {
            writer.Dispose();
        }

        if (state.AssetsSent == 0 && !_options.FinalizeEmptyGroups)
        {
            return state.Stop(SyncGroupOutcome.SkippedEmpty, EmptyMessage(group));
        }

        if (_cancellationToken.IsCancellationRequested)
        {
            return state.Stop(SyncGroupOutcome.Cancelled, $"The run was cancelled after the {state.Batches.Count} batch(es) of '{group.SyncId}'; '{group.SyncId}' was not finalized.");
        }

        return await FinalizeAsync(state).ConfigureAwait(false);
    }

    /// <summary>Sends the batch in <paramref name="buffer"/> and waits for its job.</summary>
    /// <returns>The group's report when the run must stop, <see langword="null"/> when the batch succeeded.</returns>
    private async Task<SyncGroupReport?> SendBatchAsync(GroupState state, BatchWriter writer, PooledBufferStream buffer)
    {
        var syncId = state.Group.SyncId;
        await writer.CompleteAsync(_cancellationToken).ConfigureAwait(false);
        var number = state.Batches.Count + 1;
        using var activity = StartActivity(D.BatchActivity, syncId);
        activity?.SetTag(D.BatchNumberTag, number);
        activity?.SetTag(D.ResourcesTag, writer.ResourceCount);
        var clock = Stopwatch.StartNew();
        Job job;
        try
        {
            job = await _client.StartSynchronizationBatchAsync(syncId, ImportContent.FromWriter(buffer.ReplayAsync), _jobOptions, _cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            End(activity, "cancelled");
            return state.Stop(SyncGroupOutcome.Cancelled, $"The run was cancelled while batch {number} of '{syncId}' was being sent; '{syncId}' was not finalized.");
        }
        catch (Exception e) when (IsCatalogFailure(e))
        {
            D.BatchFailures.Add(1, Tags(syncId));
            End(activity, "failure");
            var message = $"Batch {number} of '{syncId}' could not be sent: {e.Message} '{syncId}' was not finalized.";
            LogBatchStopped(_logger, number, syncId, message);
            return state.Stop(SyncGroupOutcome.BatchFailed, message);
        }

        activity?.SetTag(D.JobIdTag, job.Id);
        state.Accept(writer);
        _totalBatches++;
        D.BatchesSent.Add(1, Tags(syncId));
        D.AssetsSent.Add(writer.AssetCount, Tags(syncId));
        Report(SyncPhase.BatchStarted, state, job);

        var wait = await WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, writer.ResourceCount) { Kind = SyncJobKind.Batch, Assets = writer.AssetCount, Elapsed = clock.Elapsed };
        state.Batches.Add(report);
        buffer.Reset();
        RecordDuration(report, "batch", syncId);
        Report(SyncPhase.BatchCompleted, state, wait.Job);
        LogBatch(_logger, number, syncId, report.Resources, report.Assets, job.Id, wait.Job.State, wait.Job.Result, report.Elapsed.TotalSeconds);
        if (report.Succeeded)
        {
            End(activity, "success");
            return null;
        }

        D.BatchFailures.Add(1, Tags(syncId));
        End(activity, wait.End == WaitEnd.Cancelled ? "cancelled" : "failure");
        var stopMessage = wait.End switch
        {
            WaitEnd.Cancelled => $"The run was cancelled while batch {number} of '{syncId}' (job {job.Id}) was running; '{syncId}' was not finalized.",
            WaitEnd.TimedOut => $"Batch {number} of '{syncId}' (job {job.Id}) did not finish within {_options.MaxJobWait}; '{syncId}' was not finalized.",
            WaitEnd.Failed => $"The state of batch {number} of '{syncId}' (job {job.Id}) could not be read: {wait.Error!.Message} '{syncId}' was not finalized.",
            _ => $"Batch {number} of '{syncId}' ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : $": {wait.Job.Message}")}; the synchronization was not finalized.",
        };
        LogBatchStopped(_logger, number, syncId, stopMessage);
        return state.Stop(wait.End == WaitEnd.Cancelled ? SyncGroupOutcome.Cancelled : SyncGroupOutcome.BatchFailed, stopMessage);
    }

    private async Task<SyncGroupReport> FinalizeAsync(GroupState state)
    {
        var group = state.Group;
        var syncId = group.SyncId;
        using var activity = StartActivity(D.FinalizeActivity, syncId);
        var clock = Stopwatch.StartNew();
        Job job;
        try
        {
            // Not cancellable: once the request is on its way, the run must learn whether the catalog took it, because a
            // finalization is never sent twice.
            job = await _client.StartFinalizationAsync(syncId, FinalizationFor(group, state.StatusId, simulation: false), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCatalogFailure(e))
        {
            var refused = CertainlyNotProcessed(e);
            var result = refused ? "failure" : "unconfirmed";
            D.Finalizations.Add(1, Tags(syncId, result));
            End(activity, result);
            var message = refused
                ? $"The catalog refused the finalization of '{syncId}': {e.Message} '{syncId}' was not finalized."
                : $"The finalization of '{syncId}' was sent but its answer was lost ({e.GetType().Name}: {e.Message}). It may have run; it was not sent again, because a second finalization would end the next, empty cycle. Check the catalog's jobs before running the plan again.";
            var outcome = refused ? SyncGroupOutcome.FinalizationFailed : SyncGroupOutcome.FinalizationUnconfirmed;
            LogFinalizationProblem(_logger, syncId, outcome, message);
            return state.Stop(outcome, message);
        }

        activity?.SetTag(D.JobIdTag, job.Id);
        Report(SyncPhase.FinalizationStarted, state, job);
        var wait = await WaitAsync(job).ConfigureAwait(false);
        var report = new SyncJobReport(wait.Job, wait.Summary, 0) { Kind = SyncJobKind.Finalization, Elapsed = clock.Elapsed };
        state.Finalization = report;
        RecordDuration(report, "finalization", syncId);
        Report(SyncPhase.FinalizationCompleted, state, wait.Job);
        if (report.Succeeded)
        {
            D.Finalizations.Add(1, Tags(syncId, "success"));
            End(activity, "success");
            var assets = report.Summary.CountersFor(ImportResourceType.Asset);
            LogFinalized(_logger, syncId, group.FinalizationStrategy, job.Id, wait.Job.State, wait.Job.Result, report.Elapsed.TotalSeconds, assets.Removed, assets.Retired);
            return state.Stop(SyncGroupOutcome.Finalized, null);
        }

        var unconfirmed = wait.End != WaitEnd.Finished;
        D.Finalizations.Add(1, Tags(syncId, unconfirmed ? "unconfirmed" : "failure"));
        End(activity, unconfirmed ? "unconfirmed" : "failure");
        var text = wait.End switch
        {
            WaitEnd.Cancelled => $"The run was cancelled while the finalization of '{syncId}' (job {job.Id}) was running; that job was not stopped and may still complete.",
            WaitEnd.TimedOut => $"The finalization of '{syncId}' (job {job.Id}) did not finish within {_options.MaxJobWait}; it may still complete. Check the job before running the plan again.",
            WaitEnd.Failed => $"The state of the finalization of '{syncId}' (job {job.Id}) could not be read: {wait.Error!.Message} Check the job before running the plan again.",
            _ => $"Finalization of '{syncId}' ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : $": {wait.Job.Message}")}; nothing was finalized.",
        };
        var stop = unconfirmed ? SyncGroupOutcome.FinalizationUnconfirmed : SyncGroupOutcome.FinalizationFailed;
        LogFinalizationProblem(_logger, syncId, stop, text);
        return state.Stop(stop, text);
    }

    private async Task<SyncGroupReport> PreviewGroupAsync(GroupState state)
    {
        var group = state.Group;
        var syncId = group.SyncId;
        var directory = string.IsNullOrEmpty(_options.TemporaryDirectory) ? Path.GetTempPath() : _options.TemporaryDirectory;
        var path = Path.Combine(directory, $"catalogsync-preview-{Guid.NewGuid():N}.json");
        // Deleted when closed, whatever happens (on Unix as soon as it is closed; the content goes through this handle).
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var writer = BatchWriter.Unbounded(file);
            try
            {
                for (var t = 0; t < group.Types.Count; t++)
                {
                    var type = group.Types[t];
                    state.CurrentType = type.TypeName;
                    var reader = _sources[type.TypeName].OpenReader(_cancellationToken);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.MoveNextAsync().ConfigureAwait(false))
                        {
                            if (!reader.TryWriteCurrent(writer))
                            {
                                throw new InvalidOperationException($"An item of {type.TypeName} could not be written.");
                            }

                            state.Pending[t]++;
                            if (writer.PendingBytes >= BatchWriter.FlushThreshold)
                            {
                                await writer.FlushAsync(_cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }

                await writer.CompleteAsync(_cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return state.Stop(SyncGroupOutcome.Cancelled, $"The preview was cancelled while reading the sources of '{syncId}'.");
            }
            finally
            {
                writer.Dispose();
            }

            if (writer.AssetCount == 0 && !_options.FinalizeEmptyGroups)
            {
                return state.Stop(SyncGroupOutcome.SkippedEmpty, EmptyMessage(group));
            }

            using var activity = StartActivity(D.FinalizeActivity, syncId);
            activity?.SetTag(D.ResourcesTag, writer.ResourceCount);
            var clock = Stopwatch.StartNew();
            var content = ImportContent.FromWriter(
                async (destination, cancellationToken) =>
                {
                    file.Position = 0;
                    await file.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                },
                fileName: $"preview-{syncId}.json");
            // Only a catalog known to simulate synchronizations gets simulation=true on a synchronization request:
            // Collibra's guide says simulation is ignored there, so a simulated full synchronization would run, and
            // finalize, for real. Anywhere else the preview is a simulated plain import, plus an estimate of what is missing.
            var exact = _capabilities.SimulatesSynchronizations;
            if (!exact)
            {
                state.MissingCounts = SyncMissingCounts.Unknown; // until the estimate below
            }

            Job job;
            try
            {
                job = exact
                    ? await _client.StartSynchronizationAsync(syncId, content, _jobOptions, FinalizationFor(group, state.StatusId, simulation: true), _cancellationToken).ConfigureAwait(false)
                    : await _client.StartImportAsync(content, _jobOptions with { Simulation = true, ContinueOnError = false }, _cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                End(activity, "cancelled");
                return state.Stop(SyncGroupOutcome.Cancelled, $"The preview was cancelled while '{syncId}' was being sent.");
            }
            catch (Exception e) when (IsCatalogFailure(e))
            {
                End(activity, "failure");
                return state.Stop(SyncGroupOutcome.BatchFailed, $"The simulated synchronization of '{syncId}' ({writer.ResourceCount} resources) could not be sent: {e.Message}");
            }

            activity?.SetTag(D.JobIdTag, job.Id);
            state.Accept(writer);
            _totalBatches++;
            Report(SyncPhase.BatchStarted, state, job);
            var wait = await WaitAsync(job).ConfigureAwait(false);
            var report = new SyncJobReport(wait.Job, wait.Summary, writer.ResourceCount) { Kind = exact ? SyncJobKind.Synchronization : SyncJobKind.Import, Assets = writer.AssetCount, Elapsed = clock.Elapsed };
            state.Batches.Add(report);
            RecordDuration(report, exact ? "synchronization" : "import", syncId);
            if (!exact && report.Succeeded)
            {
                await EstimateMissingAsync(state, file).ConfigureAwait(false);
            }

            Report(SyncPhase.BatchCompleted, state, wait.Job);
            var assets = state.EstimatedMissing.Aggregate(report.Summary.CountersFor(ImportResourceType.Asset), (sum, e) => sum + e.Counters);
            LogPreviewed(_logger, syncId, group.FinalizationStrategy, report.Resources, job.Id, wait.Job.State, wait.Job.Result, assets.Added, assets.Updated, assets.Unchanged, assets.Removed, assets.Retired, assets.Restored);
            if (report.Succeeded)
            {
                End(activity, "success");
                return state.Stop(SyncGroupOutcome.Finalized, null);
            }

            End(activity, wait.End == WaitEnd.Cancelled ? "cancelled" : "failure");
            return wait.End switch
            {
                WaitEnd.Cancelled => state.Stop(SyncGroupOutcome.Cancelled, $"The preview was cancelled while the simulated synchronization of '{syncId}' (job {job.Id}) was running."),
                WaitEnd.TimedOut => state.Stop(SyncGroupOutcome.BatchFailed, $"The simulated synchronization of '{syncId}' (job {job.Id}) did not finish within {_options.MaxJobWait}."),
                WaitEnd.Failed => state.Stop(SyncGroupOutcome.BatchFailed, $"The state of the simulated synchronization of '{syncId}' (job {job.Id}) could not be read: {wait.Error!.Message}"),
                _ => state.Stop(SyncGroupOutcome.BatchFailed, $"The simulated synchronization of '{syncId}' ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : $": {wait.Job.Message}")}; a run would not be finalized."),
            };
        }
    }

    /// <summary>What the catalog says it can do; <see cref="CatalogCapabilities.Unknown"/> when it cannot be read.</summary>
    private async Task<CatalogCapabilities> ReadCapabilitiesAsync()
    {
        try
        {
            return await _client.GetCapabilitiesAsync(_cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCatalogFailure(e) || e is OperationCanceledException)
        {
            return CatalogCapabilities.Unknown; // the safe reading: the preview then sends nothing that could write
        }
    }

    /// <summary>After a simulated plain import: what the group's finalization would remove or retire, at most.</summary>
    private async Task EstimateMissingAsync(GroupState state, Stream file)
    {
        var group = state.Group;
        if (group.Strategy == MissingStrategy.Ignore)
        {
            state.MissingCounts = SyncMissingCounts.Exact; // an IGNORE finalization changes nothing
            return;
        }

        if (_client is not ICatalogReader reader)
        {
            state.MissingCounts = SyncMissingCounts.Unknown;
            return;
        }

        try
        {
            var identities = await MissingEstimator.ReadIdentitiesAsync(file, _cancellationToken).ConfigureAwait(false);
            state.EstimatedMissing = await MissingEstimator.EstimateAsync(reader, group, state.StatusId, identities, _cancellationToken).ConfigureAwait(false);
            state.MissingCounts = SyncMissingCounts.UpperBound;
        }
        catch (Exception e) when (IsCatalogFailure(e) || (e is OperationCanceledException && _cancellationToken.IsCancellationRequested))
        {
            state.MissingCounts = SyncMissingCounts.Unknown;
        }
    }

    // ---------------------------------------------------------------- jobs

    private enum WaitEnd
    {
        Finished,
        Cancelled,
        TimedOut,
        Failed,
    }

    private sealed record JobWait(Job Job, ImportSummary Summary, WaitEnd End, Exception? Error = null);

    /// <summary>Polls the job with backoff (10 ms doubling up to <see cref="SyncRunOptions.PollInterval"/>) until it ends, then reads its summary.</summary>
    private async Task<JobWait> WaitAsync(Job job)
    {
        var waited = Stopwatch.StartNew();
        var delay = FirstPoll;
        var maxDelay = _options.PollInterval > FirstPoll ? _options.PollInterval : FirstPoll;
        try
        {
            while (!job.IsFinished)
            {
                var left = _options.MaxJobWait == Timeout.InfiniteTimeSpan ? delay : _options.MaxJobWait - waited.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return new JobWait(job, NoSummary, WaitEnd.TimedOut);
                }

                await Task.Delay(delay < left ? delay : left, _cancellationToken).ConfigureAwait(false);
                job = await _client.GetJobAsync(job.Id, _cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < maxDelay ? delay * 2 : maxDelay;
            }

            var summary = await _client.GetSummaryAsync(job.Id, _cancellationToken).ConfigureAwait(false);
            return new JobWait(job, summary, WaitEnd.Finished);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            return new JobWait(job, NoSummary, WaitEnd.Cancelled);
        }
        catch (Exception e) when (IsCatalogFailure(e))
        {
            return new JobWait(job, NoSummary, WaitEnd.Failed, e);
        }
    }

    /// <summary>A failure of the catalog or of the way to it, as opposed to a mistake of the caller.</summary>
    private bool IsCatalogFailure(Exception e) => e switch
    {
        CatalogApiException or HttpRequestException or IOException or TimeoutException or Polly.ExecutionRejectedException => true,
        OperationCanceledException => !_cancellationToken.IsCancellationRequested, // e.g. HttpClient.Timeout
        _ => false,
    };

    /// <summary>Whether the catalog certainly did not act on the request (it refused it, or it never reached it).</summary>
    private static bool CertainlyNotProcessed(Exception e) => e switch
    {
        CatalogApiException { StatusCode: (>= 400 and < 500 and not 408) or 503 } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
        _ => false,
    };

    private static FinalizationOptions FinalizationFor(SyncGroupDescription group, Guid? statusId, bool simulation) => new()
    {
        Strategy = group.FinalizationStrategy,
        MissingAssetStatusId = group.Strategy == MissingStrategy.ChangeStatus ? statusId : null,
        Simulation = simulation,
    };

    private static string EmptyMessage(SyncGroupDescription group) =>
        $"The sources of '{group.SyncId}' yielded no asset, so it was not finalized: finalizing would {(group.Strategy == MissingStrategy.Ignore ? "do nothing useful" : "remove or retire everything it owns")}. Set {nameof(SyncRunOptions.FinalizeEmptyGroups)} to finalize anyway.";

    private static IReadOnlyList<SyncTypeReport> EmptyTypes(SyncGroupDescription group) =>
        [.. group.Types.Select(t => new SyncTypeReport(t, 0, new ImportCounters()))];

    // ---------------------------------------------------------------- observability

    private void Report(SyncPhase phase, GroupState state, Job? job, SyncGroupOutcome? outcome = null) =>
        _options.Progress?.Report(new SyncProgress
        {
            Phase = phase,
            PlanName = _plan.Name,
            SyncId = state.Group.SyncId,
            TypeName = state.CurrentType,
            AssetsSent = state.AssetsSent,
            BatchesSent = state.Batches.Count + (phase == SyncPhase.BatchStarted ? 1 : 0),
            TotalBatchesSent = _totalBatches,
            Job = job,
            Outcome = outcome,
            Simulation = _simulation,
        });

    private Activity? StartActivity(string name, string syncId)
    {
        var activity = D.Source.StartActivity(name);
        activity?.SetTag(D.SyncIdTag, syncId);
        activity?.SetTag(D.SimulationTag, _simulation);
        return activity;
    }

    private static void End(Activity? activity, string result)
    {
        activity?.SetTag(D.ResultTag, result);
        if (result != "success")
        {
            activity?.SetStatus(ActivityStatusCode.Error, result);
        }
    }

    private void RecordDuration(SyncJobReport report, string kind, string syncId)
    {
        if (!report.Finished)
        {
            return;
        }

        var tags = new TagList
        {
            { D.SyncIdTag, syncId },
            { D.SimulationTag, _simulation },
            { D.JobKindTag, kind },
            { D.ResultTag, report.Succeeded ? "success" : "failure" },
        };
        D.JobDuration.Record(report.Elapsed.TotalSeconds, tags);
    }

    private TagList Tags(string syncId, string? result = null)
    {
        var tags = new TagList { { D.SyncIdTag, syncId }, { D.SimulationTag, _simulation } };
        if (result is not null)
        {
            tags.Add(D.ResultTag, result);
        }

        return tags;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Batch {BatchNumber} of '{SyncId}': {Resources} resources, {Assets} of them assets, job {JobId} {State} {Result} in {Seconds:0.00} s")]
    private static partial void LogBatch(ILogger logger, int batchNumber, string syncId, int resources, int assets, Guid jobId, JobState state, JobResult result, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Batch {BatchNumber} of '{SyncId}' stopped the run: {Message}")]
    private static partial void LogBatchStopped(ILogger logger, int batchNumber, string syncId, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Finalization of '{SyncId}' ({Strategy}): job {JobId} {State} {Result} in {Seconds:0.00} s; assets removed {Removed}, retired {Retired}")]
    private static partial void LogFinalized(ILogger logger, string syncId, FinalizationStrategy strategy, Guid jobId, JobState state, JobResult result, double seconds, int removed, int retired);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Finalization of '{SyncId}': {Outcome}. {Message}")]
    private static partial void LogFinalizationProblem(ILogger logger, string syncId, SyncGroupOutcome outcome, string message);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Preview of '{SyncId}' ({Strategy}): {Resources} resources in one simulated synchronization, job {JobId} {State} {Result}; assets added {Added}, updated {Updated}, unchanged {Unchanged}, removed {Removed}, retired {Retired}, restored {Restored}")]
    private static partial void LogPreviewed(ILogger logger, string syncId, FinalizationStrategy strategy, int resources, Guid jobId, JobState state, JobResult result, int added, int updated, int unchanged, int removed, int retired, int restored);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "'{SyncId}' {Outcome}: {Message}")]
    private static partial void LogGroupStopped(ILogger logger, string syncId, SyncGroupOutcome outcome, string message);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Kind} of sync plan '{Plan}' {Verdict}: {Jobs} job(s) in {Seconds:0.0} s")]
    private static partial void LogRunCompleted(ILogger logger, string kind, string plan, string verdict, int jobs, double seconds);

    // ---------------------------------------------------------------- set-up

    private static Dictionary<string, SyncSource> MatchSources(SyncPlanDescription plan, IReadOnlyList<SyncSource> sources)
    {
        var byType = new Dictionary<string, SyncSource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            ArgumentNullException.ThrowIfNull(source, nameof(sources));
            if (!byType.TryAdd(source.TypeName, source))
            {
                throw new ArgumentException($"Two sources were given for {source.TypeName}.", nameof(sources));
            }
        }

        var expected = plan.Types.Select(t => t.TypeName).ToHashSet(StringComparer.Ordinal);
        if (expected.FirstOrDefault(t => !byType.ContainsKey(t)) is { } missing)
        {
            throw new ArgumentException($"No source was given for {missing}, which plan '{plan.Name}' synchronizes.", nameof(sources));
        }

        if (byType.Keys.FirstOrDefault(t => !expected.Contains(t)) is { } extra)
        {
            throw new ArgumentException($"A source was given for {extra}, which plan '{plan.Name}' does not synchronize.", nameof(sources));
        }

        return byType;
    }

    private async Task<Guid?[]> ResolveStatusesAsync()
    {
        var ids = new Guid?[_plan.Groups.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var group = _plan.Groups[i];
            if (group.Strategy != MissingStrategy.ChangeStatus || group.StatusId is not null)
            {
                ids[i] = group.StatusId;
                continue;
            }

            var name = group.StatusName!;
            if (_client is not ICatalogReader reader)
            {
                throw new InvalidOperationException($"'{group.SyncId}' names its missing-asset status '{name}', but this client cannot look statuses up. Give [MissingPolicy] a StatusId instead.");
            }

            var found = await reader.FindStatusesAsync(name, NameMatchMode.Exact, cancellationToken: _cancellationToken).ConfigureAwait(false);
            var status = found.Results.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The catalog has no status named '{name}', which '{group.SyncId}' gives missing assets. Check [MissingPolicy(StatusName = …)].");
            ids[i] = status.Id;
        }

        return ids;
    }

    /// <summary>What a group has done so far.</summary>
    private sealed class GroupState(SyncGroupDescription group, Guid? statusId)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int[] _sent = new int[group.Types.Count];

        public SyncGroupDescription Group { get; } = group;

        public Guid? StatusId { get; } = statusId;

        public string? CurrentType { get; set; }

        /// <summary>Items written per type into the batch being built.</summary>
        public int[] Pending { get; } = new int[group.Types.Count];

        public List<SyncJobReport> Batches { get; } = [];

        public SyncJobReport? Finalization { get; set; }

        public SyncMissingCounts MissingCounts { get; set; }

        public IReadOnlyList<SubcategorySummary> EstimatedMissing { get; set; } = [];

        public int AssetsSent { get; private set; }

        public int ResourcesSent { get; private set; }

        /// <summary>The catalog accepted the batch being built: its items count as sent.</summary>
        public void Accept(BatchWriter writer)
        {
            AssetsSent += writer.AssetCount;
            ResourcesSent += writer.ResourceCount;
            for (var i = 0; i < _sent.Length; i++)
            {
                _sent[i] += Pending[i];
                Pending[i] = 0;
            }
        }

        public SyncGroupReport Stop(SyncGroupOutcome outcome, string? message)
        {
            var report = new SyncGroupReport
            {
                Group = Group,
                Outcome = outcome,
                StatusId = StatusId,
                Batches = Batches,
                Finalization = Finalization,
                AssetsSent = AssetsSent,
                ResourcesSent = ResourcesSent,
                Elapsed = _clock.Elapsed,
                Message = message,
                MissingCounts = MissingCounts,
                EstimatedMissing = EstimatedMissing,
            };
            return report with { Types = [.. Group.Types.Select((t, i) => new SyncTypeReport(t, _sent[i], report.CountersFor(t.AssetType)))] };
        }
    }
}
