using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using CatalogSync.Plans.Preflight;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// Containers are ensured, never owned: the run looks the plan's communities and domains up, creates only the missing
/// ones with a plain import before the batch that needs them, and sends batches of assets only. Against the embedded
/// catalog in-process and over HTTP; every request is recorded with its body.
/// </summary>
public abstract class ContainerTests : IAsyncLifetime
{
    private const string PhysicalDataDictionary = "Physical Data Dictionary";

    protected TempCatalog Temp { get; private set; } = null!;

    private Recorder Client { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Temp = await TempCatalog.CreateAsync();
        Client = new Recorder(await ConnectAsync(Temp));
    }

    public virtual async Task DisposeAsync() => await Temp.DisposeAsync();

    protected abstract Task<IImportApiClient> ConnectAsync(TempCatalog temp);

    [Fact]
    public async Task A_fresh_catalog_gets_its_community_and_domains_created_once_by_a_plain_import_and_the_batches_carry_assets_only()
    {
        var report = await CuratedPlan.RunAsync(Client, Tables(4), Columns(2));

        Assert.True(report.Succeeded, report.Describe());
        // One plain import before the first batch, with the community and both domains and nothing else.
        Assert.Equal(["import", "batch", "batch", "finalize"], Client.Calls.Where(c => !c.Simulation).Select(c => c.Kind));
        var import = Client.Calls.First();
        Assert.Equal(
            ["Community:RT Curated", "Domain:Curated tables:Physical Data Dictionary", "Domain:Curated columns:Physical Data Dictionary"],
            Resources(import.Body));
        Assert.All(Client.Calls.Where(c => c.Kind == "batch"), b => Assert.All(Resources(b.Body), r => Assert.StartsWith("Asset:", r, StringComparison.Ordinal)));
        Assert.Equal(
            [(SyncContainerKind.Community, "RT Curated", null), (SyncContainerKind.Domain, "Curated tables", PhysicalDataDictionary), (SyncContainerKind.Domain, "Curated columns", PhysicalDataDictionary)],
            report.CreatedContainers.Select(c => (c.Kind, c.Domain ?? c.Community, c.DomainType)));
        var job = Assert.Single(report.ContainerJobs);
        Assert.Equal(SyncJobKind.Containers, job.Kind);
        Assert.All(report.CreatedContainers, c => Assert.Equal(job.Job.Id, c.Job));
        Assert.Contains("Containers created (plain import, owned by no synchronization ID):\n- created community 'RT Curated'", report.Describe(), StringComparison.Ordinal);
        Assert.Equal(PhysicalDataDictionary, (await DomainAsync("RT Curated", "Curated tables"))!.Type.Name);

        // The next run finds them: nothing is created again.
        Client.Calls.Clear();
        var again = await CuratedPlan.RunAsync(Client, Tables(4), Columns(2));

        Assert.True(again.Succeeded, again.Describe());
        Assert.DoesNotContain(Client.Calls, c => c.Kind == "import");
        Assert.Empty(again.ContainerJobs);
        Assert.All(again.Containers, c => Assert.Equal(SyncContainerAction.Existed, c.Action));
        Assert.Equal(3, again.Containers.Count);
    }

    [Fact]
    public async Task Hand_made_domains_keep_their_type_and_their_hand_made_assets_through_a_full_cycle_and_a_cycle_with_everything_missing()
    {
        // Made by hand (a plain import): a domain with curated assets, and an empty one.
        await ImportAsync(
            """{"resourceType":"Community","identifier":{"name":"RT Curated"}}""",
            """{"resourceType":"Domain","identifier":{"name":"Curated tables","community":{"name":"RT Curated"}},"type":{"name":"Physical Data Dictionary"}}""",
            """{"resourceType":"Domain","identifier":{"name":"Curated columns","community":{"name":"RT Curated"}},"type":{"name":"Physical Data Dictionary"}}""",
            """{"resourceType":"Asset","identifier":{"name":"hand.1","domain":{"name":"Curated tables","community":{"name":"RT Curated"}}},"type":{"name":"Table"}}""",
            """{"resourceType":"Asset","identifier":{"name":"hand.2","domain":{"name":"Curated tables","community":{"name":"RT Curated"}}},"type":{"name":"Table"}}""");
        var tables = await DomainAsync("RT Curated", "Curated tables");
        var columns = await DomainAsync("RT Curated", "Curated columns");
        Client.Calls.Clear();

        var full = await CuratedPlan.RunAsync(Client, Tables(4), Columns(2));

        Assert.True(full.Succeeded, full.Describe());
        Assert.DoesNotContain(Client.Calls, c => c.Kind == "import");
        Assert.All(full.Containers, c => Assert.Equal(SyncContainerAction.Existed, c.Action));
        Assert.All(Client.Calls.Where(c => c.Kind == "batch"), b => Assert.All(Resources(b.Body), r => Assert.StartsWith("Asset:", r, StringComparison.Ordinal)));
        Assert.Equal(4 + 2 + 2, await AssetsInAsync(tables!.Community.Id));

        // Everything the ID synchronized is missing: REMOVE_RESOURCES removes it, and only it.
        var empty = await CuratedPlan.RunAsync(Client, Array.Empty<CuratedTable>(), Array.Empty<CuratedColumn>(),
            new SyncRunOptions { FinalizeEmptyGroups = true, DeletionGuard = DeletionGuardOptions.Default with { Override = true } });

        Assert.True(empty.Succeeded, empty.Describe());
        var group = Assert.Single(empty.Groups);
        Assert.Equal(6, group.AssetCounters.Removed);
        Assert.Equal(0, group.Finalization!.Summary.CountersFor(ImportResourceType.Domain).Removed);
        Assert.Equal(0, group.Finalization!.Summary.CountersFor(ImportResourceType.Community).Removed);
        // The domains, their ids, types and community, and the hand-made assets are as they were; the empty domain too.
        var tablesAfter = await DomainAsync("RT Curated", "Curated tables");
        var columnsAfter = await DomainAsync("RT Curated", "Curated columns");
        Assert.Equal((tables.Id, PhysicalDataDictionary, "RT Curated"), (tablesAfter!.Id, tablesAfter.Type.Name, tablesAfter.Community.Name));
        Assert.Equal((columns!.Id, PhysicalDataDictionary), (columnsAfter!.Id, columnsAfter.Type.Name));
        Assert.Equal(["hand.1", "hand.2"], (await Temp.Engine.FindAssetsAsync(new AssetQuery { DomainId = tables.Id })).Results.Select(a => a.Name));
    }

    [Fact]
    public async Task A_plan_pointed_at_an_existing_domain_of_another_type_fails_in_the_preflight_and_sends_nothing()
    {
        await ImportAsync(
            """{"resourceType":"Community","identifier":{"name":"RT Retype"}}""",
            """{"resourceType":"Domain","identifier":{"name":"Curated glossary","community":{"name":"RT Retype"}},"type":{"name":"Glossary"}}""",
            """{"resourceType":"Asset","identifier":{"name":"hand.term","domain":{"name":"Curated glossary","community":{"name":"RT Retype"}}},"type":{"name":"Business Term"}}""");
        Client.Calls.Clear();

        var run = await RetypePlan.RunAsync(Client, [new RetypeTable("rt.retype.1")]);
        var preview = await RetypePlan.PreviewAsync(Client, [new RetypeTable("rt.retype.1")]);

        foreach (var report in new[] { run, preview })
        {
            Assert.False(report.Succeeded);
            Assert.Equal(SyncGroupOutcome.PreflightFailed, Assert.Single(report.Groups).Outcome);
            var problem = Assert.Single(report.Preflight!.Problems);
            Assert.Equal((PreflightSubject.Domain, "CatalogSync.Runtime.Tests.RetypeTable"), (problem.Subject, problem.TypeName));
            Assert.Contains("existing domain 'Curated glossary' of community 'RT Retype', which is a 'Glossary' domain, not a 'Physical Data Dictionary' one", problem.Message, StringComparison.Ordinal);
            Assert.Contains("never retypes a domain", report.Message, StringComparison.Ordinal);
            Assert.Contains("never changes an existing domain's type", report.Describe(), StringComparison.Ordinal);
            Assert.Empty(report.Jobs);
            Assert.Empty(report.ContainerJobs);
        }

        Assert.Empty(Client.Calls); // no job at all: no import, no batch, no finalization
        Assert.Equal("Glossary", (await DomainAsync("RT Retype", "Curated glossary"))!.Type.Name);
        Assert.Equal(0, await Temp.CountAssetsAsync("rt.retype."));
    }

    [Fact]
    public async Task Per_item_domains_are_created_as_they_appear_before_the_batch_that_first_uses_them()
    {
        SchemaTable[] items =
        [
            new("t.1", "s1"), new("t.2", "s1"), new("t.3", "s1"), // batch 1: s1
            new("t.4", "s2"), new("t.5", "s2"), new("t.6", "s1"), // batch 2: s2 is new
            new("t.7", "s3"), // batch 3: s3 is new
        ];

        var report = await SchemaPlan.RunAsync(Client, items);

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(
            ["import [Community:RT Schemas]", "import [Domain:s1:Physical Data Dictionary]", "batch", "import [Domain:s2:Physical Data Dictionary]", "batch", "import [Domain:s3:Physical Data Dictionary]", "batch", "finalize"],
            Client.Calls.Where(c => !c.Simulation).Select(c => c.Kind == "import" ? $"import [{string.Join(", ", Resources(c.Body))}]" : c.Kind));
        Assert.All(Client.Calls.Where(c => c.Kind == "batch"), b => Assert.All(Resources(b.Body), r => Assert.StartsWith("Asset:", r, StringComparison.Ordinal)));
        Assert.Equal(4, report.ContainerJobs.Count);
        Assert.Equal(["RT Schemas", "s1", "s2", "s3"], report.CreatedContainers.Select(c => c.Domain ?? c.Community));
        Assert.Equal(7, report.Groups[0].AssetCounters.Added);
    }

    [Fact]
    public async Task A_per_item_domain_of_another_type_stops_the_batch_that_names_it_and_finalizes_nothing()
    {
        await ImportAsync(
            """{"resourceType":"Community","identifier":{"name":"RT Schemas"}}""",
            """{"resourceType":"Domain","identifier":{"name":"glossary","community":{"name":"RT Schemas"}},"type":{"name":"Glossary"}}""");
        Client.Calls.Clear();
        SchemaTable[] items = [new("t.1", "s1"), new("t.2", "s1"), new("t.3", "s1"), new("t.4", "glossary")];

        var report = await SchemaPlan.RunAsync(Client, items);

        Assert.False(report.Succeeded);
        var group = Assert.Single(report.Groups);
        Assert.Equal((SyncGroupOutcome.PreflightFailed, 2), (group.Outcome, group.FailedBatch));
        Assert.Contains("batch 2", group.Message, StringComparison.Ordinal);
        Assert.Equal(PreflightSubject.Domain, Assert.Single(report.Preflight!.Problems).Subject);
        Assert.Equal(SyncCycleClose.Closed, group.CycleClose); // batch 1 went; its cycle is closed with IGNORE
        Assert.Equal(["import", "batch", "finalize"], Client.Calls.Select(c => c.Kind));
        Assert.Equal(FinalizationStrategy.Ignore, Client.Calls.Last().Strategy);
        Assert.Equal("Glossary", (await DomainAsync("RT Schemas", "glossary"))!.Type.Name);
        Assert.Equal(0, await Temp.CountAssetsAsync("t.4"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_preview_against_a_fresh_catalog_writes_nothing_and_reports_the_containers_a_run_would_create(bool hideCapabilities)
    {
        // Hidden capabilities: as real Collibra, the preview sends a simulated plain import, never a simulated synchronization.
        Client.HideCapabilities = hideCapabilities;

        var preview = await CuratedPlan.PreviewAsync(Client, Tables(4), Columns(2));

        Assert.True(preview.Succeeded, preview.Describe());
        Assert.Equal(6, preview.Groups[0].AssetCounters.Added);
        Assert.Equal(
            ["would create community 'RT Curated'", "would create domain 'Curated tables' (Physical Data Dictionary) of community 'RT Curated'", "would create domain 'Curated columns' (Physical Data Dictionary) of community 'RT Curated'"],
            preview.Containers.Select(c => c.ToString()));
        Assert.Empty(preview.ContainerJobs);
        Assert.Contains("Containers a run would create", preview.Describe(), StringComparison.Ordinal);
        // One simulated job, which carries the missing containers' commands so that it works on this catalog.
        var call = Assert.Single(Client.Calls);
        Assert.True(call.Simulation);
        Assert.Equal(hideCapabilities ? "import" : "synchronization", call.Kind);
        Assert.Equal(["Community:RT Curated", "Domain:Curated tables:Physical Data Dictionary"], Resources(call.Body).Take(2));
        Assert.Empty((await Temp.Engine.FindCommunitiesAsync("RT Curated", NameMatchMode.Exact)).Results);
        Assert.Equal(0, await Temp.CountAssetsAsync("rt.curated."));
    }

    // ---------------------------------------------------------------- helpers

    private static List<CuratedTable> Tables(int count) => [.. Enumerable.Range(1, count).Select(i => new CuratedTable($"rt.curated.t{i}"))];

    private static List<CuratedColumn> Columns(int count) => [.. Enumerable.Range(1, count).Select(i => new CuratedColumn($"rt.curated.c{i}"))];

    /// <summary>"Kind:name" (and ":type" for a domain) of each resource of a body, in order.</summary>
    private static List<string> Resources(byte[] body) =>
        [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(r => r.GetProperty("resourceType").GetString() switch
        {
            "Domain" => $"Domain:{r.GetProperty("identifier").GetProperty("name").GetString()}:{r.GetProperty("type").GetProperty("name").GetString()}",
            var kind => $"{kind}:{r.GetProperty("identifier").GetProperty("name").GetString()}",
        })];

    private async Task<Domain?> DomainAsync(string community, string domain) =>
        (await Temp.Engine.FindDomainsAsync(domain, NameMatchMode.Exact)).Results.SingleOrDefault(d => d.Community.Name == community);

    private async Task<long> AssetsInAsync(Guid communityId) =>
        (await Temp.Engine.FindAssetsAsync(new AssetQuery { CommunityId = communityId, Paging = new Paging { Limit = 1 } })).Total;

    /// <summary>A plain import made by hand, outside any synchronization ID, through the client under test; waits for it.</summary>
    private async Task ImportAsync(params string[] resources)
    {
        var job = await Client.StartImportAsync(ImportContent.FromBytes(Encoding.UTF8.GetBytes("[" + string.Join(",", resources) + "]")), ImportJobOptions.Default);
        for (var polls = 0; !job.IsFinished && polls < 6000; polls++)
        {
            await Task.Delay(10);
            job = await Client.GetJobAsync(job.Id);
        }

        Assert.Equal((JobState.Completed, JobResult.Success), (job.State, job.Result));
    }

    /// <summary>Records every import, batch, full synchronization and finalization with its body; optionally hides the capabilities.</summary>
    private sealed class Recorder(IImportApiClient inner) : DelegatingCatalog(inner)
    {
        public ConcurrentQueue<Call> Calls { get; } = new();

        public bool HideCapabilities { get; set; }

        public override async Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
        {
            var body = await ReadAsync(content, cancellationToken);
            Calls.Enqueue(new Call("import", null, body, options.Simulation, null));
            return await Inner.StartImportAsync(ImportContent.FromBytes(body), options, cancellationToken);
        }

        public override async Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
        {
            var body = await ReadAsync(content, cancellationToken);
            Calls.Enqueue(new Call("batch", synchronizationId, body, options.Simulation, null));
            return await Inner.StartSynchronizationBatchAsync(synchronizationId, ImportContent.FromBytes(body), options, cancellationToken);
        }

        public override async Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default)
        {
            var body = await ReadAsync(content, cancellationToken);
            Calls.Enqueue(new Call("synchronization", synchronizationId, body, options.Simulation, finalization.Strategy));
            return await Inner.StartSynchronizationAsync(synchronizationId, ImportContent.FromBytes(body), options, finalization, cancellationToken);
        }

        public override Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(new Call("finalize", synchronizationId, [], options.Simulation, options.Strategy));
            return Inner.StartFinalizationAsync(synchronizationId, options, cancellationToken);
        }

        public override Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
            HideCapabilities ? Task.FromResult(CatalogCapabilities.Unknown) : Inner.GetCapabilitiesAsync(cancellationToken);

        private static async Task<byte[]> ReadAsync(ImportContent content, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
    }

    private sealed record Call(string Kind, string? SyncId, byte[] Body, bool Simulation, FinalizationStrategy? Strategy);
}

/// <summary>The container tests against the embedded catalog in-process.</summary>
public sealed class InProcessContainerTests : ContainerTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);
}

/// <summary>The container tests against the same engine behind the REST host on 127.0.0.1, through <see cref="CollibraHttpClient"/>.</summary>
public sealed class HttpContainerTests : ContainerTests
{
    private HttpClient? _http;

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        _http = new HttpClient();
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    public override async Task DisposeAsync()
    {
        _http?.Dispose();
        await base.DisposeAsync();
    }
}
