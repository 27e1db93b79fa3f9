using System.Net;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A handler in front of the real server on 127.0.0.1 that makes it behave as Collibra's Import API guide describes
/// real Collibra: <c>simulation</c> "does not apply to synchronization requests", so the <c>simulation=true</c> part is
/// stripped from every synchronization request (which the server then applies for real), and the CatalogSync
/// capabilities endpoint does not exist (404).
/// </summary>
public sealed class CollibraLikeEndpoint : DelegatingHandler
{
    public CollibraLikeEndpoint() => InnerHandler = new SocketsHttpHandler();

    /// <summary>Synchronization requests whose <c>simulation=true</c> part was stripped.</summary>
    public int StrippedSimulations { get; private set; }

    /// <summary>Requests that reached the server: method and path.</summary>
    public List<string> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/catalogsync/capabilities", StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request, Content = new StringContent("{\"statusCode\":404}") };
        }

        if (request.Method == HttpMethod.Post && path.Contains("/import/synchronize/", StringComparison.Ordinal) && request.Content is MultipartFormDataContent form)
        {
            var stripped = new MultipartFormDataContent();
            var removed = false;
            foreach (var part in form)
            {
                if (part.Headers.ContentDisposition?.Name?.Trim('"') == "simulation" && (await part.ReadAsStringAsync(cancellationToken)).Trim() == "true")
                {
                    removed = true;
                    continue;
                }

                stripped.Add(part);
            }

            if (removed)
            {
                StrippedSimulations++;
                request.Content = stripped;
            }
        }

        lock (Requests)
        {
            Requests.Add($"{request.Method} {path}");
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
