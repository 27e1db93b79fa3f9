using CatalogSync.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogSync.Server;

/// <summary>The 16 paths of Collibra's Import API v2 (<c>dgc-importer-rest.json</c>).</summary>
internal static class ImportEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        foreach (var operation in ImportOperations.All)
        {
            Func<HttpContext, Task<IResult>> handler = context => StartJobAsync(context, operation);
            api.MapPost(operation.Route, handler)
                .WithName(operation.OperationId)
                .WithTags("Import")
                .WithMetadata(operation)
                .Produces(StatusCodes.Status200OK, typeof(Job), "application/json")
                .Produces(StatusCodes.Status400BadRequest, typeof(CollibraError), "application/json")
                .Produces(StatusCodes.Status409Conflict, typeof(CollibraError), "application/json")
                .Produces(StatusCodes.Status413PayloadTooLarge, typeof(CollibraError), "application/json");
        }

        api.MapGet("/import/results/{jobId}/summary", async (HttpContext context, string jobId) =>
        {
            if (ParseJobId(jobId) is not { } id)
            {
                return InvalidJobId(jobId);
            }

            var summary = await Api(context).GetSummaryAsync(id, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(summary, ServerJson.Contract.ImportSummary);
        }).WithName("getImportJobSummary").WithTags("Import")
            .Produces(StatusCodes.Status200OK, typeof(ImportSummary), "application/json")
            .Produces(StatusCodes.Status404NotFound, typeof(CollibraError), "application/json");

        api.MapGet("/import/results/{jobId}/errors", async (HttpContext context, string jobId) =>
        {
            if (ParseJobId(jobId) is not { } id)
            {
                return InvalidJobId(jobId);
            }

            var query = new QueryParser(context.Request);
            var paging = query.Paging();
            if (query.Error is { } error)
            {
                return error;
            }

            var errors = await Api(context).GetErrorsAsync(id, paging.Offset, paging.Limit, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(errors, ServerJson.Contract.PagedResponseImportError);
        }).WithName("findImportErrors").WithTags("Import")
            .Produces(StatusCodes.Status200OK, typeof(PagedResponse<ImportError>), "application/json")
            .Produces(StatusCodes.Status404NotFound, typeof(CollibraError), "application/json");

        api.MapGet("/import/synchronize/exists/{synchronizationId}", async (HttpContext context, string synchronizationId) =>
        {
            // An id that no endpoint accepts is refused here too, rather than answered 'false'.
            if (SynchronizationId.Validate(Unescape(synchronizationId)) is { } invalid)
            {
                return ApiErrors.BadRequest("invalidSynchronizationId", invalid);
            }

            var exists = await Api(context).SynchronizationExistsAsync(Unescape(synchronizationId), context.RequestAborted).ConfigureAwait(false);
            return Results.Json(exists, ServerJson.Contract.Boolean);
        }).WithName("exists").WithTags("Import")
            .Produces(StatusCodes.Status200OK, typeof(bool), "application/json");

        api.MapGet("/import/synchronize", async (HttpContext context) =>
        {
            var query = new QueryParser(context.Request);
            var paging = query.Paging();
            if (query.Error is { } error)
            {
                return error;
            }

            var page = await Api(context).FindSynchronizationsAsync(paging.Offset, paging.Limit, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(page, ServerJson.Contract.PagedResponseSynchronizationInfo);
        }).WithName("findSynchronizationInfos").WithTags("Import")
            .Produces(StatusCodes.Status200OK, typeof(PagedResponse<SynchronizationInfo>), "application/json");

        api.MapDelete("/import/synchronize/{synchronizationId}/evict", async (HttpContext context, string synchronizationId) =>
        {
            if (SynchronizationId.Validate(Unescape(synchronizationId)) is { } invalid)
            {
                return ApiErrors.BadRequest("invalidSynchronizationId", invalid);
            }

            await Api(context).EvictSynchronizationCacheAsync(Unescape(synchronizationId), context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).WithName("evictSynchronizationCache").WithTags("Import").Produces(StatusCodes.Status204NoContent);

        api.MapDelete("/import/synchronize/{synchronizationId}", async (HttpContext context, string synchronizationId) =>
        {
            if (SynchronizationId.Validate(Unescape(synchronizationId)) is { } invalid)
            {
                return ApiErrors.BadRequest("invalidSynchronizationId", invalid);
            }

            await Api(context).RemoveSynchronizationAsync(Unescape(synchronizationId), context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).WithName("removeSynchronization").WithTags("Import").Produces(StatusCodes.Status204NoContent);

        // A CatalogSync extension: clients read what this endpoint does beyond Collibra's documents.
        // (Typed as Func: a lambda of HttpContext alone binds to RequestDelegate and its result would be dropped.)
        Func<HttpContext, Task<IResult>> capabilities = async context =>
            Results.Json(await Api(context).GetCapabilitiesAsync(context.RequestAborted).ConfigureAwait(false), ServerJson.Contract.CatalogCapabilities);
        api.MapGet("/catalogsync/capabilities", capabilities)
            .WithName("getCatalogSyncCapabilities")
            .WithTags("CatalogSync");

        api.MapGet("/jobs/{jobId}", async (HttpContext context, string jobId) =>
        {
            if (ParseJobId(jobId) is not { } id)
            {
                return InvalidJobId(jobId);
            }

            var job = await Api(context).GetJobAsync(id, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(job, ServerJson.Contract.Job);
        }).WithName("getJob").WithTags("Jobs")
            .Produces(StatusCodes.Status200OK, typeof(Job), "application/json")
            .Produces(StatusCodes.Status404NotFound, typeof(CollibraError), "application/json");
    }

    private static IImportApiClient Api(HttpContext context) => context.RequestServices.GetRequiredService<IImportApiClient>();

    /// <summary>Route values are decoded except for an escaped slash (%2F), which a synchronization id may contain.</summary>
    internal static string Unescape(string routeValue) =>
        routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static Guid? ParseJobId(string text) => Guid.TryParse(text, out var id) ? id : null;

    private static IResult InvalidJobId(string text) =>
        ApiErrors.BadRequest("invalidUuid", $"The job id {InputText.Quote(text)} is not a UUID: use the 'id' of the Job that the import call returned.");

    /// <summary>Reads the parts (the file streamed to disk), validates all of them, and only then starts the job.</summary>
    private static async Task<IResult> StartJobAsync(HttpContext context, ImportOperation operation)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<CollibraApiOptions>>().Value;
        string? synchronizationId = null;
        if (operation.Kind != ImportOperationKind.Import)
        {
            synchronizationId = Unescape(context.GetRouteValue("synchronizationId") as string ?? "");
            if (SynchronizationId.Validate(synchronizationId) is { } message)
            {
                return ApiErrors.BadRequest("invalidSynchronizationId", message);
            }
        }

        if (context.Request.ContentLength > options.MaxRequestBodySize)
        {
            return RequestTooLarge(options.MaxRequestBodySize);
        }

        // The queue's room is taken before the body is read: an upload that the engine's queue limit cannot take is refused
        // (503 queueFull with Retry-After, by the error middleware) with nothing written. A body of unknown length (chunked)
        // is counted as its file part arrives, before each piece is written.
        var reservation = Api(context) is IJobQueueAdmission admission ? admission.ReserveUpload(context.Request.ContentLength ?? 0) : null;
        try
        {
            return await ReadAndStartAsync(context, operation, options, synchronizationId, reservation).ConfigureAwait(false);
        }
        finally
        {
            reservation?.Dispose();
        }
    }

    private static async Task<IResult> ReadAndStartAsync(HttpContext context, ImportOperation operation, CollibraApiOptions options, string? synchronizationId, IJobQueueReservation? reservation)
    {
        var countUpload = context.Request.ContentLength is null ? reservation : null;
        var form = await ImportForm.ReadAsync(context.Request, operation, options.SpoolDirectory, options.MaxTextPartLength, countUpload, context.RequestAborted).ConfigureAwait(false);
        await using (form.ConfigureAwait(false))
        {
            if (form.UnsupportedMediaType)
            {
                return ApiErrors.Result(StatusCodes.Status415UnsupportedMediaType, "unsupportedMediaType",
                    $"{operation.OperationId} takes a multipart/form-data body, not {InputText.Quote(context.Request.ContentType)}: send the parts with curl -F or a multipart form.");
            }

            var (request, problems) = ImportRequestValidator.Validate(operation, form);
            if (request is null)
            {
                return ApiErrors.BadRequest(problems[0].Code, string.Join(" ", problems.Select(p => p.Message)));
            }

            // The cycle-lease owner token (a CatalogSync extension): without the header, a request behaves as Collibra's.
            if (context.Request.Headers.TryGetValue(CycleLease.HeaderName, out var ownerValues))
            {
                var owner = ownerValues.Count == 1 ? ownerValues[0] : null;
                if (CycleLease.ValidateOwner(owner) is { } ownerError)
                {
                    return ApiErrors.BadRequest("invalidCycleOwner", ownerValues.Count > 1 ? $"Send the {CycleLease.HeaderName} header once." : ownerError);
                }

                request = request with { Job = request.Job with { CycleOwner = owner }, Finalization = request.Finalization with { CycleOwner = owner } };
            }

            // The room goes back just before the job starts: the start takes room of its own (and checks the limit again).
            reservation?.Dispose();
            var api = Api(context);
            var ct = context.RequestAborted;
            var content = form.FilePath is null ? null
                : request.Tabular is { } tabular ? ImportContent.FromFile(form.FilePath, operation.Format, tabular)
                : ImportContent.FromFile(form.FilePath, operation.Format);
            var job = operation.Kind switch
            {
                ImportOperationKind.Import => await api.StartImportAsync(content!, request.Job, ct).ConfigureAwait(false),
                ImportOperationKind.SynchronizationBatch => await api.StartSynchronizationBatchAsync(synchronizationId!, content!, request.Job, ct).ConfigureAwait(false),
                ImportOperationKind.Synchronization => await api.StartSynchronizationAsync(synchronizationId!, content!, request.Job, request.Finalization, ct).ConfigureAwait(false),
                _ => await api.StartFinalizationAsync(synchronizationId!, request.Finalization, ct).ConfigureAwait(false),
            };
            return Results.Json(job, ServerJson.Contract.Job);
        }
    }

    internal static IResult RequestTooLarge(long limit) =>
        ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, "requestTooLarge", RequestTooLargeMessage(limit));

    internal static string RequestTooLargeMessage(long limit) =>
        $"The request body is larger than this server's limit of {limit} bytes: split the input into smaller batches (Collibra recommends at most 50 000 resources per batch) or start the server with a larger --max-request-size.";
}
