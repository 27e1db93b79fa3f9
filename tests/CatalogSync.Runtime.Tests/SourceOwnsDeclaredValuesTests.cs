using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

// Every member kind a type can declare, so that each is set, cleared and set again through a real catalog.

public enum Sensitivity
{
    Public,
    Internal,
    Secret,
}

[SyncAsset(AssetType = "Table", Community = "RT Owned", Domain = "Owned tables")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record OwnedTable
{
    [AssetName]
    public required string Name { get; init; }

    [AssetDisplayName]
    public string? Label { get; init; }

    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [CatalogAttribute("Row Count")]
    public long? Rows { get; init; }

    [CatalogAttribute("Result")]
    public bool? Verified { get; init; }

    [CatalogAttribute("Last Sync Date")]
    public DateTimeOffset? LastSync { get; init; }

    [CatalogAttribute("Approval Date")]
    public DateOnly? Approved { get; init; }

    [CatalogAttribute("Security Classification")]
    public Sensitivity? Classification { get; init; }

    [CatalogAttribute("Note")]
    public IReadOnlyList<string?>? Notes { get; init; }

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(OwnedColumn))]
    public IReadOnlyList<string>? Columns { get; init; }

    [Relation("00000000-0000-0000-0000-000000007043", RelationRole.Source, typeof(OwnedSchema))]
    public string? Schema { get; init; }

    [AssetTags]
    public IReadOnlyList<string?>? Tags { get; init; }
}

[SyncAsset(AssetType = "Column", Community = "RT Owned", Domain = "Owned columns")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record OwnedColumn([property: AssetName] string Name);

[SyncAsset(AssetType = "Schema", Community = "RT Owned", Domain = "Owned schemas")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record OwnedSchema([property: AssetName] string Name);

/// <summary>Batches of 4 resources, so a run is several batches and a bad item can come after some were sent.</summary>
[SyncPlan(typeof(OwnedColumn), typeof(OwnedSchema), typeof(OwnedTable), Name = "rt-owned", BatchSize = 4)]
public static partial class OwnedPlan;

/// <summary>
/// What the plan declares, the source owns: every declared member kind set, cleared (null, then empty or only nulls)
/// and set again reads back exactly through the catalog's read API each time, while an attribute of a type the plan
/// does not declare, set by hand, survives; and a string that is not valid UTF-16 is refused. The same tests run
/// in-process and over HTTP.
/// </summary>
public abstract class SourceOwnsDeclaredValuesTests : IAsyncLifetime
{
    private const string Tables = "Owned tables";
    private const string Orders = "rt.owned.orders";
    private const string NeverSet = "rt.owned.never";
    private const string Curated = "Descriptive Example=[curated by a steward]";
    private const string ColumnOf = "00000000-0000-0000-0000-000000007042:SOURCE";
    private const string SchemaOf = "00000000-0000-0000-0000-000000007043:SOURCE";
    private static readonly string TableType = typeof(OwnedTable).FullName!;

    private static readonly OwnedColumn[] Columns = [new("rt.owned.col.a"), new("rt.owned.col.b"), new("rt.owned.col.c")];
    private static readonly OwnedSchema[] Schemas = [new("rt.owned.sales"), new("rt.owned.finance")];

    private static readonly OwnedTable ValuesA = new()
    {
        Name = Orders,
        Label = "Orders",
        Description = "All orders",
        Rows = 42,
        Verified = true,
        LastSync = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Approved = new DateOnly(2026, 3, 4),
        Classification = Sensitivity.Secret,
        Notes = ["first note", "second note"],
        Columns = ["rt.owned.col.a", "rt.owned.col.b"],
        Schema = "rt.owned.sales",
        Tags = ["finance", "nightly"],
    };

    private static readonly string[] StateA =
    [
        "displayName=Orders",
        "Description=[All orders]",
        "Row Count=[42]",
        "Result=[true]",
        "Last Sync Date=[1767323045000]", // the catalog keeps dates as epoch milliseconds
        "Approval Date=[1772582400000]", // a DateOnly is midnight UTC of its day
        "Security Classification=[Secret]",
        "Note=[first note|second note]",
        $"{ColumnOf}=[rt.owned.col.a|rt.owned.col.b]",
        $"{SchemaOf}=[rt.owned.sales]",
        "tags=[finance|nightly]",
    ];

    private static readonly OwnedTable ValuesB = new()
    {
        Name = Orders,
        Label = "Orders (B)",
        Description = "Orders, second wording",
        Rows = 0,
        Verified = false,
        LastSync = new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.FromHours(-1)),
        Approved = new DateOnly(2000, 2, 29),
        Classification = Sensitivity.Public,
        Notes = ["only note"],
        Columns = ["rt.owned.col.c"],
        Schema = "rt.owned.finance",
        Tags = ["pii"],
    };

    private static readonly string[] StateB =
    [
        "displayName=Orders (B)",
        "Description=[Orders, second wording]",
        "Row Count=[0]",
        "Result=[false]",
        "Last Sync Date=[946684800000]",
        "Approval Date=[951782400000]",
        "Security Classification=[Public]",
        "Note=[only note]",
        $"{ColumnOf}=[rt.owned.col.c]",
        $"{SchemaOf}=[rt.owned.finance]",
        "tags=[pii]",
    ];

    /// <summary>Every member null.</summary>
    private static readonly OwnedTable ClearedByNull = new() { Name = Orders };

    /// <summary>Every sequence empty or holding only nulls (a single relation, a scalar, can only be null).</summary>
    private static readonly OwnedTable ClearedByEmpty = new() { Name = Orders, Notes = [null, null], Columns = [], Tags = [null] };

    private static readonly OwnedTable Never = new() { Name = NeverSet };

    protected TempCatalog Temp { get; private set; } = null!;

    protected IImportApiClient Client { get; private set; } = null!;

    private ICatalogReader Reader => (ICatalogReader)Client;

    public async Task InitializeAsync()
    {
        Temp = await TempCatalog.CreateAsync();
        Client = await ConnectAsync(Temp);
    }

    public async Task DisposeAsync()
    {
        Disconnect();
        await Temp.DisposeAsync();
    }

    protected abstract Task<IImportApiClient> ConnectAsync(TempCatalog temp);

    protected virtual void Disconnect()
    {
    }

    private Task<SyncRunReport> RunAsync(params OwnedTable[] tables) =>
        OwnedPlan.RunAsync(Client, Columns, Schemas, tables, new SyncRunOptions { UseJournal = false });

    private async Task<SyncTypeReport> RunOkAsync(params OwnedTable[] tables)
    {
        var report = await RunAsync(tables);
        Assert.True(report.Succeeded, report.Describe());
        return report.Groups.SelectMany(g => g.Types).Single(t => t.Type.TypeName == TableType);
    }

    /// <summary>What the catalog's read API gives for the table: display name, attributes, relations and tags, one line each, sorted.</summary>
    private async Task<string> ReadBackAsync(string name)
    {
        var asset = (await Reader.FindAssetsAsync(new AssetQuery { Name = name, NameMatchMode = NameMatchMode.Exact })).Results.Single(a => a.Domain.Name == Tables);
        var lines = new List<string> { $"displayName={asset.DisplayName}" };
        lines.AddRange((await Reader.FindAttributesAsync(asset.Id)).Results
            .GroupBy(a => a.Type.Name)
            .Select(g => $"{g.Key}=[{string.Join("|", g.Select(a => a.Value))}]"));
        lines.AddRange((await Reader.FindRelationsAsync(targetId: asset.Id)).Results
            .GroupBy(r => r.Type.Id)
            .Select(g => $"{g.Key}:SOURCE=[{string.Join("|", g.Select(r => r.Source.Name).Order(StringComparer.Ordinal))}]"));
        lines.AddRange((await Reader.FindRelationsAsync(sourceId: asset.Id)).Results.Select(r => $"unexpected relation to {r.Target.Name}"));
        lines.Add($"tags=[{string.Join("|", (await Reader.GetAssetTagsAsync(asset.Id)).Select(t => t.Name).Order(StringComparer.Ordinal))}]");
        return Sorted(lines);
    }

    private static SyncGroupReport TablesGroup(SyncRunReport report) => report.Groups.Single(g => g.Group.Types.Any(t => t.TypeName == TableType));

    private static string Sorted(IEnumerable<string> lines) => string.Join("\n", lines.Order(StringComparer.Ordinal));

    private static string State(IEnumerable<string> declared, bool curated = true) => Sorted(curated ? [.. declared, Curated] : declared);

    /// <summary>The table as the catalog shows an asset without any value: its name as display name, no tags.</summary>
    private static string[] Empty(string name) => [$"displayName={name}", "tags=[]"];

    private async Task SetByHandAsync()
    {
        // A plain import (no synchronization id) of an attribute type the plan does not declare, as a steward would.
        var json = """[{"resourceType":"Asset","identifier":{"name":"rt.owned.orders","domain":{"name":"Owned tables","community":{"name":"RT Owned"}}},"attributes":{"Descriptive Example":[{"value":"curated by a steward"}]}}]""";
        var job = await Client.StartImportAsync(ImportContent.FromBytes(System.Text.Encoding.UTF8.GetBytes(json)), ImportJobOptions.Default);
        Assert.Equal(JobResult.Success, (await Temp.Engine.WaitForJobAsync(job.Id)).Result);
    }

    [Fact]
    public async Task Every_declared_member_kind_set_cleared_and_set_again_reads_back_exactly_and_an_undeclared_attribute_survives()
    {
        var first = await RunOkAsync(ValuesA, Never);
        Assert.Equal(2, first.Counters.Added);
        Assert.Equal(State(StateA, curated: false), await ReadBackAsync(Orders));
        var never = await ReadBackAsync(NeverSet);
        Assert.Equal(State(Empty(NeverSet), curated: false), never);
        await SetByHandAsync();
        Assert.Equal(State(StateA), await ReadBackAsync(Orders));

        // Cleared by null: every declared value goes, the hand-made one stays, and the run counts an update.
        var cleared = await RunOkAsync(ClearedByNull, Never);
        Assert.Equal((0, 1, 1), (cleared.Counters.Added, cleared.Counters.Updated, cleared.Counters.Unchanged));
        Assert.Equal(State(Empty(Orders)), await ReadBackAsync(Orders));
        // "Cleared" reads back exactly like "never set" (but for the name and the hand-made attribute).
        Assert.Equal(never.Replace(NeverSet, Orders, StringComparison.Ordinal), (await ReadBackAsync(Orders)).Replace(Curated + "\n", "", StringComparison.Ordinal));

        var setAgain = await RunOkAsync(ValuesB, Never);
        Assert.Equal((0, 1, 1), (setAgain.Counters.Added, setAgain.Counters.Updated, setAgain.Counters.Unchanged));
        Assert.Equal(State(StateB), await ReadBackAsync(Orders));

        // Cleared by empty sequences (and one of nulls only).
        var emptied = await RunOkAsync(ClearedByEmpty, Never);
        Assert.Equal((0, 1, 1), (emptied.Counters.Added, emptied.Counters.Updated, emptied.Counters.Unchanged));
        Assert.Equal(State(Empty(Orders)), await ReadBackAsync(Orders));

        var back = await RunOkAsync(ValuesA, Never);
        Assert.Equal((0, 1, 1), (back.Counters.Added, back.Counters.Updated, back.Counters.Unchanged));
        Assert.Equal(State(StateA), await ReadBackAsync(Orders));
        Assert.Equal(never, await ReadBackAsync(NeverSet));

        // The same source again: nothing to write.
        var unchanged = await RunOkAsync(ValuesA, Never);
        Assert.Equal((0, 0, 2), (unchanged.Counters.Added, unchanged.Counters.Updated, unchanged.Counters.Unchanged));
    }

    [Fact]
    public async Task Clearing_only_a_relation_counts_the_asset_updated_and_removes_the_relation()
    {
        await RunOkAsync(ValuesA);

        var report = await RunOkAsync(ValuesA with { Schema = null });

        Assert.Equal((0, 1, 0), (report.Counters.Added, report.Counters.Updated, report.Counters.Unchanged));
        Assert.Equal(State(StateA.Where(l => !l.StartsWith(SchemaOf, StringComparison.Ordinal)), curated: false), await ReadBackAsync(Orders));
    }

    [Fact]
    public async Task Two_names_differing_only_by_a_lone_surrogate_are_refused_with_type_member_and_position_and_nothing_is_finalized()
    {
        var report = await RunAsync(new OwnedTable { Name = "rt.owned.fine" }, new OwnedTable { Name = "a\uD800b" }, new OwnedTable { Name = "a\uDC00b" });

        Assert.False(report.Succeeded);
        Assert.Equal(2, report.SourceProblemCount);
        Assert.Equal(
        [
            $"Item 2 of {TableType} cannot be placed: {TableType}.Name holds a string that is not valid UTF-16: a lone surrogate U+D800 at index 1 of \"a\\uD800b\".",
            $"Item 3 of {TableType} cannot be placed: {TableType}.Name holds a string that is not valid UTF-16: a lone surrogate U+DC00 at index 1 of \"a\\uDC00b\".",
        ], report.SourceProblems.Select(p => p[..p.IndexOf(". ", StringComparison.Ordinal)] + "."));
        Assert.All(report.Groups, g => Assert.Null(g.Finalization));
        Assert.Equal(SyncGroupOutcome.SourceInvalid, TablesGroup(report).Outcome);
        Assert.Equal(0, await Temp.CountAssetsAsync("a"));
        Assert.Equal(0, await Temp.CountAssetsAsync("rt.owned.fine")); // its batch was not sent either
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_tag_stops_the_run_before_that_items_batch_is_sent_and_nothing_is_finalized()
    {
        // Batches of 4 assets: the first four are sent before the sixth is written.
        OwnedTable[] tables = [.. Enumerable.Range(1, 5).Select(i => new OwnedTable { Name = $"rt.owned.t{i}" }), new() { Name = "rt.owned.t6", Tags = ["fine", "bad\uDFFF"] }];

        var report = await RunAsync(tables);

        Assert.False(report.Succeeded);
        var problem = Assert.Single(report.SourceProblems);
        Assert.StartsWith(
            $"Writing item 6 of {TableType} failed: InvalidOperationException: {TableType}.Tags holds a string that is not valid UTF-16: a lone surrogate U+DFFF at index 3 of \"bad\\uDFFF\".",
            problem,
            StringComparison.Ordinal);
        Assert.All(report.Groups, g => Assert.Null(g.Finalization));
        var group = TablesGroup(report);
        Assert.Equal(SyncGroupOutcome.SourceInvalid, group.Outcome);
        Assert.True(group.Batches.Count > 0, "Earlier batches were sent (so the cycle had to be closed, not finalized).");
        Assert.Null(await Temp.FindAssetAsync("rt.owned.t6", Tables));

        // A preview of the same source reports the same problem (the half-written asset is not completed or sent).
        var preview = await OwnedPlan.PreviewAsync(Client, Columns, Schemas, tables);
        Assert.False(preview.Succeeded);
        Assert.StartsWith($"Writing item 6 of {TableType} failed: InvalidOperationException: {TableType}.Tags holds", Assert.Single(preview.SourceProblems), StringComparison.Ordinal);
        Assert.Null(await Temp.FindAssetAsync("rt.owned.t6", Tables));
    }
}

public sealed class InProcessSourceOwnsDeclaredValuesTests : SourceOwnsDeclaredValuesTests
{
    protected override Task<IImportApiClient> ConnectAsync(TempCatalog temp) => Task.FromResult<IImportApiClient>(temp.Engine);
}

/// <summary>Through the REST host on 127.0.0.1: sent and read back over HTTP.</summary>
public sealed class HttpSourceOwnsDeclaredValuesTests : SourceOwnsDeclaredValuesTests
{
    private HttpClient? _http;

    protected override async Task<IImportApiClient> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        _http = new HttpClient(ImportApiResilience.CreateHandler(new ImportApiResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10) }, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();
}

/// <summary><see cref="AssetJson.CheckedText"/>: valid UTF-16 passes untouched, a lone surrogate anywhere is refused.</summary>
public sealed class CheckedTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("Kundenaufträge")]
    [InlineData("\uD83D\uDE00")]
    [InlineData("a\uD83D\uDE00b\uD83D\uDE00")]
    public void Valid_text_is_returned_as_it_is(string text) => Assert.Same(text, AssetJson.CheckedText(text, "T", "M"));

    [Fact]
    public void Null_is_returned_as_null() => Assert.Null(AssetJson.CheckedText(null, "T", "M"));

    // Escaped: xunit serializes theory data as UTF-8, which would turn a lone surrogate into U+FFFD before the test.
    [Theory]
    [InlineData(@"\uD800", "U+D800 at index 0")]
    [InlineData(@"a\uDC00", "U+DC00 at index 1")]
    [InlineData(@"\uDC00\uD800", "U+DC00 at index 0")] // a pair in the wrong order is two lone halves
    [InlineData(@"\uD83D\uDE00x\uD83D", "U+D83D at index 3")]
    [InlineData(@"\uD800\uD800\uDC00", "U+D800 at index 0")]
    public void A_lone_surrogate_is_refused_naming_type_member_and_where(string escaped, string where)
    {
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var error = Assert.Throws<InvalidOperationException>(() => AssetJson.CheckedText(text, "Contoso.Table", "Label"));
        Assert.StartsWith($"Contoso.Table.Label holds a string that is not valid UTF-16: a lone surrogate {where} of ", error.Message, StringComparison.Ordinal);
    }
}
