using System.Net;
using System.Text;
using System.Text.Json;
using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>Hostile HTTP input costs a 4xx with Collibra's error JSON: never a 5xx, and nothing reaches the catalog.</summary>
public sealed class HostileHttpTests : IAsyncLifetime
{
    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Route(ImportOperation operation, string id = "s1") =>
        "/rest/2.0" + operation.Route.Replace("{synchronizationId}", id, StringComparison.Ordinal);

    public static TheoryData<string> OversizedForms => new() { "value", "count", "key" };

    private static byte[] OversizedForm(string kind) => kind switch
    {
        "value" => Encoding.ASCII.GetBytes("simulation=" + new string('x', 4 * 1024 * 1024 + 10)),
        "count" => Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))),
        _ => Encoding.ASCII.GetBytes(new string('k', 3000) + "=1"),
    };

    [Theory]
    [MemberData(nameof(OversizedForms))]
    public async Task Url_encoded_bodies_beyond_the_form_limits_are_400_on_all_ten_post_endpoints(string kind)
    {
        Assert.Equal(10, ImportOperations.All.Count);
        foreach (var operation in ImportOperations.All)
        {
            using var content = new ByteArrayContent(OversizedForm(kind));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var response = await _server.Http.PostAsync(Route(operation).TrimStart('/'), content);
            var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidForm");
            Assert.Contains("URL-encoded body cannot be read", message, StringComparison.Ordinal);
            Assert.Contains("multipart/form-data", message, StringComparison.Ordinal);
        }

        Assert.Empty(_catalog.Writes);
        Assert.Empty(_server.SpooledFiles());
    }

    public static TheoryData<string> DottedIds => new() { ".", "..", "%2E", "%2e", "%2E%2E", ".%2E" };

    [Theory]
    [MemberData(nameof(DottedIds))]
    public async Task Dotted_synchronization_ids_are_400_on_every_synchronization_endpoint_and_never_rerouted(string id)
    {
        var requests = new List<(string Method, string Target)>();
        foreach (var operation in ImportOperations.All.Where(o => o.Kind != ImportOperationKind.Import))
        {
            requests.Add(("POST", Route(operation, id)));
        }

        requests.Add(("DELETE", $"/rest/2.0/import/synchronize/{id}/evict"));
        requests.Add(("DELETE", $"/rest/2.0/import/synchronize/{id}"));
        requests.Add(("GET", $"/rest/2.0/import/synchronize/exists/{id}"));
        // A dot segment after a valid id would reach another endpoint too (…/s1/batch/../json-job is the full synchronization).
        requests.Add(("POST", $"/rest/2.0/import/synchronize/s1/batch/{id}/json-job"));

        foreach (var (method, target) in requests)
        {
            var form = Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n[]\r\n--b--\r\n");
            var response = await RawHttp.SendAsync(_server.BaseAddress, method, target,
                method == "POST" ? ["Content-Type: multipart/form-data; boundary=b"] : null, method == "POST" ? form : null);
            Assert.True(response.Status == 400, $"{method} {target}: {response.Status} {response.Text}");
            using var json = JsonDocument.Parse(response.Body);
            Assert.Equal("invalidSynchronizationId", json.RootElement.GetProperty("errorCode").GetString());
            Assert.Contains("'.' and '..'", json.RootElement.GetProperty("userMessage").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(_catalog.Calls);
    }

    [Fact]
    public void Dot_ids_are_refused_by_the_contract_itself()
    {
        Assert.Contains("'.' and '..'", SynchronizationId.Validate("."), StringComparison.Ordinal);
        Assert.Contains("'.' and '..'", SynchronizationId.Validate(".."), StringComparison.Ordinal);
        Assert.Null(SynchronizationId.Validate("..."));
        Assert.Null(SynchronizationId.Validate("a.b"));
    }

    [Fact]
    public async Task Exists_with_an_id_of_51_characters_is_400_like_every_other_endpoint()
    {
        using var response = await _server.Http.GetAsync("rest/2.0/import/synchronize/exists/" + new string('a', 51));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidSynchronizationId");
        Assert.Contains("51 characters", message, StringComparison.Ordinal);
        Assert.Empty(_catalog.Calls);
    }

    [Fact]
    public async Task A_full_engine_queue_is_503_with_retry_after_and_collibra_json()
    {
        _catalog.StartFailure = new CatalogApiException(503, "queueFull", "The catalog is busy: send it again in a few seconds.");
        using var form = new MultipartFormDataContent();
        form.AddFile("file", TestSupport.OneAsset);
        using var response = await _server.Http.PostAsync("rest/2.0/import/json-job", form);
        var message = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "queueFull");
        Assert.Contains("send it again", message, StringComparison.Ordinal);
        Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(_server.SpooledFiles());
    }

    [Fact]
    public async Task Error_messages_quote_long_input_values_by_a_prefix_and_their_length()
    {
        // The request line limit is 8 KB (CatalogServerOptions.MaxRequestLineLength): the longest value a query can carry.
        var huge = new string('z', 6000);
        using var response = await _server.Http.GetAsync("rest/2.0/assets?domainId=" + huge);
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidParameter");
        Assert.Contains("(6000 characters)", message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, message);
    }

    [Fact]
    public async Task An_upload_aborted_half_way_leaves_nothing_in_the_spool()
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST /rest/2.0/import/json-job HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: {RawHttp.BasicAuthorization}\r\n"
            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 50000000\r\n\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n[");
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(head);
            await stream.WriteAsync(new byte[2_000_000]);
            await stream.FlushAsync();
            // Waited for rather than timed: on a loaded machine the server may take a while to start spooling.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (_server.SpooledFiles().Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.NotEmpty(_server.SpooledFiles());
            client.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }

        for (var i = 0; i < 100 && _server.SpooledFiles().Count > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(_server.SpooledFiles());
        Assert.Empty(_catalog.Writes);
    }

    [Fact]
    public async Task Uploads_left_over_by_a_previous_process_are_deleted_at_start()
    {
        var spool = Path.Combine(Path.GetTempPath(), "catalogsync-server-tests", Guid.NewGuid().ToString("N"));
        var leftover = Path.Combine(spool, "upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(leftover);
        await File.WriteAllBytesAsync(Path.Combine(leftover, "synchronization_file"), new byte[1000]);
        var other = Path.Combine(spool, "not-ours");
        Directory.CreateDirectory(other);
        try
        {
            await using var server = CatalogServer.Create(new CatalogServerOptions { Urls = ["http://127.0.0.1:0"], UserName = "u", Password = "p", SpoolDirectory = spool }, _catalog, _catalog);
            Assert.False(Directory.Exists(leftover));
            Assert.True(Directory.Exists(other));
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }
}

/// <summary>The same over a real embedded catalog on a SQLite file.</summary>
public sealed class HostileEngineHttpTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-hostile-http-");
    private EmbeddedCatalog _catalog = null!;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(_directory.FullName, "catalog.db") });
        _server = await RunningServer.StartAsync(_catalog, _catalog);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _catalog.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Limit_is_clamped_to_1000_as_collibra_does()
    {
        using var response = await _server.Http.GetAsync("rest/2.0/assets?limit=2147483647");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.Equal(1000, json.GetProperty("limit").GetInt32());
        using var statuses = await _server.Http.GetAsync("rest/2.0/import/synchronize?limit=5000");
        Assert.Equal(1000, (await statuses.ReadJsonAsync()).GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task A_10_MB_domain_name_gives_a_job_of_a_few_hundred_bytes()
    {
        var json = "[{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"" + new string('D', 10_000_000) + "\",\"community\":{\"name\":\"C\"}}},\"type\":{\"name\":\"Table\"}}]";
        using var form = new MultipartFormDataContent();
        form.AddFile("file", Encoding.UTF8.GetBytes(json));
        using var response = await _server.Http.PostAsync("rest/2.0/import/json-job", form);
        var job = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractJsonContext.Default.Job)!;
        await _catalog.WaitForJobAsync(job.Id);
        var text = await _server.Http.GetStringAsync($"rest/2.0/jobs/{job.Id}");
        Assert.True(text.Length < 2000, text);
        Assert.Contains("ERROR", text, StringComparison.Ordinal);
        var errors = await _server.Http.GetStringAsync($"rest/2.0/import/results/{job.Id}/errors");
        Assert.True(errors.Length < 2000, errors);
        Assert.Contains("(10000000 characters)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_number_says_it_is_not_a_json_array()
    {
        using var form = new MultipartFormDataContent();
        form.AddFile("file", "123"u8.ToArray());
        using var response = await _server.Http.PostAsync("rest/2.0/import/json-job", form);
        var job = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractJsonContext.Default.Job)!;
        var done = await _catalog.WaitForJobAsync(job.Id);
        Assert.Equal(JobState.Error, done.State);
        Assert.Contains("must be a JSON array", done.Message, StringComparison.Ordinal);
    }
}
