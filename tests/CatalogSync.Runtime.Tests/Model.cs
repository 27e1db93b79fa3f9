namespace CatalogSync.Runtime.Tests;

// A consumer's warehouse: tables retire missing assets, columns are removed, schemas and databases are left alone.
// Batches of 4 resources cut every cycle into several batches. The IDs are pinned (the tests name them); schemas and
// databases share one.

[SyncAsset(AssetType = "Table", Community = "RT Warehouse", Domain = "Tables", SyncId = "rt-change-status-000000005066")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed record Table([property: AssetName] string Name)
{
    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Column))]
    public IReadOnlyList<string> Columns { get; init; } = [];
}

[SyncAsset(AssetType = "Column", Community = "RT Warehouse", Domain = "Columns", SyncId = "rt-remove-resources")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record Column([property: AssetName] string Name, [property: CatalogAttribute("Technical Data Type")] string DataType);

[SyncAsset(AssetType = "Schema", Community = "RT Warehouse", Domain = "Schemas", SyncId = "rt-ignore")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record Schema([property: AssetName] string Name);

[SyncAsset(AssetType = "Database", Community = "RT Warehouse", Domain = "Databases", SyncId = "rt-ignore")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record Database([property: AssetName] string Name);

[SyncPlan(typeof(Column), typeof(Table), typeof(Schema), typeof(Database), Name = "rt", BatchSize = 4)]
public static partial class WarehousePlan;

// Volume: one type, the largest batches the Import API takes.

[SyncAsset(AssetType = "Column", Community = "RT Bulk", Domain = "Bulk columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record BulkColumn([property: AssetName] string Name, [property: CatalogAttribute("Technical Data Type")] string DataType);

[SyncPlan(typeof(BulkColumn), Name = "rt-bulk")]
public static partial class BulkPlan;

// Memory: a realistic row, in batches of 10 000 resources, so that a 200 000-resource run is twenty batches.

[SyncAsset(AssetType = "Table", Community = "RT Memory", Domain = "Memory tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed record MemoryRow([property: AssetName] string Name)
{
    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [CatalogAttribute("Row Count")]
    public long Rows { get; init; }

    [AssetTags]
    public IReadOnlyList<string>? Tags { get; init; }
}

[SyncPlan(typeof(MemoryRow), Name = "rt-memory", BatchSize = 10_000)]
public static partial class MemoryPlan;

// A missing-asset status given by name: the run looks it up in the catalog before any data moves.

[SyncAsset(AssetType = "Table", Community = "RT Named", Domain = "Named tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Missing from source")]
public sealed record NamedStatusTable([property: AssetName] string Name);

[SyncPlan(typeof(NamedStatusTable), Name = "rt-named")]
public static partial class NamedStatusPlan;
