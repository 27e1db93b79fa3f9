using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>
/// Runs a <see cref="SyncPlanDescription"/> against an Import API v2 endpoint. For each group, in order: streams
/// its sources into batches of at most <see cref="SyncPlanDescription.BatchSize"/> resources, sends each one under
/// the group's synchronization ID and waits for it; stops at the first batch that does not succeed completely,
/// <b>without</b> finalizing; otherwise finalizes the ID with its strategy and status.
/// </summary>
/// <remarks>
/// Only one batch is held at a time, in pooled memory, so a client may send it again on a retry.
/// </remarks>
public static class SyncPlanExecutor
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs the plan.</summary>
    /// <param name="client">The catalog. If it is also an <see cref="ICatalogReader"/>, status names are looked up there.</param>
    /// <param name="plan">The plan, usually a generated <c>Description</c>.</param>
    /// <param name="sources">One source per type of the plan.</param>
    /// <param name="options">Run options; <see langword="null"/> takes <see cref="SyncRunOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the run between jobs and items.</param>
    /// <exception cref="ArgumentException">The sources do not match the plan's types.</exception>
    /// <exception cref="InvalidOperationException">A status name cannot be resolved to an id.</exception>
    public static Task<SyncRunReport> RunAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        IReadOnlyList<SyncSource> sources,
        SyncRunOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync(client, plan, sources, options ?? SyncRunOptions.Default, simulation: false, cancellationToken);

    /// <summary>
    /// Runs the plan as a simulation (<c>simulation=true</c> on every batch and finalization): the catalog computes
    /// the counters but changes nothing.
    /// </summary>
    /// <remarks>
    /// A group that fits in one batch is previewed exactly, as one simulated full synchronization (its missing
    /// assets are counted as removed or retired). A larger group's batches are simulated one by one and its
    /// finalization is not (<see cref="SyncGroupOutcome.PreviewedWithoutFinalization"/>), because a simulated batch
    /// marks nothing as seen. Since nothing is written, a type whose relations point to assets that only a
    /// simulated earlier group would create reports errors that a real run would not.
    /// </remarks>
    /// <inheritdoc cref="RunAsync"/>
    public static Task<SyncRunReport> PreviewAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        IReadOnlyList<SyncSource> sources,
        SyncRunOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync(client, plan, sources, options ?? SyncRunOptions.Default, simulation: true, cancellationToken);

    private static async Task<SyncRunReport> RunCoreAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        IReadOnlyList<SyncSource> sources,
        SyncRunOptions options,
        bool simulation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sources);
        var byType = MatchSources(plan, sources);
        var statusIds = await ResolveStatusesAsync(client, plan, cancellationToken).ConfigureAwait(false);
        var jobOptions = options.JobOptions with { Simulation = simulation };

        var reports = new List<SyncGroupReport>(plan.Groups.Count);
        var failed = false;
        using var buffer = new PooledBufferStream();
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            var group = plan.Groups[g];
            if (failed)
            {
                reports.Add(new SyncGroupReport { Group = group, Outcome = SyncGroupOutcome.NotStarted, StatusId = statusIds[g] });
                continue;
            }

            var report = await RunGroupAsync(client, plan, group, statusIds[g], byType, buffer, jobOptions, options, cancellationToken).ConfigureAwait(false);
            failed = report.Outcome is not (SyncGroupOutcome.Finalized or SyncGroupOutcome.PreviewedWithoutFinalization);
            reports.Add(report);
        }

        return new SyncRunReport { Plan = plan, Simulation = simulation, Groups = reports };
    }

    private static async Task<SyncGroupReport> RunGroupAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        SyncGroupDescription group,
        Guid? statusId,
        Dictionary<string, SyncSource> sources,
        PooledBufferStream buffer,
        ImportJobOptions jobOptions,
        SyncRunOptions options,
        CancellationToken cancellationToken)
    {
        var batches = new List<SyncJobReport>();
        var assets = 0;
        var resources = 0;
        var writer = new BatchWriter(buffer, plan.BatchSize);
        try
        {
            foreach (var type in group.Types)
            {
                var reader = sources[type.TypeName].OpenReader(cancellationToken);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        if (!reader.TryWriteCurrent(writer))
                        {
                            var batch = await SendBatchAsync(client, group.SyncId, writer, buffer, jobOptions, options, cancellationToken).ConfigureAwait(false);
                            batches.Add(batch);
                            assets += writer.AssetCount;
                            resources += writer.ResourceCount;
                            writer.Dispose();
                            if (!batch.Succeeded)
                            {
                                return Failed(SyncGroupOutcome.BatchFailed, Describe("Batch", batches.Count, batch.Job));
                            }

                            writer = new BatchWriter(buffer, plan.BatchSize);
                            if (!reader.TryWriteCurrent(writer))
                            {
                                throw new InvalidOperationException($"An item of {type.TypeName} does not fit into an empty batch of {plan.BatchSize} resources.");
                            }
                        }

                        if (writer.PendingBytes >= BatchWriter.FlushThreshold)
                        {
                            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }

            if (writer.AssetCount > 0 && jobOptions.Simulation && batches.Count == 0)
            {
                // A simulated batch marks nothing as seen, so a simulated finalization after it would count
                // everything as missing. A group that fits in one batch is previewed exactly instead, as one
                // simulated full synchronization (batch and finalization in one job).
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                var content = ImportContent.FromWriter(buffer.ReplayAsync);
                var fullJob = await client.StartSynchronizationAsync(group.SyncId, content, jobOptions, FinalizationFor(group, statusId, simulation: true), cancellationToken).ConfigureAwait(false);
                var full = await CompleteJobAsync(client, fullJob, writer.ResourceCount, options, cancellationToken).ConfigureAwait(false);
                return new SyncGroupReport
                {
                    Group = group,
                    StatusId = statusId,
                    Outcome = full.Succeeded ? SyncGroupOutcome.Finalized : SyncGroupOutcome.BatchFailed,
                    Batches = [full],
                    AssetsSent = writer.AssetCount,
                    ResourcesSent = writer.ResourceCount,
                    Message = full.Succeeded ? null : Describe("Simulated synchronization", 0, full.Job),
                };
            }

            if (writer.AssetCount > 0)
            {
                var batch = await SendBatchAsync(client, group.SyncId, writer, buffer, jobOptions, options, cancellationToken).ConfigureAwait(false);
                batches.Add(batch);
                assets += writer.AssetCount;
                resources += writer.ResourceCount;
                if (!batch.Succeeded)
                {
                    return Failed(SyncGroupOutcome.BatchFailed, Describe("Batch", batches.Count, batch.Job));
                }
            }
        }
        finally
        {
            writer.Dispose();
            buffer.Reset();
        }

        if (assets == 0 && !options.FinalizeEmptyGroups)
        {
            return Failed(SyncGroupOutcome.SkippedEmpty, $"The sources of '{group.SyncId}' yielded no asset, so it was not finalized: finalizing would {(group.Strategy == MissingStrategy.Ignore ? "do nothing useful" : "remove or retire everything it owns")}. Set {nameof(SyncRunOptions.FinalizeEmptyGroups)} to finalize anyway.");
        }

        if (jobOptions.Simulation)
        {
            return Failed(SyncGroupOutcome.PreviewedWithoutFinalization, $"'{group.SyncId}' needs {batches.Count} batches: its batches were simulated, but its finalization cannot be, because a simulated batch marks nothing as seen. Missing assets are not counted.");
        }

        var started = await client.StartFinalizationAsync(group.SyncId, FinalizationFor(group, statusId, simulation: false), cancellationToken).ConfigureAwait(false);
        var finalization = await CompleteJobAsync(client, started, 0, options, cancellationToken).ConfigureAwait(false);
        return new SyncGroupReport
        {
            Group = group,
            StatusId = statusId,
            Outcome = finalization.Succeeded ? SyncGroupOutcome.Finalized : SyncGroupOutcome.FinalizationFailed,
            Batches = batches,
            Finalization = finalization,
            AssetsSent = assets,
            ResourcesSent = resources,
            Message = finalization.Succeeded ? null : Describe("Finalization", 0, finalization.Job),
        };

        SyncGroupReport Failed(SyncGroupOutcome outcome, string message) => new()
        {
            Group = group,
            StatusId = statusId,
            Outcome = outcome,
            Batches = batches,
            AssetsSent = assets,
            ResourcesSent = resources,
            Message = message,
        };

        string Describe(string what, int number, Job job) =>
            $"{what}{(number > 0 ? $" {number}" : "")} of '{group.SyncId}' ended {job.State}/{job.Result}{(job.Message is null ? "" : $": {job.Message}")}; the synchronization was not finalized.";
    }

    private static FinalizationOptions FinalizationFor(SyncGroupDescription group, Guid? statusId, bool simulation) => new()
    {
        Strategy = group.FinalizationStrategy,
        MissingAssetStatusId = group.Strategy == MissingStrategy.ChangeStatus ? statusId : null,
        Simulation = simulation,
    };

    private static async Task<SyncJobReport> SendBatchAsync(
        IImportApiClient client,
        string syncId,
        BatchWriter writer,
        PooledBufferStream buffer,
        ImportJobOptions jobOptions,
        SyncRunOptions options,
        CancellationToken cancellationToken)
    {
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var content = ImportContent.FromWriter(buffer.ReplayAsync);
        var started = await client.StartSynchronizationBatchAsync(syncId, content, jobOptions, cancellationToken).ConfigureAwait(false);
        var report = await CompleteJobAsync(client, started, writer.ResourceCount, options, cancellationToken).ConfigureAwait(false);
        buffer.Reset();
        return report;
    }

    private static async Task<SyncJobReport> CompleteJobAsync(IImportApiClient client, Job job, int resources, SyncRunOptions options, CancellationToken cancellationToken)
    {
        var delay = FirstPoll;
        while (!job.IsFinished)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            job = await client.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.PollInterval.Ticks, FirstPoll.Ticks)));
        }

        var summary = await client.GetSummaryAsync(job.Id, cancellationToken).ConfigureAwait(false);
        return new SyncJobReport(job, summary, resources);
    }

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

    private static async Task<Guid?[]> ResolveStatusesAsync(IImportApiClient client, SyncPlanDescription plan, CancellationToken cancellationToken)
    {
        var ids = new Guid?[plan.Groups.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var group = plan.Groups[i];
            if (group.Strategy != MissingStrategy.ChangeStatus || group.StatusId is not null)
            {
                ids[i] = group.StatusId;
                continue;
            }

            var name = group.StatusName!;
            if (client is not ICatalogReader reader)
            {
                throw new InvalidOperationException($"'{group.SyncId}' names its missing-asset status '{name}', but this client cannot look statuses up. Give [MissingPolicy] a StatusId instead.");
            }

            var found = await reader.FindStatusesAsync(name, NameMatchMode.Exact, cancellationToken: cancellationToken).ConfigureAwait(false);
            var status = found.Results.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The catalog has no status named '{name}', which '{group.SyncId}' gives missing assets. Check [MissingPolicy(StatusName = …)].");
            ids[i] = status.Id;
        }

        return ids;
    }
}
