using CatalogSync.Contract;
using CatalogSync.Http;
using CatalogSync.Plans;
using CatalogSync.Plans.Preflight;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The preflight against the embedded catalog's real (out-of-the-box) metamodel, in-process and over HTTP: every
/// mistake of a plan is found at once, with the C# type and member and the closest valid names.
/// </summary>
public abstract class PreflightTests : IAsyncLifetime
{
    private static readonly Guid ColumnIsPartOfTable = Guid.Parse("00000000-0000-0000-0000-000000007042");
    private static readonly Guid SchemaContainsTable = Guid.Parse("00000000-0000-0000-0000-000000007043");

    protected TempCatalog Temp { get; private set; } = null!;

    protected ICatalogReader Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Temp = await TempCatalog.CreateAsync();
        Reader = await ConnectAsync(Temp);
    }

    public async Task DisposeAsync()
    {
        Disconnect();
        await Temp.DisposeAsync();
    }

    protected abstract Task<ICatalogReader> ConnectAsync(TempCatalog temp);

    protected virtual void Disconnect()
    {
    }

    private static SyncTypeDescription Table(params SyncAttributeDescription[] attributes) =>
        new("Shop.Table", "Table", "Shop", "Tables", "Physical Data Dictionary")
        {
            Attributes = attributes,
            Relations = [new SyncRelationDescription(ColumnIsPartOfTable, RelationRole.Source, "Shop.Column", "Column", "Columns")],
        };

    private static SyncPlanDescription Plan(params SyncGroupDescription[] groups) => new("shop", 1000, groups);

    [Fact]
    public async Task A_plan_that_fits_passes_and_resolves_its_status_names()
    {
        var plan = Plan(
            new SyncGroupDescription("shop-columns", MissingStrategy.RemoveResources, null, null,
                [new SyncTypeDescription("Shop.Column", "Column", "Shop", "Columns", "Physical Data Dictionary") { Attributes = [new("Is Nullable", "Nullable", SyncValueKind.Boolean)] }]),
            new SyncGroupDescription("shop-tables", MissingStrategy.ChangeStatus, null, "Missing from source",
                [Table(new("Description", "Description", SyncValueKind.Text), new("Row Count", "Rows", SyncValueKind.Number), new("Last Sync Date", "Synced", SyncValueKind.Date))]),
            new SyncGroupDescription("shop-views", MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null,
                // A sub-type at the relation's tail: Database View is a Table.
                [new SyncTypeDescription("Shop.View", "Database View", "Shop", "Views", "Physical Data Dictionary")
                {
                    Relations = [new SyncRelationDescription(SchemaContainsTable, RelationRole.Source, "Shop.Schema", "Schema", "Schema")],
                }]));

        var result = await PlanPreflight.CheckAsync(Reader, plan);

        Assert.True(result.Passed, result.Describe());
        Assert.Equal([null, TempCatalog.MissingFromSource, TempCatalog.MissingFromSource], result.StatusIds);
    }

    /// <summary>A plan with one mistake of each kind.</summary>
    private static SyncPlanDescription MistakenPlan() => Plan(
        new SyncGroupDescription("shop-terms", MissingStrategy.ChangeStatus, null, "obsolete",
            [new SyncTypeDescription("Shop.Term", "Busines Term", "Shop", "Terms", "Glosary") { Attributes = [new("Definiton", "Text", SyncValueKind.Text)] }]),
        new SyncGroupDescription("shop-tables", MissingStrategy.ChangeStatus, Guid.Parse("00000000-0000-0000-0000-000000031007"), null,
            [Table(new("Last Sync Date", "Synced", SyncValueKind.Text), new("Row Count", "Rows", SyncValueKind.Number))
                with { Relations = [new SyncRelationDescription(ColumnIsPartOfTable, RelationRole.Target, "Shop.Column", "Column", "Columns"),
                                    new SyncRelationDescription(SchemaContainsTable, RelationRole.Source, "Shop.Column", "Column", "Parent"),
                                    new SyncRelationDescription(Guid.Parse("00000000-0000-0000-0000-000000009999"), RelationRole.Source, "Shop.Column", "Column", "Other")] }]));

    [Fact]
    public async Task Every_mistake_is_listed_at_once_with_its_member_and_the_closest_names()
    {
        var plan = MistakenPlan();

        var result = await PlanPreflight.CheckAsync(Reader, plan);

        Assert.False(result.Passed);
        var problems = result.Problems.Select(p => (p.TypeName, p.Member, p.Subject)).ToList();
        Assert.Equal(
            [
                ("Shop.Term", null, PreflightSubject.Status),
                ("Shop.Term", null, PreflightSubject.AssetType),
                ("Shop.Term", null, PreflightSubject.DomainType),
                ("Shop.Term", "Text", PreflightSubject.AttributeType),
                ("Shop.Table", null, PreflightSubject.Status),
                ("Shop.Table", "Synced", PreflightSubject.AttributeKind),
                ("Shop.Table", "Columns", PreflightSubject.RelationDirection),
                ("Shop.Table", "Parent", PreflightSubject.RelationDirection),
                ("Shop.Table", "Other", PreflightSubject.RelationType),
            ],
            problems);

        string Message(int index) => result.Problems[index].Message;

        Assert.Equal("[MissingPolicy] status 'obsolete' is not a status of the catalog. Closest: 'Obsolete'.", Message(0));
        Assert.Equal("[SyncAsset] AssetType 'Busines Term' is not an asset type of the catalog. Closest: 'Business Term'.", Message(1));
        Assert.Equal("[SyncAsset] DomainType 'Glosary' is not a domain type of the catalog. Closest: 'Glossary'.", Message(2));
        Assert.Equal("[CatalogAttribute] 'Definiton' is not an attribute type of the catalog. Closest: 'Definition'.", Message(3));
        Assert.StartsWith("[MissingPolicy] StatusId 00000000-0000-0000-0000-000000031007 is the id of the asset type 'Table', not of a status.", Message(4), StringComparison.Ordinal);
        Assert.Equal("[CatalogAttribute] 'Last Sync Date' holds dates, but the member writes text: map it to a member of a fitting type or to another attribute type.", Message(5));
        Assert.Equal("[Relation] 00000000-0000-0000-0000-000000007042 (Column is part of Table) has 'Column' at its head: the listed 'Column' assets are its source, so declare RelationRole.Source, not RelationRole.Target.", Message(6));
        Assert.Contains("relates 'Schema' to 'Table', not 'Column' to 'Table'", Message(7), StringComparison.Ordinal);
        Assert.StartsWith("[Relation] 00000000-0000-0000-0000-000000009999 is not a relation type of the catalog. Relation types of this asset type: ", Message(8), StringComparison.Ordinal);
        Assert.Contains("Shop.Table.Synced: [CatalogAttribute] 'Last Sync Date' holds dates", result.Describe(), StringComparison.Ordinal);
        Assert.Null(result.StatusIds[0]);
    }

    [Fact]
    public async Task Checked_offline_against_the_shipped_snapshot_the_plan_has_the_same_problems_as_against_the_live_catalog()
    {
        // One format, one reader: the live check reads the catalog into the MetamodelSnapshot the generator checks against.
        var shipped = MetamodelSnapshot.Parse(await File.ReadAllTextAsync(ShippedSnapshotPath()));

        var live = await PlanPreflight.CheckAsync(Reader, MistakenPlan());
        var offline = PlanPreflight.Check(shipped, MistakenPlan());

        Assert.Equal(9, offline.Problems.Count);
        Assert.Equal(live.Problems.Select(p => p.ToString()), offline.Problems.Select(p => p.ToString()));
        Assert.Equal(live.StatusIds, offline.StatusIds);
    }

    private static string ShippedSnapshotPath([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json"));

    [Theory]
    [InlineData(SyncValueKind.Text, AttributeKind.String, true)]
    [InlineData(SyncValueKind.Number, AttributeKind.String, true)]
    [InlineData(SyncValueKind.Text, AttributeKind.Numeric, false)]
    [InlineData(SyncValueKind.Number, AttributeKind.Numeric, true)]
    [InlineData(SyncValueKind.Boolean, AttributeKind.Boolean, true)]
    [InlineData(SyncValueKind.Text, AttributeKind.Boolean, false)]
    [InlineData(SyncValueKind.Date, AttributeKind.Date, true)]
    [InlineData(SyncValueKind.Number, AttributeKind.Date, false)]
    [InlineData(SyncValueKind.Enum, AttributeKind.SingleValueList, true)]
    [InlineData(SyncValueKind.Text, AttributeKind.MultiValueList, true)]
    [InlineData(SyncValueKind.Number, AttributeKind.SingleValueList, false)]
    public void Member_kinds_fit_attribute_kinds(SyncValueKind member, AttributeKind attribute, bool fits) =>
        Assert.Equal(fits, PlanPreflight.Fits(member, attribute));
}

public sealed class InProcessPreflightTests : PreflightTests
{
    protected override Task<ICatalogReader> ConnectAsync(TempCatalog temp) => Task.FromResult<ICatalogReader>(temp.Engine);

    [Fact]
    public async Task The_generated_plans_fit_the_embedded_catalog()
    {
        var result = await PlanPreflight.CheckAsync(Reader, WarehousePlan.Description);
        Assert.True(result.Passed, result.Describe());
        Assert.Contains(WarehousePlan.Description.Types, t => t.Attributes.Count > 0 && t.Relations.Count > 0);
    }
}

public sealed class HttpPreflightTests : PreflightTests
{
    private HttpClient? _http;

    protected override async Task<ICatalogReader> ConnectAsync(TempCatalog temp)
    {
        await temp.ServeAsync();
        _http = new HttpClient();
        return new CollibraHttpClient(_http, temp.ClientOptions());
    }

    protected override void Disconnect() => _http?.Dispose();
}
