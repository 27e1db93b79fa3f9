using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Server.Tests;

/// <summary>The HTTP client and the server agree: every interface method round-trips over real HTTP.</summary>
public sealed class HttpClientTests : IAsyncLifetime
{
    private readonly FakeCatalog _catalog = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(_catalog, _catalog);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Import_calls_send_the_contract_parts_and_stream_the_content()
    {
        var client = _server.CreateClient();
        var writes = 0;
        var content = ImportContent.FromWriter(async (stream, ct) =>
        {
            writes++;
            await stream.WriteAsync(TestSupport.OneAsset, ct);
        }, fileName: "batch-1.json");

        var job = await client.StartSynchronizationBatchAsync("warehouse", content, new ImportJobOptions { ContinueOnError = true, RelationsAction = RelationsAction.Replace });
        Assert.Equal(JobState.Completed, (await client.GetJobAsync(job.Id)).State);
        var call = _catalog.Writes[^1];
        Assert.Equal(("warehouse", "batch-1.json", (long)TestSupport.OneAsset.Length), (call.SynchronizationId, call.FileName, call.ContentLength));
        Assert.True(call.Job!.ContinueOnError);
        Assert.Equal(RelationsAction.Replace, call.Job.RelationsAction);
        Assert.Equal(1, writes);

        await client.StartSynchronizationAsync("warehouse", ImportContent.FromBytes(TestSupport.OneAsset), ImportJobOptions.Default,
            new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = FakeCatalog.MissingStatusId });
        Assert.Equal(FakeCatalog.MissingStatusId, _catalog.Writes[^1].Finalization!.MissingAssetStatusId);

        await client.StartFinalizationAsync("warehouse", new FinalizationOptions { Strategy = FinalizationStrategy.Ignore, Simulation = true });
        Assert.Equal((FinalizationStrategy.Ignore, true), (_catalog.Writes[^1].Finalization!.Strategy, _catalog.Writes[^1].Finalization!.Simulation));

        await client.StartImportAsync(ImportContent.FromBytes(TestSupport.OneAsset), new ImportJobOptions { Simulation = true });
        Assert.Equal(nameof(IImportApiClient.StartImportAsync), _catalog.Writes[^1].Method);
        Assert.True(_catalog.Writes[^1].Job!.Simulation);
    }

    [Fact]
    public async Task The_cycle_owner_token_travels_as_a_header_with_batches_and_finalizations()
    {
        var client = _server.CreateClient();
        await client.StartSynchronizationBatchAsync("warehouse", ImportContent.FromBytes(TestSupport.OneAsset), new ImportJobOptions { CycleOwner = "run-42" });
        Assert.Equal(("run-42", "run-42"), (_catalog.Writes[^1].Job!.CycleOwner, _catalog.Writes[^1].Finalization?.CycleOwner ?? "run-42"));

        await client.StartFinalizationAsync("warehouse", new FinalizationOptions { Strategy = FinalizationStrategy.Ignore, CycleOwner = "run-42" });
        Assert.Equal("run-42", _catalog.Writes[^1].Finalization!.CycleOwner);

        await client.StartSynchronizationBatchAsync("warehouse", ImportContent.FromBytes(TestSupport.OneAsset), ImportJobOptions.Default);
        Assert.Null(_catalog.Writes[^1].Job!.CycleOwner);

        var bad = await Assert.ThrowsAsync<CatalogApiException>(() =>
            client.StartSynchronizationBatchAsync("warehouse", ImportContent.FromBytes(TestSupport.OneAsset), new ImportJobOptions { CycleOwner = new string('x', CycleLease.MaxOwnerLength + 1) }));
        Assert.Equal((400, "invalidCycleOwner"), (bad.StatusCode, bad.ErrorCode));
    }

    [Fact]
    public async Task Capabilities_round_trip_and_an_endpoint_that_does_not_know_them_is_unknown()
    {
        _catalog.Capabilities = new CatalogCapabilities { Product = "fake", SimulatesSynchronizations = true };
        Assert.Equal(_catalog.Capabilities, await _server.CreateClient().GetCapabilitiesAsync());

        var elsewhere = new CollibraHttpClient(_server.Http, new CollibraHttpClientOptions
        {
            BaseAddress = new Uri(_server.BaseAddress, "not-a-catalog/"),
            UserName = RunningServer.User,
            Password = RunningServer.Password,
        });
        Assert.Same(CatalogCapabilities.Unknown, await elsewhere.GetCapabilitiesAsync());
    }

    [Fact]
    public async Task Results_and_synchronization_management_round_trip()
    {
        var client = _server.CreateClient();
        var summary = await client.GetSummaryAsync(_catalog.FinishedJob.Id);
        Assert.Equal(ImportJobState.Completed, summary.ImportJobState);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Retired);

        var errors = await client.GetErrorsAsync(_catalog.FinishedJob.Id, 0, 10);
        Assert.Equal([3], errors.Results.Single().Command.Indices);
        Assert.Equal(ImportErrorType.Validation, errors.Results.Single().ErrorType);

        Assert.True(await client.SynchronizationExistsAsync("known"));
        Assert.False(await client.SynchronizationExistsAsync("a b/c"));
        Assert.Contains(_catalog.Calls, c => c.SynchronizationId == "a b/c");
        Assert.Equal("known", (await client.FindSynchronizationsAsync()).Results.Single().SynchronizationId);
        await client.EvictSynchronizationCacheAsync("known");
        await client.RemoveSynchronizationAsync("known");
        Assert.Contains(_catalog.Calls, c => c.Method == nameof(IImportApiClient.RemoveSynchronizationAsync) && c.SynchronizationId == "known");
    }

    [Fact]
    public async Task Errors_become_CatalogApiException_with_the_servers_status_code_and_message()
    {
        var client = _server.CreateClient();
        var notFound = await Assert.ThrowsAsync<CatalogApiException>(() => client.GetJobAsync(Guid.NewGuid()));
        Assert.Equal((404, "jobNotFound"), (notFound.StatusCode, notFound.ErrorCode));
        Assert.StartsWith("No job has the id", notFound.Message, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<CatalogApiException>(() =>
            client.StartFinalizationAsync("warehouse", new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus }));
        Assert.Equal((400, "missingAssetStatusIdRequired"), (invalid.StatusCode, invalid.ErrorCode));

        var tooLong = await Assert.ThrowsAsync<CatalogApiException>(() =>
            client.StartSynchronizationBatchAsync(new string('s', 51), ImportContent.FromBytes(TestSupport.OneAsset), ImportJobOptions.Default));
        Assert.Equal((400, "invalidSynchronizationId"), (tooLong.StatusCode, tooLong.ErrorCode));

        var anonymous = new CollibraHttpClient(_server.Anonymous);
        var unauthorized = await Assert.ThrowsAsync<CatalogApiException>(() => anonymous.FindStatusesAsync());
        Assert.Equal((401, "authenticationRequired"), (unauthorized.StatusCode, unauthorized.ErrorCode));
        Assert.Empty(_catalog.Writes);
    }

    [Fact]
    public async Task Reader_calls_round_trip_and_unknown_ids_are_null()
    {
        var client = _server.CreateClient();
        Assert.Equal(FakeCatalog.Community, await client.GetCommunityAsync(FakeCatalog.CommunityId));
        Assert.Null(await client.GetCommunityAsync(Guid.NewGuid()));
        Assert.Equal(FakeCatalog.Domain, await client.GetDomainAsync(FakeCatalog.DomainId));
        Assert.Equal(FakeCatalog.Asset, await client.GetAssetAsync(FakeCatalog.AssetId));
        Assert.Null(await client.GetAssetAsync(Guid.NewGuid()));
        Assert.Equal(FakeCatalog.MissingStatus, await client.GetStatusAsync(FakeCatalog.MissingStatusId));
        Assert.Null(await client.GetStatusAsync(Guid.NewGuid()));

        var assets = await client.FindAssetsAsync(new AssetQuery
        {
            Name = "orders",
            NameMatchMode = NameMatchMode.End,
            DomainId = FakeCatalog.DomainId,
            TypeIds = [FakeCatalog.TableTypeId],
            StatusIds = [FakeCatalog.MissingStatusId],
            TypeInheritance = false,
            Paging = new Paging { Offset = 5, Limit = 20, CountLimit = 100 },
        });
        Assert.Equal(FakeCatalog.Asset, assets.Results.Single());
        var query = _catalog.LastAssetQuery!;
        Assert.Equal(("orders", NameMatchMode.End, FakeCatalog.DomainId), (query.Name, query.NameMatchMode, query.DomainId));
        Assert.Equal([FakeCatalog.TableTypeId], query.TypeIds);
        Assert.Equal([FakeCatalog.MissingStatusId], query.StatusIds);
        Assert.False(query.TypeInheritance);
        Assert.Equal(new Paging { Offset = 5, Limit = 20, CountLimit = 100 }, query.Paging);

        var attribute = (await client.FindAttributesAsync(FakeCatalog.AssetId)).Results.Single();
        Assert.Equal(("NumericAttribute", "42"), (attribute.ResourceType, attribute.Value));
        Assert.Empty((await client.FindRelationsAsync(sourceId: FakeCatalog.AssetId)).Results);
        Assert.Equal("pii", (await client.GetAssetTagsAsync(FakeCatalog.AssetId)).Single().Name);
        Assert.Equal("Table", (await client.FindAssetTypesAsync()).Results.Single().Name);
        var attributeType = (await client.FindAttributeTypesAsync()).Results.Single();
        Assert.Equal(("Row Count", AttributeKind.Numeric), (attributeType.Name, attributeType.Kind));
        Assert.Equal("contains", (await client.FindRelationTypesAsync()).Results.Single().Role);
        Assert.Single((await client.FindDomainTypesAsync()).Results);
        Assert.Single((await client.FindCommunitiesAsync("Ware", NameMatchMode.Start)).Results);
        Assert.Single((await client.FindDomainsAsync(communityId: FakeCatalog.CommunityId)).Results);
    }
}
