using System.Net.Http.Headers;
using System.Text;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Server.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) over a catalog, with a real HttpClient; disposing stops it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string User = "tester";
    public const string Password = "s3cret-pass";

    private RunningServer(CatalogServer server, string spool)
    {
        Server = server;
        SpoolDirectory = spool;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        Anonymous = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public CatalogServer Server { get; }

    public string SpoolDirectory { get; }

    /// <summary>A client that sends the right credentials.</summary>
    public HttpClient Http { get; }

    /// <summary>A client that sends none.</summary>
    public HttpClient Anonymous { get; }

    public Uri BaseAddress => Server.BaseAddress;

    public CollibraHttpClient CreateClient() =>
        new(Http, new CollibraHttpClientOptions { BaseAddress = BaseAddress, UserName = User, Password = Password });

    public static async Task<RunningServer> StartAsync(IImportApiClient api, ICatalogReader reader, long maxRequestBodySize = CatalogServerOptions.DefaultMaxRequestBodySize)
    {
        var spool = Path.Combine(Path.GetTempPath(), "catalogsync-server-tests", Guid.NewGuid().ToString("N"));
        var server = CatalogServer.Create(
            new CatalogServerOptions
            {
                Urls = ["http://127.0.0.1:0"],
                UserName = User,
                Password = Password,
                MaxRequestBodySize = maxRequestBodySize,
                SpoolDirectory = spool,
            },
            api,
            reader);
        await server.StartAsync();
        return new RunningServer(server, spool);
    }

    /// <summary>Files left in the spool folder (uploads must be deleted once the engine has them).</summary>
    public IReadOnlyList<string> SpooledFiles() =>
        Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "*", SearchOption.AllDirectories) : [];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(SpoolDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
