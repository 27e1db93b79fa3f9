using CatalogSync.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogSync.Server;

/// <summary>Composes the Collibra-compatible API into any ASP.NET Core application.</summary>
public static class CollibraApiExtensions
{
    /// <summary>Collibra's REST prefix.</summary>
    public const string Prefix = "/rest/2.0";

    /// <summary>Where the server's own OpenAPI document is served (no authentication needed).</summary>
    public const string OpenApiPath = Prefix + "/openapi.json";

    /// <summary>
    /// Registers what <see cref="MapCollibraApi"/> needs: options, the OpenAPI document and JSON settings. The
    /// catalog itself (<see cref="IImportApiClient"/> and <see cref="ICatalogReader"/>) must be registered too.
    /// </summary>
    public static IServiceCollection AddCollibraApi(this IServiceCollection services, Action<CollibraApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CollibraApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractJsonContext.Default));
        services.AddOpenApi(OpenApiTransformers.Configure);
        return services;
    }

    /// <summary>
    /// Adds the request line and header limits (414 / 431), Collibra's error JSON for exceptions and HTTP Basic
    /// authentication in front of every API request.
    /// </summary>
    public static IApplicationBuilder UseCollibraApi(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            await ApiErrors.WriteAsync(http, status, status switch
            {
                404 => "notFound",
                405 => "methodNotAllowed",
                _ => "httpError",
            }, status switch
            {
                404 => $"There is no resource at {http.Request.Path}: check the path against {OpenApiPath}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}: check the method against {OpenApiPath}.",
                _ => $"The request failed with status {status}.",
            }).ConfigureAwait(false);
        });
        app.UseMiddleware<BasicAuthenticationMiddleware>();
        app.Use((context, next) =>
        {
            // Kestrel resolves '.' and '..' segments (also as %2E) before routing, so /import/synchronize/./batch/json-job
            // would reach the full synchronization of the id 'batch'. A dotted segment is never routed: it is refused.
            if (context.Request.Path.StartsWithSegments(Prefix)
                && context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } rawTarget
                && HasDotSegment(rawTarget))
            {
                return rawTarget.Contains("/import/synchronize", StringComparison.OrdinalIgnoreCase)
                    ? ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalidSynchronizationId",
                        SynchronizationId.Validate(".") + " The request's path has a '.' or '..' segment (or %2E), which is not routed.")
                    : ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalidPath",
                        $"The request's path has a '.' or '..' segment (or %2E): send the path as {OpenApiPath} describes it, without dot segments.");
            }

            // An empty synchronization id leaves an empty path segment that no route matches: say why instead of 404.
            if (context.GetEndpoint() is null
                && context.Request.Path.StartsWithSegments(Prefix + "/import/synchronize", out var rest)
                && rest.Value is { } tail && (tail.StartsWith("//", StringComparison.Ordinal) || tail == "/"))
            {
                return ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalidSynchronizationId",
                    SynchronizationId.Validate("") ?? "The synchronization id is empty.");
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Whether the path of a raw request target has a segment that is '.' or '..', literally or percent-encoded.</summary>
    internal static bool HasDotSegment(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.Length is 0 or > 6 || segment.IndexOfAny('.', '%') < 0)
            {
                continue;
            }

            var decoded = Uri.UnescapeDataString(segment.ToString());
            if (decoded is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Maps Collibra's Import API v2 (all 16 paths), the read side of Core REST v2 and the OpenAPI document
    /// under <c>/rest/2.0</c>, over the <see cref="IImportApiClient"/> and <see cref="ICatalogReader"/> from DI.
    /// </summary>
    public static RouteGroupBuilder MapCollibraApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix);
        ImportEndpoints.Map(api);
        CoreEndpoints.Map(api);
        api.MapGet("/application/info", (HttpContext context) =>
        {
            var version = typeof(CollibraApiExtensions).Assembly.GetName().Version ?? new Version(0, 1);
            var root = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(
                new ApplicationInfo(root, new ApplicationVersion(version.Major, version.Minor, version.ToString(3), $"CatalogSync {version.ToString(3)}"), "catalogsync"),
                ServerJson.Server.ApplicationInfo);
        }).WithName("getInfo").WithTags("Application");
        endpoints.MapOpenApi(OpenApiPath);
        return api;
    }
}
