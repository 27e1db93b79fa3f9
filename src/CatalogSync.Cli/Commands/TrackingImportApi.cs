using System.Collections.Concurrent;
using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.Cli.Commands;

/// <summary>
/// Passes every call to the catalog and remembers the jobs started through the server, so that stopping the
/// server can let them finish (and commit) instead of cancelling them.
/// </summary>
internal sealed class TrackingImportApi(IImportApiClient inner) : IImportApiClient, IJobQueueAdmission
{
    private readonly ConcurrentDictionary<Guid, byte> _started = new();

    /// <summary>How many of the jobs started here have not finished yet.</summary>
    public async Task<int> CountUnfinishedAsync()
    {
        var count = 0;
        foreach (var id in _started.Keys)
        {
            try
            {
                if (!(await inner.GetJobAsync(id).ConfigureAwait(false)).IsFinished)
                {
                    count++;
                }
                else
                {
                    _started.TryRemove(id, out _);
                }
            }
            catch (CatalogApiException)
            {
                _started.TryRemove(id, out _);
            }
        }

        return count;
    }

    /// <summary>Tracks jobs started elsewhere: those the catalog resumed when it was opened.</summary>
    public void Track(IEnumerable<Guid> jobIds)
    {
        foreach (var id in jobIds)
        {
            _started.TryAdd(id, 0);
        }
    }

    private async Task<Job> TrackAsync(Task<Job> start)
    {
        var job = await start.ConfigureAwait(false);
        if (!job.IsFinished)
        {
            _started.TryAdd(job.Id, 0);
        }

        return job;
    }

    /// <summary>Waits for the started jobs, at most <paramref name="timeout"/>; jobs still running after that are cancelled by the catalog's disposal.</summary>
    public async Task WaitForPendingAsync(EmbeddedCatalog catalog, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var id in _started.Keys)
        {
            try
            {
                await catalog.WaitForJobAsync(id, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (CatalogApiException)
            {
                // The job is gone already; nothing to wait for.
            }
        }
    }

    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        TrackAsync(inner.StartImportAsync(content, options, cancellationToken));

    public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        TrackAsync(inner.StartSynchronizationBatchAsync(synchronizationId, content, options, cancellationToken));

    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        TrackAsync(inner.StartSynchronizationAsync(synchronizationId, content, options, finalization, cancellationToken));

    public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) =>
        TrackAsync(inner.StartFinalizationAsync(synchronizationId, options, cancellationToken));

    public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetJobAsync(jobId, cancellationToken);

    public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => inner.GetSummaryAsync(jobId, cancellationToken);

    public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        inner.GetErrorsAsync(jobId, offset, limit, cancellationToken);

    public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        inner.SynchronizationExistsAsync(synchronizationId, cancellationToken);

    public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        inner.FindSynchronizationsAsync(offset, limit, cancellationToken);

    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        inner.EvictSynchronizationCacheAsync(synchronizationId, cancellationToken);

    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) =>
        inner.RemoveSynchronizationAsync(synchronizationId, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The catalog's queue decides; a catalog without a bounded queue has room for anything.</remarks>
    public IJobQueueReservation ReserveUpload(long inputBytes) =>
        inner is IJobQueueAdmission admission ? admission.ReserveUpload(inputBytes) : NoReservation.Instance;

    /// <inheritdoc/>
    public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        inner.GetCapabilitiesAsync(cancellationToken);
}

/// <summary>The room of a queue that has no bound: nothing to count, nothing to give back.</summary>
internal sealed class NoReservation : IJobQueueReservation
{
    public static readonly NoReservation Instance = new();

    public void Add(long bytes)
    {
    }

    public void Dispose()
    {
    }
}
