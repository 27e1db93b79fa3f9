using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CatalogSync.Server;

/// <summary>Collibra's error body: every 4xx and 5xx answer of the server has this shape.</summary>
public sealed record CollibraError
{
    /// <summary>The HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The status' title, e.g. <c>Bad Request</c>.</summary>
    public required string TitleMessage { get; init; }

    /// <summary>What went wrong and what to fix.</summary>
    public required string UserMessage { get; init; }

    /// <summary>Where to look for help.</summary>
    public string? HelpMessage { get; init; }

    /// <summary>A stable, machine-readable code, e.g. <c>invalidSynchronizationId</c>.</summary>
    public required string ErrorCode { get; init; }

    /// <summary>The same text as <see cref="UserMessage"/>, for clients that read <c>message</c>.</summary>
    public string Message => UserMessage;
}

/// <summary>Source-generated JSON for the server's own types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CollibraError))]
[JsonSerializable(typeof(ApplicationInfo))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>Error answers in Collibra's shape.</summary>
internal static class ApiErrors
{
    public const string HelpMessage = "See the API description at /rest/2.0/openapi.json.";

    public static CollibraError Create(int statusCode, string errorCode, string message) => new()
    {
        StatusCode = statusCode,
        TitleMessage = ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } title ? title : "Error",
        UserMessage = Contract.InputText.Bound(message),
        HelpMessage = HelpMessage,
        ErrorCode = errorCode,
    };

    public static IResult Result(int statusCode, string errorCode, string message) =>
        Results.Json(Create(statusCode, errorCode, message), ServerJson.Server.CollibraError, statusCode: statusCode);

    public static IResult BadRequest(string errorCode, string message) => Result(StatusCodes.Status400BadRequest, errorCode, message);

    public static IResult NotFound(string errorCode, string message) => Result(StatusCodes.Status404NotFound, errorCode, message);

    public static Task WriteAsync(HttpContext context, int statusCode, string errorCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(Create(statusCode, errorCode, message), ServerJson.Server.CollibraError, contentType: null, context.RequestAborted);
    }
}

/// <summary>The answer of <c>GET /application/info</c>.</summary>
internal sealed record ApplicationInfo(string BaseUrl, ApplicationVersion Version, string BuildNumber);

/// <summary>A version as Collibra reports it.</summary>
internal sealed record ApplicationVersion(int Major, int Minor, string FullVersion, string DisplayVersion);
