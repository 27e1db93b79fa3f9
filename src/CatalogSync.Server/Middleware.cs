using System.Security.Cryptography;
using System.Text;
using CatalogSync.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CatalogSync.Server;

/// <summary>HTTP Basic authentication, as Collibra: every API request needs the configured user and password.</summary>
internal sealed class BasicAuthenticationMiddleware(RequestDelegate next, IOptions<CollibraApiOptions> options)
{
    public const string Challenge = "Basic realm=\"CatalogSync\", charset=\"UTF-8\"";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.Value.UserName}:{options.Value.Password}"));
    private readonly bool _enabled = options.Value.Password.Length > 0;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(CollibraApiExtensions.OpenApiPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (_enabled && Authenticated(context.Request))
        {
            return next(context);
        }

        context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        var hasCredentials = context.Request.Headers.Authorization.Count > 0;
        return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, hasCredentials ? "invalidCredentials" : "authenticationRequired",
            hasCredentials
                ? "The user name or password is wrong: use the credentials that 'catalog-sync serve' was started with (--user/--password, or the generated password it printed)."
                : "This catalog needs HTTP Basic authentication: send the user and password that 'catalog-sync serve' was started with, e.g. curl -u USER:PASSWORD.");
    }

    private bool Authenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(decoded), _expected);
    }
}

/// <summary>
/// The documented request line and header limits, answered with Collibra's error JSON: 414 for a request line over
/// <see cref="CatalogServerOptions.MaxRequestLineLength"/>, 431 for headers over
/// <see cref="CatalogServerOptions.MaxRequestHeadersTotalSize"/> or <see cref="CatalogServerOptions.MaxRequestHeaderCount"/>.
/// Kestrel's own limits (whose answers have no body) are set well above these, so only this middleware meets them.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;

        // As it came on the wire: "METHOD SP target SP protocol" (the target is ASCII; the line end is not counted).
        var lineLength = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length;
        if (lineLength > CatalogServerOptions.MaxRequestLineLength)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status414UriTooLong, "requestLineTooLong",
                $"The request line is {lineLength} bytes long, more than this server's limit of {CatalogServerOptions.MaxRequestLineLength} bytes: "
                + "send fewer or shorter query parameters (page with offset and limit, filter by id rather than by long names).");
        }

        long headersSize = 0;
        var headerCount = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                // One "name: value" line and its CRLF per value, as a client sends them.
                headersSize += name.Length + 2 + (value?.Length ?? 0) + 2;
                headerCount++;
            }
        }

        if (headersSize > CatalogServerOptions.MaxRequestHeadersTotalSize)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headersTooLarge",
                $"The request's headers take {headersSize} bytes, more than this server's limit of {CatalogServerOptions.MaxRequestHeadersTotalSize} bytes: send shorter headers (cookies and tokens included).");
        }

        if (headerCount > CatalogServerOptions.MaxRequestHeaderCount)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headersTooLarge",
                $"The request has {headerCount} header lines, more than this server's limit of {CatalogServerOptions.MaxRequestHeaderCount}: send fewer headers.");
        }

        return next(context);
    }
}

/// <summary>Turns exceptions into Collibra's error JSON: the engine's <see cref="CatalogApiException"/> keeps its status and code.</summary>
internal sealed partial class ErrorMiddleware(RequestDelegate next, IOptions<CollibraApiOptions> options, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (CatalogApiException e) when (!context.Response.HasStarted)
        {
            if (e.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                // The engine's queue is full (queueFull): nothing was kept, the client may try again shortly.
                context.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds;
            }

            await ApiErrors.WriteAsync(context, e.StatusCode, e.ErrorCode, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await ApiErrors.WriteAsync(context, e.StatusCode, "requestTooLarge", ImportEndpoints.RequestTooLargeMessage(options.Value.MaxRequestBodySize)).ConfigureAwait(false);
            }
            else
            {
                await ApiErrors.WriteAsync(context, e.StatusCode, "badRequest", $"The request cannot be read: {e.Message}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Method, InputText.Bound(context.Request.Path.Value ?? ""));
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "internalError",
                "The server failed while handling the request; nothing was started. The server log has the details.").ConfigureAwait(false);
        }
    }

    /// <summary>What a 503 answer suggests to wait, in seconds.</summary>
    public const string RetryAfterSeconds = "5";

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
