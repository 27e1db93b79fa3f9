using System.Net;
using System.Net.Sockets;
using CatalogSync.Contract;
using Polly;

namespace CatalogSync.Http;

/// <summary>
/// What a failed request to the catalog means for what may happen next: whether the catalog may have acted on it.
/// The one classification shared by the HTTP resilience (what to retry) and the plan runner (what to report), so the
/// plan layer needs no knowledge of the HTTP client's resilience library.
/// </summary>
internal enum CatalogFailure
{
    /// <summary>Not a failure of the catalog or of the way to it: a mistake of the caller, or the caller's own cancellation.</summary>
    None,

    /// <summary>No connection could be made (name resolution, refused, TLS, proxy tunnel): the request never reached the catalog.</summary>
    NotSent,

    /// <summary><c>429 Too Many Requests</c> or <c>503 Service Unavailable</c>: the catalog did not take the request; come back later.</summary>
    Busy,

    /// <summary><c>401</c> or <c>403</c>: the catalog refused the credentials or the permission.</summary>
    Unauthorized,

    /// <summary><c>404</c>: the catalog does not know the path or the resource.</summary>
    NotFound,

    /// <summary>Another <c>4xx</c> (not <c>408</c>): the catalog refused the request.</summary>
    Refused,

    /// <summary>
    /// <c>408</c>, <c>500</c>, <c>502</c>, <c>504</c>, a connection lost after sending, a timeout: the catalog may have
    /// acted; sending it again is only safe for a replayable request.
    /// </summary>
    Ambiguous,

    /// <summary>Another <c>5xx</c>: the catalog may have acted, and trying again is not expected to help.</summary>
    ServerFault,
}

/// <summary>Classifies exceptions and status codes into <see cref="CatalogFailure"/>.</summary>
internal static class CatalogFailures
{
    /// <summary>What a status code means (<see cref="CatalogFailure.None"/> for a success or redirect).</summary>
    public static CatalogFailure Classify(HttpStatusCode status) => (int)status switch
    {
        429 or 503 => CatalogFailure.Busy,
        401 or 403 => CatalogFailure.Unauthorized,
        404 => CatalogFailure.NotFound,
        408 or 500 or 502 or 504 => CatalogFailure.Ambiguous,
        >= 400 and < 500 => CatalogFailure.Refused,
        >= 500 => CatalogFailure.ServerFault,
        _ => CatalogFailure.None,
    };

    /// <summary>What an exception from a catalog client means.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="callerToken">The caller's token: an <see cref="OperationCanceledException"/> while it is cancelled is the caller's own cancellation, not a failure.</param>
    public static CatalogFailure Classify(Exception exception, CancellationToken callerToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (NotSent(exception))
        {
            return CatalogFailure.NotSent;
        }

        return exception switch
        {
            CatalogApiException api => Classify((HttpStatusCode)api.StatusCode) is var kind && kind != CatalogFailure.None ? kind : CatalogFailure.ServerFault,
            HttpRequestException or IOException or TimeoutException or ExecutionRejectedException => CatalogFailure.Ambiguous,
            OperationCanceledException => callerToken.IsCancellationRequested ? CatalogFailure.None : CatalogFailure.Ambiguous, // e.g. HttpClient.Timeout
            _ => CatalogFailure.None,
        };
    }

    /// <summary>Whether the exception is a timeout (an attempt or total timeout of the resilience, <c>HttpClient.Timeout</c>).</summary>
    public static bool IsTimeout(Exception exception) =>
        exception is TimeoutException or Polly.Timeout.TimeoutRejectedException || (exception is OperationCanceledException && exception.InnerException is TimeoutException);

    /// <summary>
    /// Whether the catalog certainly did not act on a request that failed so. Not <see cref="CatalogFailure.Busy"/>:
    /// nothing in Collibra's documents promises that a 429 or 503 means "not processed", and a gateway may answer 503
    /// for a request the catalog did take.
    /// </summary>
    public static bool CertainlyNotProcessed(CatalogFailure failure) =>
        failure is CatalogFailure.NotSent or CatalogFailure.Unauthorized or CatalogFailure.NotFound or CatalogFailure.Refused;

    /// <summary>Whether the exception says the request never left the client (no connection could be made).</summary>
    private static bool NotSent(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
            {
                return true;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }
}
