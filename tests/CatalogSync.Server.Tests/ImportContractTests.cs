using System.Net;
using System.Text.Json;

namespace CatalogSync.Server.Tests;

/// <summary>
/// Loads Collibra's <c>dgc-importer-rest.json</c> and checks, path by path, that the server serves each path and
/// method and accepts each documented form part (a valid value is taken; an invalid one is refused by name, which
/// shows the part is read and not silently ignored).
/// </summary>
public sealed class ImportContractTests : IAsyncLifetime
{
    private const string SyncId = "contract-sync";

    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        using var contract = TestSupport.LoadContract("dgc-importer-rest.json");
        foreach (var path in contract.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                data.Add(method.Name.ToUpperInvariant(), path.Name);
            }
        }

        return data;
    }

    [Fact]
    public void The_contract_has_the_16_paths_and_the_server_defines_every_multipart_operation()
    {
        using var contract = TestSupport.LoadContract("dgc-importer-rest.json");
        var paths = contract.RootElement.GetProperty("paths").EnumerateObject().ToList();
        Assert.Equal(16, paths.Count);
        var multipart = paths.SelectMany(p => p.Value.EnumerateObject().Where(m => m.Value.TryGetProperty("requestBody", out _)).Select(m => p.Name)).ToList();
        Assert.Equal(multipart.Order(), ImportOperations.All.Select(o => o.Route).Order());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Serves_the_path_and_method_with_every_documented_part(string method, string path)
    {
        using var contract = TestSupport.LoadContract("dgc-importer-rest.json");
        var operation = contract.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());
        var url = "rest/2.0" + path.Replace("{synchronizationId}", SyncId, StringComparison.Ordinal)
            .Replace("{jobId}", _catalog.FinishedJob.Id.ToString(), StringComparison.Ordinal);

        if (operation.TryGetProperty("requestBody", out var body))
        {
            await CheckMultipartAsync(path, operation, body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema"), url);
            return;
        }

        var query = QueryWithDefaults(operation);
        using var response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url + query));
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Contains(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), documented);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var json = await response.ReadJsonAsync();
            var schema = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            AssertMatchesSchema(contract.RootElement, schema, json, $"{method} {path}");
        }
    }

    private async Task CheckMultipartAsync(string path, JsonElement operation, JsonElement schema, string url)
    {
        var ours = ImportOperations.All.Single(o => o.Route == path);
        Assert.Equal(operation.GetProperty("operationId").GetString(), ours.OperationId);
        var properties = schema.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(properties.Keys.Order(), ours.Parts.Select(p => p.Name).Order());
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        // A part the OpenAPI lists as required but gives a default (the CSV separator, quote and escape) takes that
        // default when it is not sent: Collibra's own Postman collection sends none of them.
        Assert.Equal(required.Where(n => !properties[n].TryGetProperty("default", out _)).Order(), ours.Parts.Where(p => p.Required).Select(p => p.Name).Order());
        Assert.All(required.Where(n => properties[n].TryGetProperty("default", out _)), n => Assert.Equal(properties[n].GetProperty("default").GetString(), ours.FindPart(n)!.Default));

        var takesFile = properties.ContainsKey("file");

        // The baseline request: the file (if any) and the required parts; the finalization's dummy part otherwise.
        void Baseline(MultipartFormDataContent form)
        {
            if (takesFile)
            {
                form.AddFile("file", TestSupport.OneAsset);
            }
            else
            {
                form.AddText("foo", "bar");
            }

            foreach (var name in required)
            {
                form.AddText(name, ValidSample(name, properties[name]));
            }
        }

        await ExpectAcceptedAsync(url, Baseline, "baseline");

        foreach (var (name, property) in properties)
        {
            if (name is "file" || required.Contains(name))
            {
                continue;
            }

            if (name == "fileId")
            {
                // Documented, read, and refused with a reason: with 'file' it is ambiguous; alone there is no upload store.
                using var both = await PostAsync(url, f => { Baseline(f); f.AddText("fileId", Guid.NewGuid().ToString()); });
                await both.AssertErrorAsync(HttpStatusCode.BadRequest, "fileAndFileId");
                continue;
            }

            await ExpectAcceptedAsync(url, f =>
            {
                Baseline(f);
                if (property.GetProperty("type").GetString() == "object")
                {
                    f.AddJson(name, ValidSample(name, property));
                }
                else
                {
                    f.AddText(name, ValidSample(name, property));
                }
            }, name);

            if (InvalidSample(property) is { } invalid)
            {
                using var refused = await PostAsync(url, f => { Baseline(f); f.AddText(name, invalid); });
                var text = await refused.Content.ReadAsStringAsync();
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{path} part {name}={invalid}: {(int)refused.StatusCode} {text}");
                Assert.Contains(name, text, StringComparison.Ordinal);
            }
        }
    }

    private async Task ExpectAcceptedAsync(string url, Action<MultipartFormDataContent> parts, string what)
    {
        // JSON, CSV and Excel alike: every part validated, then a job.
        var before = _catalog.Writes.Count;
        using var response = await PostAsync(url, parts);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} with {what}: {(int)response.StatusCode} {text}");
        var job = await response.ReadJsonAsync();
        Assert.Equal("Job", job.GetProperty("resourceType").GetString());
        Assert.True(Guid.TryParse(job.GetProperty("id").GetString(), out _));
        Assert.Equal(before + 1, _catalog.Writes.Count);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, Action<MultipartFormDataContent> parts)
    {
        using var form = new MultipartFormDataContent();
        parts(form);
        return await _server.Http.PostAsync(url, form);
    }

    private static string ValidSample(string name, JsonElement property)
    {
        if (property.TryGetProperty("default", out var d))
        {
            return d.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "true", // the non-default value, to show it is taken
                _ => d.ToString(),
            };
        }

        return (property.GetProperty("type").GetString(), property.TryGetProperty("format", out var f) ? f.GetString() : null) switch
        {
            ("boolean", _) => "true",
            ("integer", _) => "1",
            ("string", "uuid") => "00000000-0000-0000-0000-000000005066",
            ("object", _) => """{ "STATUS_ID": "00000000-0000-0000-0000-000000005066" }""",
            _ when property.TryGetProperty("pattern", out var p) => p.GetString()!.Split('|')[^1],
            _ when name == "template" => "${1}",
            _ => "sample",
        };
    }

    private static string? InvalidSample(JsonElement property) =>
        (property.GetProperty("type").GetString(), property.TryGetProperty("format", out var f) ? f.GetString() : null) switch
        {
            ("boolean", _) => "maybe",
            ("integer", _) => "many",
            ("string", "uuid") => "not-a-uuid",
            ("object", _) => "{ not json",
            ("string", _) when property.TryGetProperty("pattern", out _) => "NOT_A_CHOICE",
            _ => null,
        };

    private static string QueryWithDefaults(JsonElement operation)
    {
        if (!operation.TryGetProperty("parameters", out var parameters))
        {
            return "";
        }

        var pairs = parameters.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query" && p.GetProperty("schema").TryGetProperty("default", out _))
            .Select(p => $"{p.GetProperty("name").GetString()}={p.GetProperty("schema").GetProperty("default")}");
        var query = string.Join('&', pairs);
        return query.Length == 0 ? "" : "?" + query;
    }

    /// <summary>Checks the answer's JSON against the contract's response schema: types, and every property we send is documented.</summary>
    private static void AssertMatchesSchema(JsonElement root, JsonElement schema, JsonElement value, string where)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        switch (schema.TryGetProperty("type", out var type) ? type.GetString() : "object")
        {
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{where}: expected a boolean, got {value}");
                break;
            case "integer":
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{where}: expected a number, got {value}");
                break;
            case "string":
                Assert.True(value.ValueKind == JsonValueKind.String, $"{where}: expected a string, got {value}");
                if (schema.TryGetProperty("enum", out var values))
                {
                    Assert.Contains(value.GetString(), values.EnumerateArray().Select(v => v.GetString()));
                }

                break;
            case "array":
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray())
                {
                    AssertMatchesSchema(root, schema.GetProperty("items"), item, where + "[]");
                }

                break;
            default:
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in value.EnumerateObject())
                    {
                        if (properties.TryGetProperty(property.Name, out var propertySchema))
                        {
                            AssertMatchesSchema(root, propertySchema, property.Value, $"{where}.{property.Name}");
                        }
                    }
                }

                break;
        }
    }
}
