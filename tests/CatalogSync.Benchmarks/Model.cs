namespace CatalogSync.Benchmarks;

[SyncAsset(AssetType = "Table", Community = "Bench Warehouse", Domain = "Bench tables")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed class BenchTable
{
    [AssetName]
    public required string Name { get; init; }

    [AssetDisplayName]
    public string? Label { get; init; }

    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [CatalogAttribute("Row Count")]
    public long RowCount { get; init; }

    [CatalogAttribute("Last Sync Date")]
    public DateTimeOffset LastSync { get; init; }

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(BenchColumn))]
    public IReadOnlyList<string> Columns { get; init; } = [];

    [AssetTags]
    public IReadOnlyList<string>? Tags { get; init; }
}

[SyncAsset(AssetType = "Column", Community = "Bench Warehouse", Domain = "Bench columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record BenchColumn([property: AssetName] string Name);

[SyncPlan(typeof(BenchColumn), typeof(BenchTable), Name = "bench")]
public static partial class BenchPlan;
