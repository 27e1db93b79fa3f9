using System.Net;
using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>Invalid HTTP input gets the right 4xx, a message that says what to fix, and writes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog, maxRequestBodySize: 64 * 1024);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> PostAsync(string path, Action<MultipartFormDataContent> parts, HttpClient? client = null)
    {
        using var form = new MultipartFormDataContent();
        parts(form);
        return await (client ?? _server.Http).PostAsync(path, form);
    }

    private void AssertNothingWritten()
    {
        Assert.Empty(_catalog.Writes);
        Assert.Empty(_server.SpooledFiles());
    }

    [Fact]
    public async Task Missing_file_part_is_400_and_says_to_send_one()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/batch/json-job", f => f.AddText("simulation", "false"));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "missingFile");
        Assert.Contains("-F 'file=@", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Both_file_and_fileId_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/json-job", f =>
        {
            f.AddFile("file", TestSupport.OneAsset);
            f.AddText("fileId", Guid.NewGuid().ToString());
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "fileAndFileId");
        Assert.Contains("not both", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task FileId_alone_is_400_because_there_is_no_upload_store()
    {
        using var response = await PostAsync("rest/2.0/import/json-job", f => f.AddText("fileId", Guid.NewGuid().ToString()));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "fileIdNotSupported");
        Assert.Contains("no file upload store", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Non_uuid_missingAssetStatusId_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/finalize/job", f =>
        {
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddText("missingAssetStatusId", "Missing from source");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidUuid");
        Assert.Contains("missingAssetStatusId", message, StringComparison.Ordinal);
        Assert.Contains("'Missing from source'", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Unknown_finalizationStrategy_is_400_and_lists_the_valid_ones()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/json-job", f =>
        {
            f.AddFile("file", TestSupport.OneAsset);
            f.AddText("finalizationStrategy", "DELETE_EVERYTHING");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidFinalizationStrategy");
        Assert.Contains("REMOVE_RESOURCES, CHANGE_STATUS, IGNORE", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Change_status_without_a_status_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/finalize/job", f => f.AddText("finalizationStrategy", "CHANGE_STATUS"));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "missingAssetStatusIdRequired");
        Assert.Contains("missingAssetStatusId", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Disagreeing_missingAssetStatusId_and_finalizationParameters_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/finalize/job", f =>
        {
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddText("missingAssetStatusId", Guid.NewGuid().ToString());
            f.AddJson("finalizationParameters", """{ "STATUS_ID": "00000000-0000-0000-0000-000000005066" }""");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "conflictingStatus");
        Assert.Contains("disagree", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Malformed_finalizationParameters_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/finalize/job", f =>
        {
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddJson("finalizationParameters", "{ STATUS_ID: 5066 ");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidFinalizationParameters");
        Assert.Contains("STATUS_ID", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Synchronization_id_longer_than_50_is_400()
    {
        var id = new string('x', 51);
        using var response = await PostAsync($"rest/2.0/import/synchronize/{id}/batch/json-job", f => f.AddFile("file", TestSupport.OneAsset));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidSynchronizationId");
        Assert.Contains("51 characters", message, StringComparison.Ordinal);
        Assert.Contains("at most 50", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Invalid_boolean_part_is_400()
    {
        using var response = await PostAsync("rest/2.0/import/json-job", f =>
        {
            f.AddFile("file", TestSupport.OneAsset);
            f.AddText("simulation", "yes");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidPart");
        Assert.Contains("'simulation' must be true or false", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Every_problem_of_a_request_is_named_in_one_answer()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/json-job", f =>
        {
            f.AddText("continueOnError", "nope");
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddText("missingAssetStatusId", "x");
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidPart");
        Assert.Contains("continueOnError", message, StringComparison.Ordinal);
        Assert.Contains("missingAssetStatusId", message, StringComparison.Ordinal);
        Assert.Contains("no 'file' part", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Unauthenticated_request_is_401_with_a_basic_challenge()
    {
        using var response = await PostAsync("rest/2.0/import/json-job", f => f.AddFile("file", TestSupport.OneAsset), _server.Anonymous);
        var message = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "authenticationRequired");
        Assert.Contains("curl -u", message, StringComparison.Ordinal);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("realm=\"CatalogSync\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Wrong_password_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "rest/2.0/jobs/" + _catalog.FinishedJob.Id);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RunningServer.User}:wrong")));
        using var response = await _server.Anonymous.SendAsync(request);
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalidCredentials");
    }

    [Fact]
    public async Task Read_endpoints_need_credentials_too()
    {
        using var response = await _server.Anonymous.GetAsync("rest/2.0/assets");
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "authenticationRequired");
    }

    [Fact]
    public async Task Oversized_body_with_a_length_is_413_and_says_how_to_fix_it()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/batch/json-job", f => f.AddFile("file", new byte[200 * 1024]));
        var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "requestTooLarge");
        Assert.Contains("65536 bytes", message, StringComparison.Ordinal);
        Assert.Contains("smaller batches", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Oversized_streamed_body_without_a_length_is_413()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new UnknownLengthContent(300 * 1024), "file", "big.json");
        using var response = await _server.Http.PostAsync("rest/2.0/import/synchronize/s1/batch/json-job", form);
        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "requestTooLarge");
        AssertNothingWritten();
    }

    [Fact]
    public async Task Non_multipart_body_is_415()
    {
        using var body = new StringContent("[]", Encoding.UTF8, "application/json");
        using var response = await _server.Http.PostAsync("rest/2.0/import/json-job", body);
        var message = await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType");
        Assert.Contains("multipart/form-data", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Csv_without_a_template_is_400_naming_it_and_not_the_parts_that_have_defaults()
    {
        using var response = await PostAsync("rest/2.0/import/csv-job", f => f.AddFile("file", "a;b"u8.ToArray(), "in.csv"));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "missingPart");
        Assert.Contains("'template'", message, StringComparison.Ordinal);
        foreach (var part in new[] { "separator", "quote", "escape" })
        {
            Assert.DoesNotContain($"'{part}'", message, StringComparison.Ordinal);
        }

        AssertNothingWritten();
    }

    [Theory]
    [InlineData("separator", "")]
    [InlineData("separator", ";;")]
    [InlineData("quote", "\"\"")]
    [InlineData("escape", "ab")]
    public async Task A_csv_character_part_that_is_not_one_character_is_400(string part, string value)
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/csv-job", f =>
        {
            f.AddFile("file", "a;b"u8.ToArray(), "in.csv");
            f.AddText("template", "[]");
            f.AddText(part, value);
        });
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidPart");
        Assert.Contains($"'{part}' must be exactly one character", message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Valid_csv_without_separator_quote_or_escape_starts_a_job_with_the_documented_defaults()
    {
        using var response = await PostAsync("rest/2.0/import/synchronize/s1/csv-job", f =>
        {
            f.AddFile("file", "a;b"u8.ToArray(), "in.csv");
            f.AddText("template", "[]");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var write = Assert.Single(_catalog.Writes);
        Assert.Equal(ImportFormat.Csv, write.Format);
        Assert.Equal(new TabularOptions { Template = "[]", Separator = ';', Quote = '"', Escape = '\\', HeaderRow = false }, write.Tabular);
    }

    [Fact]
    public async Task Unknown_job_is_404_and_bad_job_id_is_400()
    {
        using var unknown = await _server.Http.GetAsync($"rest/2.0/jobs/{Guid.NewGuid()}");
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "jobNotFound");
        using var summary = await _server.Http.GetAsync($"rest/2.0/import/results/{Guid.NewGuid()}/summary");
        await summary.AssertErrorAsync(HttpStatusCode.NotFound, "jobNotFound");
        using var bad = await _server.Http.GetAsync("rest/2.0/jobs/not-a-job");
        var message = await bad.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidUuid");
        Assert.Contains("'not-a-job'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_ids_on_the_read_side_are_404()
    {
        using var asset = await _server.Http.GetAsync($"rest/2.0/assets/{Guid.NewGuid()}");
        await asset.AssertErrorAsync(HttpStatusCode.NotFound, "assetNotFound");
        using var status = await _server.Http.GetAsync("rest/2.0/statuses/name/Nonexistent");
        await status.AssertErrorAsync(HttpStatusCode.NotFound, "statusNotFound");
    }

    [Fact]
    public async Task Invalid_query_parameters_are_400_naming_each()
    {
        using var response = await _server.Http.GetAsync("rest/2.0/assets?domainId=abc&limit=-5&nameMatchMode=SOMEWHERE");
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalidParameter");
        Assert.Contains("'domainId'", message, StringComparison.Ordinal);
        Assert.Contains("'limit'", message, StringComparison.Ordinal);
        Assert.Contains("'nameMatchMode'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_path_is_404_in_collibra_shape()
    {
        using var response = await _server.Http.GetAsync("rest/2.0/no/such/thing");
        var message = await response.AssertErrorAsync(HttpStatusCode.NotFound, "notFound");
        Assert.Contains("openapi.json", message, StringComparison.Ordinal);
    }

    /// <summary>A body whose length is not known in advance, so it is sent chunked.</summary>
    private sealed class UnknownLengthContent(int size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[8192];
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
