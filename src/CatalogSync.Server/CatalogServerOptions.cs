using Microsoft.Extensions.Logging;

namespace CatalogSync.Server;

/// <summary>How <see cref="CatalogServer"/> listens and whom it lets in.</summary>
public sealed record CatalogServerOptions
{
    /// <summary>The default request size limit: 1 GiB.</summary>
    public const long DefaultMaxRequestBodySize = 1L << 30;

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
