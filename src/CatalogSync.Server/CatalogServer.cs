using System.Net;
using System.Security.Cryptography;
using CatalogSync.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Server;

/// <summary>
/// The Collibra-compatible REST host of a catalog: Kestrel, HTTP Basic authentication, Collibra's error JSON,
/// the Import API v2 and the read side of Core REST v2 under <c>/rest/2.0</c>, and the server's OpenAPI document.
/// </summary>
/// <example>
/// <code>
/// await using var server = CatalogServer.Create(new CatalogServerOptions { Urls = ["http://127.0.0.1:0"] }, catalog, catalog);
/// await server.StartAsync();
/// Console.WriteLine($"{server.BaseAddress} as {server.UserName}:{server.Password}");
/// </code>
/// </example>
public sealed class CatalogServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _started;

    private CatalogServer(WebApplication app, string userName, string password, bool passwordGenerated)
    {
        _app = app;
        UserName = userName;
        Password = password;
        PasswordGenerated = passwordGenerated;
    }

    /// <summary>The user name that HTTP Basic authentication accepts.</summary>
    public string UserName { get; }

    /// <summary>The password that HTTP Basic authentication accepts (generated when none was given).</summary>
    public string Password { get; }

    /// <summary>Whether <see cref="Password"/> was generated because no credentials were given.</summary>
    public bool PasswordGenerated { get; }

    /// <summary>The addresses the server listens on, with the real ports once started.</summary>
    public IReadOnlyList<Uri> Addresses => [.. _app.Urls.Select(u => new Uri(u.Replace("://[::]", "://[::1]", StringComparison.Ordinal)))];

    /// <summary>The first address the server listens on (the catalog's root; the API is under <c>rest/2.0/</c>).</summary>
    public Uri BaseAddress => Addresses.Count > 0 ? Addresses[0] : throw new InvalidOperationException("The server is not started.");

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds a server over a catalog; <see cref="StartAsync"/> starts listening.</summary>
    /// <param name="options">Addresses, credentials and limits.</param>
    /// <param name="importApi">The Import API implementation (the embedded catalog).</param>
    /// <param name="reader">The Core REST read side (the embedded catalog).</param>
    /// <exception cref="ArgumentException">The options are inconsistent (a user without a password, an invalid URL…).</exception>
    /// <exception cref="InvalidOperationException">No credentials were given and an address is not a loopback address.</exception>
    public static CatalogServer Create(CatalogServerOptions options, IImportApiClient importApi, ICatalogReader reader)
    {
        ArgumentNullException.ThrowIfNull(importApi);
        ArgumentNullException.ThrowIfNull(reader);
        ValidateOptions(options);
        var generated = string.IsNullOrEmpty(options.Password);
        var userName = string.IsNullOrEmpty(options.UserName) ? CatalogServerOptions.DefaultUserName : options.UserName;
        var password = generated ? GeneratePassword() : options.Password!;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CatalogServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is not null)
        {
            builder.Services.AddSingleton(options.LoggerFactory);
        }

        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;

            // Kestrel answers its own limits with an empty body: its limits are raised well above the documented ones,
            // which RequestLimitsMiddleware enforces with Collibra's error JSON.
            kestrel.Limits.MaxRequestLineSize = CatalogServerOptions.KestrelMaxRequestLineSize;
            kestrel.Limits.MaxRequestHeadersTotalSize = CatalogServerOptions.KestrelMaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = CatalogServerOptions.KestrelMaxRequestHeaderCount;
        });
        builder.Services.AddSingleton(importApi);
        builder.Services.AddSingleton(reader);
        var spool = options.SpoolDirectory ?? Path.Combine(Path.GetTempPath(), "catalogsync-uploads");
        Directory.CreateDirectory(spool);
        DeleteLeftoverUploads(spool, olderThan: options.SpoolDirectory is null ? TimeSpan.FromHours(24) : TimeSpan.Zero);
        builder.Services.AddCollibraApi(api =>
        {
            api.MaxRequestBodySize = options.MaxRequestBodySize;
            api.SpoolDirectory = spool;
            api.UserName = userName;
            api.Password = password;
        });

        var app = builder.Build();
        app.UseCollibraApi();
        app.MapCollibraApi();
        return new CatalogServer(app, userName, password, generated);
    }

    /// <summary>Checks the options as <see cref="Create"/> does, without building anything (so a caller can refuse them before it creates files).</summary>
    /// <param name="options">Addresses, credentials and limits.</param>
    /// <exception cref="ArgumentException">The options are inconsistent (a user without a password, an invalid URL…).</exception>
    /// <exception cref="InvalidOperationException">No credentials were given and an address is not a loopback address.</exception>
    public static void ValidateOptions(CatalogServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Urls.Count == 0)
        {
            throw new ArgumentException("Give at least one address to listen on, e.g. http://127.0.0.1:5180.", nameof(options));
        }

        if (options.MaxRequestBodySize <= 0)
        {
            throw new ArgumentException("The request size limit must be a positive number of bytes.", nameof(options));
        }

        if (!string.IsNullOrEmpty(options.UserName) && string.IsNullOrEmpty(options.Password))
        {
            throw new ArgumentException($"A user name ({InputText.Quote(options.UserName)}) was given without a password: give both, or neither to get a generated password.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.Password) && options.Urls.FirstOrDefault(u => !IsLoopback(u)) is { } exposed)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {exposed} with a generated password: give --user and --password (or CATALOGSYNC_USER and CATALOGSYNC_PASSWORD) to serve on a non-loopback address.");
        }

        foreach (var url in options.Urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"{InputText.Quote(url)} is not an address to listen on: give e.g. http://127.0.0.1:5180.", nameof(options));
            }
        }
    }

    /// <summary>Starts listening; <see cref="Addresses"/> then has the bound ports.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>Completes when the server is asked to stop (Ctrl+C, SIGTERM, or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting requests and lets the requests under way finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            _started = false;
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether a listen address is on the loopback interface only.</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    // Uploads that a previous process was still receiving when it stopped (killed, crashed). A private spool folder is
    // emptied; the shared default one (the system temp folder) only of what is a day old, since other servers may use it.
    private static void DeleteLeftoverUploads(string spool, TimeSpan olderThan)
    {
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var directory in new DirectoryInfo(spool).EnumerateDirectories(ImportForm.UploadDirectoryPattern))
        {
            try
            {
                if (olderThan == TimeSpan.Zero || directory.LastWriteTimeUtc < cutoff)
                {
                    directory.Delete(recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use or not ours: left alone.
            }
        }
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
