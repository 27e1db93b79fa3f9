using CatalogSync.Catalog;
using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Server;

namespace CatalogSync.Runtime.Tests;

/// <summary>A fresh embedded catalog in a temporary SQLite file, optionally served over HTTP on 127.0.0.1.</summary>
public sealed class TempCatalog : IAsyncDisposable
{
    public const string User = "runtime";
    public const string Password = "runtime-password";
    public static readonly Guid MissingFromSource = Guid.Parse("00000000-0000-0000-0000-000000005066");

    private readonly DirectoryInfo _directory;

    private TempCatalog(DirectoryInfo directory, EmbeddedCatalog engine)
    {
        _directory = directory;
        Engine = engine;
    }

    /// <summary>The engine itself (in-process).</summary>
    public EmbeddedCatalog Engine { get; }

    /// <summary>The REST host over <see cref="Engine"/>, once <see cref="ServeAsync()"/> was called.</summary>
    public CatalogServer? Server { get; private set; }

    public string Directory => _directory.FullName;

    public static async Task<TempCatalog> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("catalogsync-runtime-");
        var engine = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(directory.FullName, "catalog.db") });
        return new TempCatalog(directory, engine);
    }

    /// <summary>A fresh catalog whose content is a copy of <paramref name="template"/>'s (a consistent copy, taken with <c>VACUUM INTO</c>).</summary>
    public static async Task<TempCatalog> CopyOfAsync(TempCatalog template)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("catalogsync-runtime-");
        var path = Path.Combine(directory.FullName, "catalog.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={template.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $path;";
            command.Parameters.AddWithValue("$path", path);
            command.ExecuteNonQuery();
        }

        var engine = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = path });
        return new TempCatalog(directory, engine);
    }

    /// <summary>The catalog's database file.</summary>
    public string DatabasePath => Path.Combine(Directory, "catalog.db");

    /// <summary>Starts real Kestrel on 127.0.0.1 (a free port) over the engine.</summary>
    public Task<Uri> ServeAsync() => ServeAsync(Engine);

    /// <summary>Starts real Kestrel on 127.0.0.1 (a free port) over <paramref name="importApi"/> (e.g. a wrapper of the engine).</summary>
    public async Task<Uri> ServeAsync(IImportApiClient importApi)
    {
        Server = CatalogServer.Create(
            new CatalogServerOptions
            {
                Urls = ["http://127.0.0.1:0"],
                UserName = User,
                Password = Password,
                SpoolDirectory = Path.Combine(Directory, "uploads"),
            },
            importApi,
            Engine);
        await Server.StartAsync();
        return Server.BaseAddress;
    }

    public CollibraHttpClientOptions ClientOptions() =>
        new() { BaseAddress = Server?.BaseAddress ?? throw new InvalidOperationException("Not served."), UserName = User, Password = Password };

    /// <summary>How many assets whose name starts with <paramref name="prefix"/> the catalog holds.</summary>
    public async Task<long> CountAssetsAsync(string prefix)
    {
        var page = await Engine.FindAssetsAsync(new AssetQuery { Name = prefix, NameMatchMode = NameMatchMode.Start, Paging = new Paging { Limit = 1 } });
        return page.Total;
    }

    public async Task<Asset?> FindAssetAsync(string name, string domain)
    {
        var page = await Engine.FindAssetsAsync(new AssetQuery { Name = name, NameMatchMode = NameMatchMode.Exact });
        return page.Results.SingleOrDefault(a => a.Name == name && a.Domain.Name == domain);
    }

    public async Task<Asset> GetAssetAsync(string name, string domain) =>
        await FindAssetAsync(name, domain) ?? throw new Xunit.Sdk.XunitException($"No asset '{name}' in domain '{domain}'.");

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await Engine.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
