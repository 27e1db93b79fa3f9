namespace CatalogSync.Contract;

/// <summary>
/// Collibra's Import API v2, as one interface with two implementations that behave alike: over HTTP
/// (real Collibra or <c>catalog-sync serve</c>) and in-process (the embedded catalog itself).
/// Every <c>Start…</c> method returns as soon as the job is queued; poll it with <see cref="GetJobAsync"/>.
/// </summary>
public interface IImportApiClient
{
    /// <summary><c>POST /import/json-job</c> (and csv/excel): create or update, never delete.</summary>
    Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default);

    /// <summary><c>POST /import/synchronize/{id}/batch/{format}-job</c>: import and mark as seen in the current cycle.</summary>
    Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default);

    /// <summary><c>POST /import/synchronize/{id}/{format}-job</c>: one batch and the finalization in one job.</summary>
    Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default);

    /// <summary><c>POST /import/synchronize/{id}/finalize/job</c>: end the cycle.</summary>
    Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default);

    /// <summary><c>GET /jobs/{jobId}</c>.</summary>
    /// <exception cref="CatalogApiException">The job does not exist (404).</exception>
    Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /import/results/{jobId}/summary</c>.</summary>
    Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /import/results/{jobId}/errors</c>.</summary>
    Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary><c>GET /import/synchronize/exists/{id}</c>.</summary>
    Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /import/synchronize</c>.</summary>
    Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /import/synchronize/{id}/evict</c>: forget the unchanged-resource cache; ownership stays.</summary>
    Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /import/synchronize/{id}</c>: forget the id and everything it tracked; resources stay.</summary>
    Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /catalogsync/capabilities</c> (a CatalogSync extension): what the endpoint is known to do beyond
    /// Collibra's documents. An endpoint that does not answer it is taken as <see cref="CatalogCapabilities.Unknown"/>.
    /// </summary>
    Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CatalogCapabilities.Unknown);
}

/// <summary>An error answered by the catalog, with Collibra's error fields.</summary>
public sealed class CatalogApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogApiException(int statusCode, string errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception.</summary>
    public CatalogApiException()
        : this(500, "unknown", "The catalog reported an error.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public CatalogApiException(string message)
        : this(500, "unknown", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CatalogApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        ErrorCode = "unknown";
    }

    /// <summary>The HTTP status code (400 invalid request, 404 not found, …).</summary>
    public int StatusCode { get; }

    /// <summary>A stable, machine-readable code, e.g. <c>jobNotFound</c>.</summary>
    public string ErrorCode { get; }
}
