using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary><c>catalog-sync metamodel pull</c> as a real process against <c>catalog-sync serve</c> on 127.0.0.1.</summary>
public sealed partial class MetamodelPullTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-pull-");

    public void Dispose() => _directory.Delete(recursive: true);

    [GeneratedRegex(@"Listening on (?<root>http://127\.0\.0\.1:\d+)/rest/2\.0")]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task Pull_from_serve_round_trips_to_the_shipped_snapshot()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", Path.Combine(_directory.FullName, "c.db"), "--user", "U", "--password", "P"]);
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        var file = Path.Combine(_directory.FullName, "catalogsync.metamodel.json");

        var pull = await PullAsync(["--url", root, "--user", "U", "--password", "P", "--out", file]);

        Assert.True(pull.ExitCode == 0, pull.Output + pull.Error);
        Assert.Contains("Wrote " + file + ": 16 statuses, 53 asset types, 16 domain types, 23 attribute types, 28 relation types.", pull.Output, StringComparison.Ordinal);
        var pulled = MetamodelSnapshot.Parse(await File.ReadAllTextAsync(file));
        var shipped = MetamodelSnapshot.Parse(await File.ReadAllTextAsync(ShippedSnapshotPath()));
        Assert.Equal(shipped.Normalized().ToJson(), pulled.Normalized().ToJson());
        // What Core REST cannot serve is what normalisation leaves out, and nothing else.
        Assert.Equal("catalog-sync metamodel pull from " + root + "/", pulled.Source);
        Assert.Equal("Candidate", pulled.DefaultStatus);
        Assert.All(pulled.AssetTypes, t => Assert.Null(t.DomainTypes));
    }

    [Fact]
    public async Task Pull_takes_the_url_and_credentials_from_the_environment()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", Path.Combine(_directory.FullName, "c.db"), "--user", "U", "--password", "P"]);
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        var file = Path.Combine(_directory.FullName, "env.json");

        var pull = await PullAsync(["--out", file], new() { ["CATALOGSYNC_URL"] = root, ["CATALOGSYNC_USER"] = "U", ["CATALOGSYNC_PASSWORD"] = "P" });

        Assert.True(pull.ExitCode == 0, pull.Output + pull.Error);
        Assert.Equal(53, MetamodelSnapshot.Parse(await File.ReadAllTextAsync(file)).AssetTypes.Count);
    }

    [Fact]
    public async Task Wrong_credentials_exit_with_4_and_write_nothing()
    {
        await using var serve = ServeProcess.Start(["--urls", "http://127.0.0.1:0", "--database", Path.Combine(_directory.FullName, "c.db"), "--user", "U", "--password", "P"]);
        var root = (await serve.WaitForLineAsync(ListeningLine())).Groups["root"].Value;
        var file = Path.Combine(_directory.FullName, "x.json");

        var pull = await PullAsync(["--url", root, "--user", "U", "--password", "wrong", "--out", file]);

        Assert.Equal(4, pull.ExitCode);
        Assert.Contains("refused the credentials (401", pull.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task An_address_nobody_listens_on_exits_with_3()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var pull = await PullAsync(["--url", $"http://127.0.0.1:{port}/", "--out", Path.Combine(_directory.FullName, "x.json")]);

        Assert.Equal(3, pull.ExitCode);
        Assert.Contains($"The catalog at http://127.0.0.1:{port}/ cannot be reached", pull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_collibra_exits_with_5()
    {
        using var web = new TcpListener(IPAddress.Loopback, 0);
        web.Start();
        var port = ((IPEndPoint)web.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var serving = ServeHtmlAsync(web, stop.Token);

        var pull = await PullAsync(["--url", $"http://127.0.0.1:{port}/", "--out", Path.Combine(_directory.FullName, "x.json")]);

        await stop.CancelAsync();
        web.Stop();
        await serving;
        Assert.Equal(5, pull.ExitCode);
        Assert.Contains("does not look like a Collibra Core REST v2 endpoint", pull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_url_is_a_usage_error()
    {
        var pull = await PullAsync(["--out", Path.Combine(_directory.FullName, "x.json")]);

        Assert.Equal(2, pull.ExitCode);
        Assert.Contains("--url or CATALOGSYNC_URL", pull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_keeps_the_allowed_values_a_catalog_serves_on_its_list_attribute_types()
    {
        using var web = new TcpListener(IPAddress.Loopback, 0);
        web.Start();
        var port = ((IPEndPoint)web.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        // A catalog with custom types, as Collibra answers: a single-value list with its allowed values, and a text type
        // that (wrongly) carries some, which the snapshot's format allows only on list kinds.
        var serving = ServeAsync(web, path => path.Split('?')[0] switch
        {
            "/rest/2.0/statuses" => Page("""{ "id": "00000000-0000-0000-0000-000000005008", "name": "Candidate", "resourceType": "Status" }"""),
            "/rest/2.0/assetTypes" => Page("""{ "id": "00000000-0000-0000-0000-000000031000", "name": "Asset", "resourceType": "AssetType" }"""),
            "/rest/2.0/domainTypes" => Page(""),
            "/rest/2.0/attributeTypes" => Page(
                """{ "id": "c0e00000-0000-0000-0001-000500000153", "name": "Security Level", "kind": "SINGLE_VALUE_LIST", "allowedValues": ["Public", "Internal", "Public"], "resourceType": "SingleValueListAttributeType" }""",
                """{ "id": "c0e00000-0000-0000-0001-000500000154", "name": "Steward Note", "kind": "STRING", "allowedValues": ["x"], "resourceType": "StringAttributeType" }"""),
            "/rest/2.0/relationTypes" => Page(""),
            _ => ("404 Not Found", "text/plain", "not found"),
        }, stop.Token);
        var file = Path.Combine(_directory.FullName, "catalogsync.metamodel.json");

        var pull = await PullAsync(["--url", $"http://127.0.0.1:{port}/", "--out", file]);

        await stop.CancelAsync();
        web.Stop();
        await serving;
        Assert.True(pull.ExitCode == 0, pull.Output + pull.Error);
        var pulled = MetamodelSnapshot.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(["Public", "Internal"], pulled.FindAttributeType("Security Level")!.AllowedValues!);
        Assert.Equal("SingleValueList", pulled.FindAttributeType("Security Level")!.Kind);
        Assert.Null(pulled.FindAttributeType("Steward Note")!.AllowedValues);
    }

    private static (string Status, string ContentType, string Body) Page(params string[] results)
    {
        var items = string.Join(",", results.Where(r => r.Length > 0));
        var count = results.Count(r => r.Length > 0);
        return ("200 OK", "application/json", $$"""{ "total": {{count}}, "offset": 0, "limit": 1000, "results": [{{items}}] }""");
    }

    /// <summary>A web server that answers every request with a 200 HTML page, as a portal at the wrong address would.</summary>
    private static Task ServeHtmlAsync(TcpListener listener, CancellationToken cancellationToken) =>
        ServeAsync(listener, _ => ("200 OK", "text/html", "<html><body>Welcome</body></html>"), cancellationToken);

    /// <summary>A minimal HTTP/1.1 server: one answer per connection, chosen by the request's path.</summary>
    private static async Task ServeAsync(TcpListener listener, Func<string, (string Status, string ContentType, string Body)> answer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = socket.GetStream();
                var buffer = new byte[8192];
                var read = 0;
                while (!System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    read += await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                }

                var path = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split(' ')[1];
                var (status, contentType, body) = answer(path);
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), cancellationToken);
                await stream.WriteAsync(bytes, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static Task<(int ExitCode, string Output, string Error)> PullAsync(string[] arguments, Dictionary<string, string>? environment = null) =>
        CliProcess.RunAsync(["metamodel", "pull", .. arguments], environment);

    private static string ShippedSnapshotPath([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json"));
}
