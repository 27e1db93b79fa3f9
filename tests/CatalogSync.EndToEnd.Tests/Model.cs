namespace CatalogSync.EndToEnd.Tests;

// A consumer's annotated types: tables retire missing assets, columns are removed, schemas are left alone.

[SyncAsset(AssetType = "Table", Community = "E2E Warehouse", Domain = "Tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed class TableRow
{
    [AssetName]
    public required string Name { get; init; }

    [AssetDisplayName]
    public string? Label { get; init; }

    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [CatalogAttribute("Note")]
    public IReadOnlyList<string>? Notes { get; init; }

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(ColumnRow))]
    public IReadOnlyList<string> Columns { get; init; } = [];

    [AssetTags]
    public IReadOnlyList<string>? Tags { get; init; }

    [AssetStatus]
    public string? Status { get; init; }
}

[SyncAsset(AssetType = "Column", Community = "E2E Warehouse", Domain = "Columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record ColumnRow
{
    [AssetName]
    public required string Name { get; init; }

    [CatalogAttribute("Technical Data Type")]
    public string? DataType { get; init; }
}

[SyncAsset(AssetType = "Schema", Community = "E2E Warehouse", Domain = "Schemas")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record SchemaRow([property: AssetName] string Name)
{
    [Relation("00000000-0000-0000-0000-000000007043", RelationRole.Target, typeof(TableRow))]
    public IReadOnlyList<string> Tables { get; init; } = [];
}

/// <summary>Small batches, so every cycle is cut into several.</summary>
[SyncPlan(typeof(TableRow), typeof(ColumnRow), typeof(SchemaRow), Name = "e2e", BatchSize = 5)]
public static partial class WarehousePlan;

// A second plan, in its own community, whose status is given by name and looked up at run time.

[SyncAsset(AssetType = "Business Term", Community = "E2E Glossary", Domain = "Terms", DomainType = "Glossary")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Obsolete")]
public sealed record Term([property: AssetName] string Name, [property: CatalogAttribute("Definition")] string? Definition);

[SyncPlan(typeof(Term), Name = "e2e-glossary")]
public static partial class GlossaryPlan;

// Every value kind, to check the generated mapper's exact, culture-invariant JSON.

public enum Tier
{
    Bronze,
    Silver,
    Gold,
}

[SyncAsset(AssetType = "Data Asset", Community = "E2E Metrics", Domain = "Metrics")]
[MissingPolicy(MissingStrategy.Ignore)]
// Out-of-the-box attribute types of each kind (docs/metamodel-ootb.md), one member type per kind.
public sealed class Metric
{
    [AssetName]
    public required string Name { get; init; }

    [CatalogAttribute("Passing Fraction")]
    public double Ratio { get; init; }

    [CatalogAttribute("Loaded Rows")]
    public long Count { get; init; }

    [CatalogAttribute("Threshold")]
    public decimal? Price { get; init; }

    [CatalogAttribute("Result")]
    public bool Enabled { get; init; }

    [CatalogAttribute("Last Sync Date")]
    public DateTimeOffset Measured { get; init; }

    [CatalogAttribute("Security Classification")]
    public Tier Tier { get; init; }

    [CatalogAttribute("Rows Passed")]
    public int[] Samples { get; init; } = [];

    [AssetDomain]
    public string? Area { get; init; }
}

[SyncPlan(typeof(Metric), Name = "e2e-metrics")]
public static partial class MetricsPlan;

// Volume: thousands of assets cut into batches of at most 1000 resources.

[SyncAsset(AssetType = "Column", Community = "E2E Bulk", Domain = "Bulk columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record BulkColumn([property: AssetName] string Name, [property: CatalogAttribute("Technical Data Type")] string DataType);

[SyncPlan(typeof(BulkColumn), Name = "e2e-bulk", BatchSize = 1000)]
public static partial class BulkPlan;
