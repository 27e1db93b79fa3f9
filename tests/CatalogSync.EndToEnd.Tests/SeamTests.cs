using System.Globalization;
using System.Text;
using System.Text.Json;
using CatalogSync.Contract;
using CatalogSync.Plans;

namespace CatalogSync.EndToEnd.Tests;

/// <summary>The runtime seam the generated code calls: mappers, the batch writer and the executor, without a catalog.</summary>
public sealed class SeamTests
{
    [Fact]
    public void AGeneratedMapperWritesTheExactImportJsonWhateverTheCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var json = Write(w => MetricsPlanMapper().WriteAsset(w, new Metric
            {
                Name = "latency",
                Ratio = 3.5,
                Count = 42,
                Price = 1234.5m,
                Enabled = true,
                Measured = new DateTimeOffset(2024, 1, 31, 10, 0, 0, TimeSpan.Zero),
                Tier = Tier.Gold,
                Samples = [1, 2],
                Area = "Latency metrics",
            }));

            Assert.Equal(
                """{"resourceType":"Asset","identifier":{"name":"latency","domain":{"name":"Latency metrics","community":{"name":"E2E Metrics"}}},"type":{"name":"Data Asset"},"attributes":{"Passing Fraction":[{"value":"3.5"}],"Loaded Rows":[{"value":"42"}],"Threshold":[{"value":"1234.5"}],"Result":[{"value":"true"}],"Last Sync Date":[{"value":"2024-01-31T10:00:00.0000000+00:00"}],"Security Classification":[{"value":"Gold"}],"Rows Passed":[{"value":"1"},{"value":"2"}]}}""",
                json);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void NullValuesAndEmptySequencesWriteEveryDeclaredKeyEmptySoTheCatalogClearsThem()
    {
        var json = Write(w => TableRowAssetMapper.Instance.WriteAsset(w, new TableRow { Name = "dbo.Empty", Notes = [null!, null!] }));

        // The display name falls back to the name; the status (null) is left alone, so it is not written.
        Assert.Equal(
            """{"resourceType":"Asset","identifier":{"name":"dbo.Empty","domain":{"name":"Tables","community":{"name":"E2E Warehouse"}}},"type":{"name":"Table"},"displayName":"dbo.Empty","attributes":{"Description":[],"Note":[]},"relations":{"00000000-0000-0000-0000-000000007042:SOURCE":[]},"tags":[]}""",
            json);
    }

    [Fact]
    public void RelationsListTheTargetsWithTheirDomain()
    {
        var json = Write(w => TableRowAssetMapper.Instance.WriteAsset(w, new TableRow { Name = "dbo.T", Columns = ["dbo.T.a"], Tags = ["x"], Status = "Accepted", Label = "T" }));

        Assert.Equal(
            """{"resourceType":"Asset","identifier":{"name":"dbo.T","domain":{"name":"Tables","community":{"name":"E2E Warehouse"}}},"type":{"name":"Table"},"displayName":"T","status":{"name":"Accepted"},"attributes":{"Description":[],"Note":[]},"relations":{"00000000-0000-0000-0000-000000007042:SOURCE":[{"name":"dbo.T.a","domain":{"name":"Columns","community":{"name":"E2E Warehouse"}}}]},"tags":["x"]}""",
            json);
    }

    [Fact]
    public void AStringWithALoneSurrogateIsRefusedNamingTheTypeAndTheMemberNeverReplaced()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Write(w => TableRowAssetMapper.Instance.WriteAsset(w, new TableRow { Name = "dbo.T", Columns = ["dbo.T.\uDC00"] })));

        Assert.StartsWith("CatalogSync.EndToEnd.Tests.TableRow.Columns holds a string that is not valid UTF-16: a lone surrogate U+DC00 at index 6", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => TableRowAssetMapper.Instance.GetName(new TableRow { Name = "a\uD800b" }));
        Assert.Throws<InvalidOperationException>(() => MetricsPlanMapper().GetDomain(new Metric { Name = "m", Area = "\uDBFF" }));
        Assert.Equal("a\uD83D\uDE00b", TableRowAssetMapper.Instance.GetName(new TableRow { Name = "a\uD83D\uDE00b" })); // a pair is fine
    }

    [Fact]
    public void ABatchNeverExceedsItsSizeAndCarriesAssetsOnlyByDefault()
    {
        Assert.Equal(["a,a,a,a,a", "a,a"], WriteBatches(BatchContainers.None, useDefault: true));
    }

    [Fact]
    public void ABatchThatWritesContainersNeverExceedsItsSizeAndRepeatsThemOncePerBatch()
    {
        Assert.Equal(["C,D:A,a,a,a", "C,D:A,a,D:B,a", "C,D:B,a,a"], WriteBatches(BatchContainers.All, useDefault: false));
    }

    private static List<string> WriteBatches(BatchContainers containers, bool useDefault)
    {
        var metrics = Enumerable.Range(0, 7).Select(i => new Metric { Name = "m" + i, Area = i < 4 ? "A" : "B" }).ToList();
        var batches = new List<JsonElement>();
        var queue = new Queue<Metric>(metrics);
        while (queue.Count > 0)
        {
            using var stream = new MemoryStream();
            using (var writer = useDefault ? new BatchWriter(stream, 5) : new BatchWriter(stream, 5, containers))
            {
                while (queue.Count > 0 && writer.TryWriteAsset(MetricsPlanMapper(), queue.Peek()))
                {
                    queue.Dequeue();
                }

                Assert.True(writer.ResourceCount <= 5);
                writer.Complete();
            }

            batches.Add(JsonDocument.Parse(stream.ToArray()).RootElement.Clone());
        }

        return [.. batches.Select(b => string.Join(",", b.EnumerateArray().Select(r => r.GetProperty("resourceType").GetString() switch
        {
            "Community" => "C",
            "Domain" => "D:" + r.GetProperty("identifier").GetProperty("name").GetString(),
            _ => "a",
        })))];
    }

    [Fact]
    public void AnEmptyBatchIsAnEmptyArray()
    {
        using var stream = new MemoryStream();
        using (var writer = new BatchWriter(stream, 5))
        {
            writer.Complete();
        }

        Assert.Equal("[]", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task TheExecutorSendsRewritableBatchesThenFinalizesEachIdInOrder()
    {
        var client = new RecordingClient();
        Term[] terms = [new("a", null), new("b", "B"), new("c", null), new("d", null)];
        var plan = new SyncPlanDescription("p", 3, [new SyncGroupDescription("p-ids", MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null, GlossaryPlan.Description.Groups[0].Types)]);

        // The recording client can neither simulate nor read the catalog, so the deletion guard cannot count: overridden here.
        var report = await SyncPlanExecutor.RunAsync(client, plan, [SyncSource.Create(terms, TermAssetMapper.Instance)],
            new SyncRunOptions { DeletionGuard = DeletionGuardOptions.Default with { Override = true } });

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(["batch p-ids 3", "batch p-ids 1", "finalize p-ids ChangeStatus 00000000-0000-0000-0000-000000005066"], client.Calls);
        Assert.All(client.Bodies, body => Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(body).RootElement.ValueKind));
        // Batches carry assets only (no Community or Domain command), whatever the client can read.
        Assert.All(client.Bodies, body => Assert.All(JsonDocument.Parse(body).RootElement.EnumerateArray(), r => Assert.Equal("Asset", r.GetProperty("resourceType").GetString())));
    }

    [Fact]
    public async Task TheExecutorAsksForRelationsToBeReplacedUnlessTheCallerChose()
    {
        var plan = new SyncPlanDescription("p", 3, [new SyncGroupDescription("p-ids", MissingStrategy.RemoveResources, null, null, GlossaryPlan.Description.Groups[0].Types)]);
        var byDefault = new RecordingClient();
        await SyncPlanExecutor.RunAsync(byDefault, plan, [SyncSource.Create(new Term[] { new("a", null) }, TermAssetMapper.Instance)]);
        var chosen = new RecordingClient();
        await SyncPlanExecutor.RunAsync(chosen, plan, [SyncSource.Create(new Term[] { new("a", null) }, TermAssetMapper.Instance)],
            new SyncRunOptions { JobOptions = new ImportJobOptions { RelationsAction = RelationsAction.AddOrIgnore } });

        Assert.Equal([RelationsAction.Replace], byDefault.RelationsActions);
        Assert.Equal([RelationsAction.AddOrIgnore], chosen.RelationsActions);
    }

    [Fact]
    public async Task TheExecutorDoesNotFinalizeAfterAFailedBatchButClosesTheCycleWithIgnore()
    {
        var client = new RecordingClient { FailBatch = 2 };
        var plan = new SyncPlanDescription("p", 3, [new SyncGroupDescription("p-ids", MissingStrategy.RemoveResources, null, null, GlossaryPlan.Description.Groups[0].Types)]);

        var report = await SyncPlanExecutor.RunAsync(client, plan, [SyncSource.Create(new Term[] { new("a", null), new("b", null), new("c", null), new("d", null) }, TermAssetMapper.Instance)]);

        Assert.False(report.Succeeded);
        Assert.Equal(SyncGroupOutcome.BatchFailed, report.Groups[0].Outcome);
        // The only finalization is the close of the stopped cycle, which changes nothing.
        Assert.Equal(["batch p-ids 3", "batch p-ids 1", "finalize p-ids Ignore "], client.Calls);
        Assert.Equal(SyncCycleClose.Closed, report.Groups[0].CycleClose);
    }

    [Fact]
    public async Task AStatusNameNeedsACatalogThatCanLookItUp()
    {
        var client = new RecordingClient();

        var report = await GlossaryPlan.RunAsync(client, [new Term("a", null)]);

        Assert.False(report.Succeeded);
        Assert.Contains("cannot look statuses up. Give [MissingPolicy] a StatusId instead. Nothing was sent.", report.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task SourcesMustMatchThePlan()
    {
        var client = new RecordingClient();

        await Assert.ThrowsAsync<ArgumentException>(() => SyncPlanExecutor.RunAsync(client, WarehousePlan.Description, [SyncSource.Create(Array.Empty<Term>(), TermAssetMapper.Instance)]));
        Assert.Empty(client.Calls);
    }

    private static MetricAssetMapper MetricsPlanMapper() => MetricAssetMapper.Instance;

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, AssetJson.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Records the calls; every job finishes at once; batch number <see cref="FailBatch"/> fails.</summary>
    private sealed class RecordingClient : IImportApiClient
    {
        private readonly Dictionary<Guid, Job> _jobs = [];
        private int _batches;

        public List<string> Calls { get; } = [];

        public List<byte[]> Bodies { get; } = [];

        public List<RelationsAction?> RelationsActions { get; } = [];

        public int FailBatch { get; init; }

        public async Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
        {
            // Written twice, as an HTTP retry would: the content must come out the same.
            using var first = new MemoryStream();
            await content.CopyToAsync(first, cancellationToken);
            using var second = new MemoryStream();
            await content.CopyToAsync(second, cancellationToken);
            Assert.Equal(first.ToArray(), second.ToArray());
            Bodies.Add(first.ToArray());
            var resources = JsonDocument.Parse(first.ToArray()).RootElement.GetArrayLength();
            Calls.Add($"batch {synchronizationId} {resources}");
            RelationsActions.Add(options.RelationsAction);
            return Finish(++_batches == FailBatch);
        }

        public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
        {
            Calls.Add($"finalize {synchronizationId} {options.Strategy} {options.MissingAssetStatusId}");
            return Task.FromResult(Finish(failed: false));
        }

        public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => Task.FromResult(_jobs[jobId]);

        public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => Task.FromResult(new ImportSummary());

        public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        private Job Finish(bool failed)
        {
            var job = new Job
            {
                Id = Guid.NewGuid(),
                State = failed ? JobState.Error : JobState.Completed,
                Result = failed ? JobResult.Failure : JobResult.Success,
            };
            _jobs[job.Id] = job;
            return job;
        }
    }
}
