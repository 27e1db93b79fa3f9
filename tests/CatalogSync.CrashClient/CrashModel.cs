namespace CatalogSync.CrashClient;

// Three synchronization IDs (pinned: the crash test names them), one per missing policy; batches of 50 resources, so that a "day" is about 20 batches.

[SyncAsset(AssetType = "Table", Community = "Crash Warehouse", Domain = "Crash tables", SyncId = "crash-change-status-000000005066")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
public sealed record CrashTable([property: AssetName] string Name)
{
    [CatalogAttribute("Description")]
    public string? Description { get; init; }

    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(CrashColumn))]
    public IReadOnlyList<string> Columns { get; init; } = [];
}

[SyncAsset(AssetType = "Column", Community = "Crash Warehouse", Domain = "Crash columns", SyncId = "crash-remove-resources")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record CrashColumn([property: AssetName] string Name, [property: CatalogAttribute("Technical Data Type")] string DataType);

[SyncAsset(AssetType = "Schema", Community = "Crash Warehouse", Domain = "Crash schemas", SyncId = "crash-ignore")]
[MissingPolicy(MissingStrategy.Ignore)]
public sealed record CrashSchema([property: AssetName] string Name);

[SyncPlan(typeof(CrashColumn), typeof(CrashTable), typeof(CrashSchema), Name = "crash", BatchSize = 50)]
public static partial class CrashPlan;

/// <summary>
/// The source of a "day", deterministic: day 1 has tables 1–260 (two columns each) and schemas 1–190; from day 2 on
/// the first 20 tables (and their columns) and 10 schemas are gone, 10 tables and 10 schemas are new, and every tenth table has a new
/// description and column type.
/// </summary>
public static class CrashData
{
    public static IEnumerable<int> TableNumbers(int day) => day <= 1 ? Enumerable.Range(1, 260) : Enumerable.Range(21, 250);

    public static List<CrashTable> Tables(int day) =>
        [.. TableNumbers(day).Select(i => new CrashTable($"crash.table.{i:D4}")
        {
            Description = day > 1 && i % 10 == 0 ? $"Table {i}, changed on day {day}" : $"Table {i}",
            Columns = [$"crash.col.{i:D4}.1", $"crash.col.{i:D4}.2"],
        })];

    public static List<CrashColumn> Columns(int day) =>
        [.. TableNumbers(day).SelectMany(i => new[]
        {
            new CrashColumn($"crash.col.{i:D4}.1", "int"),
            new CrashColumn($"crash.col.{i:D4}.2", day > 1 && i % 10 == 0 ? "varchar(40)" : "varchar(20)"),
        })];

    public static List<CrashSchema> Schemas(int day) =>
        [.. (day <= 1 ? Enumerable.Range(1, 190) : Enumerable.Range(11, 190)).Select(i => new CrashSchema($"crash.schema.{i:D3}"))];
}
