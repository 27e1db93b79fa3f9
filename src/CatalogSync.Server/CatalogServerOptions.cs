using Microsoft.Extensions.Logging;

namespace CatalogSync.Server;

/// <summary>How <see cref="CatalogServer"/> listens and whom it lets in.</summary>
public sealed record CatalogServerOptions
{
    /// <summary>The default request size limit: 1 GiB.</summary>
    public const long DefaultMaxRequestBodySize = 1L << 30;

    /// <summary>
    /// The longest request line (method, request target and protocol, e.g. <c>GET /rest/2.0/assets?name=… HTTP/1.1</c>), in
    /// bytes; a longer one gets 414 with Collibra's error JSON.
    /// </summary>
    public const int MaxRequestLineLength = 8 * 1024;

    /// <summary>
    /// The most bytes that a request's headers may take together, each counted as <c>name: value</c> and its line end;
    /// beyond it, 431 with Collibra's error JSON.
    /// </summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>The most header lines a request may have; beyond it, 431 with Collibra's error JSON.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>
    /// Kestrel's own request line limit, well above <see cref="MaxRequestLineLength"/> so that the server's middleware, not
    /// Kestrel, refuses what is over the documented limit (Kestrel's answers have no body). Beyond it Kestrel answers 414 itself.
    /// </summary>
    public const int KestrelMaxRequestLineSize = 64 * 1024;

    /// <summary>Kestrel's own header size limit, well above <see cref="MaxRequestHeadersTotalSize"/>; beyond it Kestrel answers 431 itself.</summary>
    public const int KestrelMaxRequestHeadersTotalSize = 256 * 1024;

    /// <summary>Kestrel's own header count limit, well above <see cref="MaxRequestHeaderCount"/>; beyond it Kestrel answers 431 itself.</summary>
    public const int KestrelMaxRequestHeaderCount = 1000;

    /// <summary>The user name that is used when none is given.</summary>
    public const string DefaultUserName = "admin";

    /// <summary>The addresses to listen on, e.g. <c>http://127.0.0.1:5180</c>; port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5180"];

    /// <summary>
    /// The user name for HTTP Basic authentication. When neither it nor <see cref="Password"/> is given, the
    /// server uses <see cref="DefaultUserName"/> with a generated password and listens on loopback addresses only.
    /// </summary>
    public string? UserName { get; init; }

    /// <summary>The password for HTTP Basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>The largest request body accepted, in bytes; larger requests get 413.</summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>Where uploaded files are streamed before the engine takes them; the system temp folder when <see langword="null"/>.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>The loggers; none when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
