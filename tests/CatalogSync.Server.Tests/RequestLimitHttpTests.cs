using System.Net;
using System.Text;
using System.Text.Json;

namespace CatalogSync.Server.Tests;

/// <summary>
/// The documented request line and header limits, over real HTTP: beyond them, 414 / 431 with Collibra's error JSON from
/// the host's middleware. Only far beyond them (Kestrel's raised limits) does Kestrel answer itself, with an empty body.
/// </summary>
public sealed class RequestLimitHttpTests : IAsyncLifetime
{
    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A GET of <c>/rest/2.0/assets?name=nnn…</c> whose request line is exactly <paramref name="lineLength"/> bytes.</summary>
    private static string AssetsTarget(int lineLength)
    {
        const string prefix = "/rest/2.0/assets?name=";
        var fixedPart = "GET ".Length + prefix.Length + " HTTP/1.1".Length;
        return prefix + new string('n', lineLength - fixedPart);
    }

    [Fact]
    public async Task A_request_line_at_the_limit_is_served_and_one_byte_more_is_414_with_collibra_json()
    {
        var atLimit = await RawHttp.SendAsync(_server.BaseAddress, "GET", AssetsTarget(CatalogServerOptions.MaxRequestLineLength));
        Assert.True(atLimit.Status == 200, $"{atLimit.Status}: {atLimit.Text}");

        var calls = _catalog.Calls.Count;
        var beyond = await RawHttp.SendAsync(_server.BaseAddress, "GET", AssetsTarget(CatalogServerOptions.MaxRequestLineLength + 1));
        var message = AssertCollibraError(beyond, 414, "requestLineTooLong");
        Assert.Contains("8193 bytes long, more than this server's limit of 8192 bytes", message, StringComparison.Ordinal);
        Assert.Equal(calls, _catalog.Calls.Count);
    }

    [Fact]
    public async Task A_long_url_from_httpclient_gets_414_with_collibra_json()
    {
        using var response = await _server.Http.GetAsync("rest/2.0/assets?name=" + new string('u', 20_000));
        var message = await response.AssertErrorAsync(HttpStatusCode.RequestUriTooLong, "requestLineTooLong");
        Assert.Contains("limit of 8192 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_beyond_their_total_size_get_431_with_collibra_json_even_before_authentication()
    {
        // 40 KB in one header, and 40 KB in 20 headers of 2 KB; sent without credentials, the limit still answers first.
        string[][] cases = [["X-Big: " + new string('h', 40_000)], [.. Enumerable.Range(0, 20).Select(i => $"X-Part-{i}: " + new string('p', 2_000))]];
        foreach (var headers in cases)
        {
            var response = await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", headers, authorization: "Basic bm9ib2R5Om5vdGhpbmc=");
            var message = AssertCollibraError(response, 431, "headersTooLarge");
            Assert.Contains("more than this server's limit of 32768 bytes", message, StringComparison.Ordinal);
        }

        // Just under the limit: served.
        using var request = new HttpRequestMessage(HttpMethod.Get, "rest/2.0/assets");
        request.Headers.Add("X-Big", new string('h', 30_000));
        using var served = await _server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task More_header_lines_than_the_limit_get_431_with_collibra_json()
    {
        // Host, Connection and Authorization come with every raw request: 98 more make 101.
        var headers = Enumerable.Range(0, CatalogServerOptions.MaxRequestHeaderCount - 2).Select(i => $"X-H{i}: v").ToArray();
        var response = await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", headers);
        var message = AssertCollibraError(response, 431, "headersTooLarge");
        Assert.Contains("101 header lines, more than this server's limit of 100", message, StringComparison.Ordinal);

        var atLimit = await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", headers[..^1]);
        Assert.True(atLimit.Status == 200, $"{atLimit.Status}: {atLimit.Text}");
    }

    [Fact]
    public async Task Only_beyond_the_raised_kestrel_limits_does_kestrel_answer_itself_with_an_empty_body()
    {
        // Between the documented limits and Kestrel's: the host's JSON.
        AssertCollibraError(await RawHttp.SendAsync(_server.BaseAddress, "GET", AssetsTarget(CatalogServerOptions.KestrelMaxRequestLineSize - 100)), 414, "requestLineTooLong");
        AssertCollibraError(await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", ["X-Big: " + new string('h', CatalogServerOptions.KestrelMaxRequestHeadersTotalSize - 1000)]), 431, "headersTooLarge");

        // Beyond Kestrel's: Kestrel's own status code, no body (documented in docs/server.md).
        var line = await RawHttp.SendAsync(_server.BaseAddress, "GET", AssetsTarget(CatalogServerOptions.KestrelMaxRequestLineSize + 100));
        Assert.Equal((414, 0), (line.Status, line.Body.Length));
        var headers = await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", ["X-Big: " + new string('h', CatalogServerOptions.KestrelMaxRequestHeadersTotalSize + 1000)]);
        Assert.Equal((431, 0), (headers.Status, headers.Body.Length));
        var count = await RawHttp.SendAsync(_server.BaseAddress, "GET", "/rest/2.0/assets", [.. Enumerable.Range(0, CatalogServerOptions.KestrelMaxRequestHeaderCount).Select(i => $"X-H{i}: v")]);
        Assert.Equal((431, 0), (count.Status, count.Body.Length));
    }

    private static string AssertCollibraError(RawResponse response, int status, string errorCode)
    {
        Assert.True(response.Status == status, $"Expected {status}, got {response.Status}: {response.Text}");
        Assert.StartsWith("application/json", response.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        Assert.Equal(status, root.GetProperty("statusCode").GetInt32());
        Assert.Equal(errorCode, root.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("titleMessage").GetString()));
        var message = root.GetProperty("userMessage").GetString()!;
        Assert.Equal(message, root.GetProperty("message").GetString());
        Assert.True(Encoding.UTF8.GetByteCount(response.Text) < 2_000, "The error must not echo the oversized input.");
        return message;
    }
}
