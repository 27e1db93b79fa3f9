using CatalogSync.Contract;

namespace CatalogSync.Plans;

/// <summary>
/// Runs a <see cref="SyncPlanDescription"/> against an Import API v2 endpoint (Collibra over HTTP, or the embedded
/// catalog in-process), all or nothing: first, for each group in order, streams its sources into batches of at most
/// <see cref="SyncPlanDescription.BatchSize"/> resources, sends each one under the group's synchronization ID and waits
/// for its job, stopping at the first batch that does not succeed completely; only when every group's batches
/// succeeded, finalizes each ID in order with its strategy and status. A failure before the finalizations finalizes
/// no ID.
/// </summary>
/// <remarks>
/// <para>
/// <b>Memory.</b> Items are read one at a time; each batch's JSON is written once, by the generated mappers, into
/// pooled memory that holds one batch and is reused for the next, so a run needs about one batch of memory whatever
/// the size of the data set. The batch is kept until its request is answered so that an HTTP retry can send the same
/// bytes again without reading the source twice.
/// </para>
/// <para>
/// <b>Cancellation</b> stops the run between items and while waiting for a job: the run then returns a report with
/// <see cref="SyncRunReport.Cancelled"/> set and the current group <see cref="SyncGroupOutcome.Cancelled"/>, and never
/// starts a finalization afterwards. A finalization request that was already sent is not cut off half-way (its answer
/// says whether the catalog took it); if the run is cancelled while its job runs, the group is
/// <see cref="SyncGroupOutcome.FinalizationUnconfirmed"/>.
/// </para>
/// <para>
/// <b>Failures of the catalog</b> (refused or lost requests, jobs that fail or do not finish within
/// <see cref="SyncRunOptions.MaxJobWait"/>) end the run with a report that says which group stopped and why; they are
/// not thrown. Mistakes of the caller are thrown: sources that do not match the plan (<see cref="ArgumentException"/>),
/// a status name the catalog does not know, an item a mapper cannot write (<see cref="InvalidOperationException"/>).
/// </para>
/// <para>
/// <b>Observability.</b> <see cref="SyncRunOptions.Progress"/> and <see cref="SyncRunOptions.Logger"/> receive each
/// batch and finalization; metrics and spans are published under <see cref="CatalogSyncDiagnostics"/>.
/// </para>
/// </remarks>
public static class SyncPlanExecutor
{
    /// <summary>Runs the plan.</summary>
    /// <param name="client">The catalog. If it is also an <see cref="ICatalogReader"/>, status names are looked up there.</param>
    /// <param name="plan">The plan, usually a generated <c>Description</c>.</param>
    /// <param name="sources">One source per type of the plan.</param>
    /// <param name="options">Run options; <see langword="null"/> takes <see cref="SyncRunOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the run between items and jobs (see the remarks of <see cref="SyncPlanExecutor"/>).</param>
    /// <returns>What each synchronization ID did, with the jobs, their counters per type, and the time spent.</returns>
    /// <exception cref="ArgumentException">The sources do not match the plan's types, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A status name cannot be resolved to an id, or an item cannot be written.</exception>
    public static Task<SyncRunReport> RunAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        IReadOnlyList<SyncSource> sources,
        SyncRunOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Execution.PlanRunner.Create(client, plan, sources, options, simulation: false, cancellationToken).RunAsync();

    /// <summary>
    /// Previews the plan (a dry run): reports per synchronization ID and per type what a run would add, update, leave
    /// unchanged, remove, retire and restore, without changing the catalog.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each group's items are written once to a temporary file (streamed: memory stays bounded, the file is deleted
    /// afterwards) and sent as one simulated job. Against a catalog that says it simulates synchronizations exactly
    /// (<see cref="CatalogCapabilities.SimulatesSynchronizations"/>, e.g. the embedded catalog) that job is <b>one
    /// simulated full synchronization</b> (<c>POST /import/synchronize/{id}/json-job</c> with <c>simulation=true</c>),
    /// which counts everything exactly, the missing assets included. Against any other endpoint (real Collibra, whose
    /// guide says <c>simulation</c> is ignored by synchronization requests) <c>simulation=true</c> is never sent to a
    /// synchronization endpoint: the job is a simulated plain import (<c>POST /import/json-job</c>), exact for added,
    /// updated and unchanged, and what a finalization would remove or retire is estimated from the catalog's assets
    /// through <see cref="ICatalogReader"/> (the client itself, when it is one), as an upper bound
    /// (<see cref="SyncGroupReport.MissingIsUpperBound"/>); without a reader it is <see cref="SyncMissingCounts.Unknown"/>.
    /// <c>simulation</c> is never sent with <c>continueOnError</c>.
    /// </para>
    /// <para>
    /// Collibra recommends full synchronizations below 50 000 resources: a real Collibra instance may refuse or time
    /// out on the preview of a larger group. The embedded catalog previews any size. Since nothing is written, a type
    /// whose relations point to assets that only an earlier group of the same preview would create reports errors that
    /// a real run would not.
    /// </para>
    /// </remarks>
    /// <inheritdoc cref="RunAsync"/>
    public static Task<SyncRunReport> PreviewAsync(
        IImportApiClient client,
        SyncPlanDescription plan,
        IReadOnlyList<SyncSource> sources,
        SyncRunOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Execution.PlanRunner.Create(client, plan, sources, options, simulation: true, cancellationToken).RunAsync();
}
