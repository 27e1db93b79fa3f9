using CatalogSync;

namespace WarehouseInventory;

// What the catalog should hold of the warehouse, declared once. The generator checks these
// declarations at compile time and emits the mappers and WarehousePlan.RunAsync/PreviewAsync.

/// <summary>
/// A database schema. Schemas that disappear are removed. They get a synchronization ID of their own:
/// schemas must be imported before the tables that list them, and columns after, so schemas and
/// columns cannot share one ID although both are removed when missing (CSYNC022 says why).
/// </summary>
[SyncAsset(AssetType = "Schema", Community = "Warehouse", Domain = "Warehouse schemas", SyncId = "warehouse-schemas")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record WarehouseSchema([property: AssetName] string Name);

/// <summary>A table. Tables that disappear are kept, with the status "Missing from source", and get their default status back if they return.</summary>
[SyncAsset(AssetType = "Table", Community = "Warehouse", Domain = "Warehouse tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Missing from source")]
public sealed record WarehouseTable
{
    /// <summary>The qualified name, e.g. <c>sales.orders</c>.</summary>
    [AssetName]
    public required string FullName { get; init; }

    /// <summary>The table name alone, shown in the catalog.</summary>
    [AssetDisplayName]
    public string? Label { get; init; }

    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [CatalogAttribute("Row Count")]
    public long RowCount { get; init; }

    /// <summary>Schema contains Table: the schema is the source of the relation.</summary>
    [Relation("00000000-0000-0000-0000-000000007043", RelationRole.Source, typeof(WarehouseSchema))]
    public required string Schema { get; init; }

    [AssetTags]
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A column. Columns that disappear are removed.</summary>
[SyncAsset(AssetType = "Column", Community = "Warehouse", Domain = "Warehouse columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record WarehouseColumn
{
    /// <summary>The qualified name, e.g. <c>sales.orders.order_id</c>.</summary>
    [AssetName]
    public required string FullName { get; init; }

    [CatalogAttribute("Technical Data Type")]
    public required string DataType { get; init; }

    [CatalogAttribute("Is Nullable")]
    public bool IsNullable { get; init; }

    [CatalogAttribute("Column Position")]
    public int Position { get; init; }

    /// <summary>Column is part of Table: the table is the target of the relation.</summary>
    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Target, typeof(WarehouseTable))]
    public required string Table { get; init; }
}

/// <summary>The whole synchronization: one synchronization ID per missing policy, in relation order.</summary>
[SyncPlan(typeof(WarehouseSchema), typeof(WarehouseTable), typeof(WarehouseColumn), Name = "warehouse")]
public static partial class WarehousePlan;
