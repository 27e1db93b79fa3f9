using System.Net;
using System.Text.Json;

namespace CatalogSync.Server.Tests;

/// <summary>Credentials, listen addresses, the OpenAPI document and the read side's JSON shape.</summary>
public sealed class HostTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5180", true)]
    [InlineData("http://localhost:0", true)]
    [InlineData("http://[::1]:5180", true)]
    [InlineData("http://0.0.0.0:5180", false)]
    [InlineData("http://*:5180", false)]
    [InlineData("http://+:5180", false)]
    [InlineData("http://192.168.1.10:5180", false)]
    public void Loopback_addresses_are_recognised(string url, bool loopback) =>
        Assert.Equal(loopback, CatalogServer.IsLoopback(url));

    [Fact]
    public void Without_credentials_the_server_refuses_a_non_loopback_address()
    {
        var catalog = new FakeCatalog();
        var e = Assert.Throws<InvalidOperationException>(() =>
            CatalogServer.Create(new CatalogServerOptions { Urls = ["http://0.0.0.0:0"] }, catalog, catalog));
        Assert.Contains("--user and --password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_a_password_is_refused()
    {
        var catalog = new FakeCatalog();
        Assert.Throws<ArgumentException>(() =>
            CatalogServer.Create(new CatalogServerOptions { Urls = ["http://127.0.0.1:0"], UserName = "me" }, catalog, catalog));
    }

    [Fact]
    public async Task Without_credentials_a_password_is_generated_and_required()
    {
        var catalog = new FakeCatalog();
        await using var server = CatalogServer.Create(new CatalogServerOptions { Urls = ["http://127.0.0.1:0"] }, catalog, catalog);
        await server.StartAsync();
        Assert.True(server.PasswordGenerated);
        Assert.Equal("admin", server.UserName);
        Assert.True(server.Password.Length >= 20);
        Assert.NotEqual(0, server.BaseAddress.Port);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var anonymous = await http.GetAsync("rest/2.0/statuses");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "rest/2.0/statuses");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{server.Password}")));
        using var authorized = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_contract_path_with_its_parts()
    {
        var catalog = new FakeCatalog();
        await using var server = await RunningServer.StartAsync(catalog, catalog);
        using var response = await server.Anonymous.GetAsync("rest/2.0/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var paths = document.GetProperty("paths");
        using var contract = TestSupport.LoadContract("dgc-importer-rest.json");
        foreach (var path in contract.RootElement.GetProperty("paths").EnumerateObject())
        {
            Assert.True(paths.TryGetProperty("/rest/2.0" + path.Name, out var ours), $"{path.Name} is missing from our OpenAPI document");
            foreach (var method in path.Value.EnumerateObject())
            {
                Assert.True(ours.TryGetProperty(method.Name, out var operation), $"{method.Name} {path.Name} is missing");
                Assert.Equal(method.Value.GetProperty("operationId").GetString(), operation.GetProperty("operationId").GetString());
                if (method.Value.TryGetProperty("requestBody", out var body))
                {
                    var expected = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
                    var actual = operation.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
                    Assert.Equal(expected, actual);
                }
            }
        }

        foreach (var core in new[] { "/jobs/{jobId}", "/assets", "/assets/{id}", "/communities", "/domains", "/statuses/name/{statusName}", "/relations", "/attributes" })
        {
            Assert.True(paths.TryGetProperty("/rest/2.0" + core, out _), $"{core} is missing");
        }

        Assert.Equal("basic", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("basicAuth").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Read_side_answers_in_collibras_json_shape()
    {
        var catalog = new FakeCatalog();
        await using var server = await RunningServer.StartAsync(catalog, catalog);
        using var response = await server.Http.GetAsync("rest/2.0/assets?name=orders&nameMatchMode=EXACT&typeIds=00000000-0000-0000-0000-000000031007&statusId=00000000-0000-0000-0000-000000005066&offset=0&limit=10&countLimit=-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal(10, page.GetProperty("limit").GetInt64());
        var asset = page.GetProperty("results")[0];
        Assert.Equal("Asset", asset.GetProperty("resourceType").GetString());
        Assert.Equal("sales.orders", asset.GetProperty("name").GetString());
        Assert.Equal("Missing from source", asset.GetProperty("status").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, asset.GetProperty("domain").GetProperty("id").ValueKind);
        Assert.Equal(NameMatchModeExact, catalog.LastAssetQuery!.NameMatchMode);
        Assert.Equal([FakeCatalog.TableTypeId], catalog.LastAssetQuery.TypeIds);
        Assert.Equal([FakeCatalog.MissingStatusId], catalog.LastAssetQuery.StatusIds);

        using var byName = await server.Http.GetAsync("rest/2.0/statuses/name/Missing%20from%20source");
        Assert.Equal(FakeCatalog.MissingStatusId.ToString(), (await byName.ReadJsonAsync()).GetProperty("id").GetString());
        using var job = await server.Http.GetAsync($"rest/2.0/jobs/{catalog.FinishedJob.Id}");
        var jobJson = await job.ReadJsonAsync();
        Assert.Equal(("COMPLETED", "SUCCESS"), (jobJson.GetProperty("state").GetString(), jobJson.GetProperty("result").GetString()));
    }

    private const Contract.NameMatchMode NameMatchModeExact = Contract.NameMatchMode.Exact;
}
