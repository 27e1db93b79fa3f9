using System.Net;
using System.Security.Cryptography;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>The multipart shapes Collibra's clients send reach the catalog with the right meaning.</summary>
public sealed class MultipartTests : IAsyncLifetime
{
    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<RecordedCall> PostOkAsync(string path, Action<MultipartFormDataContent> parts)
    {
        using var form = new MultipartFormDataContent();
        parts(form);
        using var response = await _server.Http.PostAsync(path, form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Empty(_server.SpooledFiles());
        return _catalog.Writes[^1];
    }

    [Fact]
    public async Task Deprecated_finalizationParameters_as_application_json_gives_the_status()
    {
        var call = await PostOkAsync("rest/2.0/import/synchronize/warehouse/finalize/job", f =>
        {
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddJson("finalizationParameters", """{ "STATUS_ID": "00000000-0000-0000-0000-000000005066" }""");
        });
        Assert.Equal(nameof(IImportApiClient.StartFinalizationAsync), call.Method);
        Assert.Equal("warehouse", call.SynchronizationId);
        Assert.Equal(FinalizationStrategy.ChangeStatus, call.Finalization!.Strategy);
        Assert.Equal(FakeCatalog.MissingStatusId, call.Finalization.MissingAssetStatusId);
    }

    [Fact]
    public async Task FinalizationParameters_sent_as_a_file_part_like_postman_is_read()
    {
        var call = await PostOkAsync("rest/2.0/import/synchronize/warehouse/finalize/job", f =>
        {
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddFile("finalizationParameters", """{"STATUS_ID":"00000000-0000-0000-0000-000000005066"}"""u8.ToArray(), "params.json");
        });
        Assert.Equal(FakeCatalog.MissingStatusId, call.Finalization!.MissingAssetStatusId);
    }

    [Fact]
    public async Task Finalize_with_only_a_dummy_part_takes_the_defaults()
    {
        var call = await PostOkAsync("rest/2.0/import/synchronize/warehouse/finalize/job", f => f.AddText("foo", "bar"));
        Assert.Equal(FinalizationStrategy.RemoveResources, call.Finalization!.Strategy);
        Assert.Null(call.Finalization.MissingAssetStatusId);
        Assert.False(call.Finalization.Simulation);
    }

    [Fact]
    public async Task Full_synchronization_passes_strategy_status_and_flags()
    {
        var call = await PostOkAsync("rest/2.0/import/synchronize/warehouse/json-job", f =>
        {
            f.AddText("simulation", "TRUE");
            f.AddText("continueOnError", "true");
            f.AddText("finalizationStrategy", "CHANGE_STATUS");
            f.AddText("missingAssetStatusId", "00000000-0000-0000-0000-000000005066");
            f.AddFile("file", TestSupport.OneAsset);
        });
        Assert.Equal(nameof(IImportApiClient.StartSynchronizationAsync), call.Method);
        Assert.True(call.Job!.Simulation);
        Assert.True(call.Job.ContinueOnError);
        Assert.True(call.Finalization!.Simulation);
        Assert.Equal(FinalizationStrategy.ChangeStatus, call.Finalization.Strategy);
        Assert.Equal(FakeCatalog.MissingStatusId, call.Finalization.MissingAssetStatusId);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(TestSupport.OneAsset)), call.ContentSha256);
    }

    [Fact]
    public async Task File_part_without_a_filename_and_before_or_after_other_parts_is_read()
    {
        var first = await PostOkAsync("rest/2.0/import/json-job", f =>
        {
            f.AddFile("file", TestSupport.OneAsset, fileName: null);
            f.AddText("relationsAction", "REPLACE");
        });
        Assert.Equal(TestSupport.OneAsset.Length, first.ContentLength);
        Assert.Equal(RelationsAction.Replace, first.Job!.RelationsAction);

        var last = await PostOkAsync("rest/2.0/import/synchronize/a/batch/json-job", f =>
        {
            f.AddText("fileName", "tables.json");
            f.AddText("sendNotification", "false");
            f.AddFile("file", TestSupport.OneAsset, "tables.json");
        });
        Assert.Equal(nameof(IImportApiClient.StartSynchronizationBatchAsync), last.Method);
        Assert.Equal("tables.json", last.FileName);
        Assert.Equal(TestSupport.OneAsset.Length, last.ContentLength);
    }

    [Fact]
    public async Task Large_upload_is_streamed_through_intact_and_the_spool_is_cleaned()
    {
        var bytes = new byte[24 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        var call = await PostOkAsync("rest/2.0/import/synchronize/big/batch/json-job", f => f.AddFile("file", bytes, "big.json"));
        Assert.Equal(bytes.Length, call.ContentLength);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), call.ContentSha256);
    }

    [Fact]
    public async Task Url_encoded_finalize_is_accepted_too()
    {
        using var body = new FormUrlEncodedContent([new("finalizationStrategy", "IGNORE")]);
        using var response = await _server.Http.PostAsync("rest/2.0/import/synchronize/warehouse/finalize/job", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FinalizationStrategy.Ignore, _catalog.Writes[^1].Finalization!.Strategy);
    }
}
