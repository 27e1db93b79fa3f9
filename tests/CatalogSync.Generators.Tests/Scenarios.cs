namespace CatalogSync.Generators.Tests;

/// <summary>Valid consumer code that the baselines and compile tests run the generator over.</summary>
internal static class Scenarios
{
    /// <summary>Tables, columns and schemas with three missing policies and relations between them.</summary>
    public const string Warehouse = """
        using System;
        using System.Collections.Generic;
        using CatalogSync;

        namespace Contoso.Warehouse;

        [SyncAsset(AssetType = "Table", Community = "Warehouse", Domain = "Sales tables")]
        [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066", MaxMissingPercent = 10, MaxMissingCount = 500)]
        public sealed class WarehouseTable
        {
            [AssetName] public required string FullName { get; init; }
            [AssetDisplayName] public string? Label { get; init; }
            [AssetStatus] public string? Status { get; init; }
            [CatalogAttribute("Description")] public string? Description { get; init; }
            [CatalogAttribute("Row Count")] public long RowCount { get; init; }
            [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Column))]
            public IReadOnlyList<string> ColumnNames { get; init; } = [];
            [Relation("00000000-0000-0000-0000-000000007043", RelationRole.Source, typeof(Schema))]
            public string? SchemaName { get; init; }
            [AssetTags] public IReadOnlyList<string>? Tags { get; init; }
        }

        [SyncAsset(AssetType = "Column", Community = "Warehouse", Domain = "Sales tables")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed record Column
        {
            [AssetName] public required string FullName { get; init; }
            [CatalogAttribute("Technical Data Type")] public string? DataType { get; init; }
        }

        [SyncAsset(AssetType = "Schema", Community = "Warehouse", Domain = "Schemas")]
        [MissingPolicy(MissingStrategy.Ignore)]
        public sealed record Schema([property: AssetName] string Name);

        [SyncPlan(typeof(WarehouseTable), typeof(Column), typeof(Schema), Name = "warehouse", BatchSize = 10000)]
        public static partial class WarehouseSync;
        """;

    /// <summary>Every supported value kind, nullable forms, sequences and enums.</summary>
    public const string ValueKinds = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using CatalogSync;

        namespace Samples.Kinds;

        public enum Level { Low, Medium, High, Default = Medium }

        [Flags]
        public enum Access { None = 0, Read = 1, Write = 2 }

        [SyncAsset(AssetType = "Data Asset", Community = "Samples", Domain = "Kinds", DomainType = "Glossary", SyncId = "samples.kinds")]
        [MissingPolicy(MissingStrategy.Ignore)]
        internal sealed class Everything
        {
            [AssetName] public string Name = "";
            [CatalogAttribute("Text")] public string? Text { get; set; }
            [CatalogAttribute("Flag")] public bool Flag { get; set; }
            [CatalogAttribute("Maybe")] public bool? Maybe { get; set; }
            [CatalogAttribute("SByte")] public sbyte SByte { get; set; }
            [CatalogAttribute("Byte")] public byte Byte { get; set; }
            [CatalogAttribute("Int16")] public short Int16 { get; set; }
            [CatalogAttribute("UInt16")] public ushort UInt16 { get; set; }
            [CatalogAttribute("Int32")] public int Int32 { get; set; }
            [CatalogAttribute("UInt32")] public uint UInt32 { get; set; }
            [CatalogAttribute("Int64")] public long? Int64 { get; set; }
            [CatalogAttribute("UInt64")] public ulong UInt64 { get; set; }
            [CatalogAttribute("Single")] public float Single { get; set; }
            [CatalogAttribute("Double")] public double Double { get; set; }
            [CatalogAttribute("Decimal")] public decimal? Decimal { get; set; }
            [CatalogAttribute("When")] public DateTimeOffset When { get; set; }
            [CatalogAttribute("Local")] public DateTime? Local { get; set; }
            [CatalogAttribute("Id")] public Guid Id { get; set; }
            [CatalogAttribute("Level")] public Level Level { get; set; }
            [CatalogAttribute("Access")] public Access? Access { get; set; }
            [CatalogAttribute("Names")] public string?[] Names { get; set; } = [];
            [CatalogAttribute("Numbers")] public List<int?>? Numbers { get; set; }
            [CatalogAttribute("Levels")] public ImmutableArray<Level> Levels { get; set; }
            [CatalogAttribute("Dates")] public IEnumerable<DateTimeOffset> Dates { get; set; } = [];
            [AssetTags] public HashSet<string> Tags { get; } = [];
        }

        [SyncAsset(AssetType = "Data Set", Community = "Samples", Domain = "Default sets")]
        [MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Missing from source")]
        public readonly record struct Measurement([property: AssetName] string Name, [property: AssetDomain] string? Area, [property: CatalogAttribute("class")] string? @class);

        [SyncPlan(typeof(Everything), typeof(Measurement))]
        internal static partial class KindsPlan;
        """;

    /// <summary>Types and plan in the global namespace, a nested type, and no attribute, relation or tag members.</summary>
    public const string GlobalNamespace = """
        using CatalogSync;

        public static class Outer
        {
            [SyncAsset(AssetType = "Business Term", Community = "Data Governance Council", Domain = "Glossary")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class Term
            {
                [AssetName] public string Name { get; set; } = "";
            }
        }

        [SyncPlan(typeof(Outer.Term))]
        public static partial class Glossary;
        """;

    /// <summary>
    /// The catalog the ValueKinds scenario syncs to: one attribute type per value kind (not out-of-the-box ones), so it
    /// lists its own metamodel snapshot, as a project with custom types does.
    /// </summary>
    public const string ValueKindsMetamodel = """
        {
          "version": 1,
          "defaultStatus": "Candidate",
          "statuses": [
            { "id": "00000000-0000-0000-0000-000000005008", "name": "Candidate" },
            { "id": "00000000-0000-0000-0000-000000005066", "name": "Missing from source" }
          ],
          "assetTypes": [
            { "id": "00000000-0000-0000-0000-000000031000", "name": "Asset", "parent": null },
            { "id": "00000000-0000-0000-0000-000000031002", "name": "Data Asset", "parent": "Asset" },
            { "id": "00000000-0000-0000-0001-000400000001", "name": "Data Set", "parent": "Data Asset" }
          ],
          "domainTypes": [
            { "id": "00000000-0000-0000-0000-000000010001", "name": "Glossary" },
            { "id": "00000000-0000-0000-0000-000000030011", "name": "Physical Data Dictionary" }
          ],
          "attributeTypes": [
        { "id": "c0000000-0000-0000-0000-000000000001", "name": "Text", "kind": "String" },
        { "id": "c0000000-0000-0000-0000-000000000002", "name": "Flag", "kind": "Boolean" },
        { "id": "c0000000-0000-0000-0000-000000000003", "name": "Maybe", "kind": "Boolean" },
        { "id": "c0000000-0000-0000-0000-000000000004", "name": "SByte", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000005", "name": "Byte", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000006", "name": "Int16", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000007", "name": "UInt16", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000008", "name": "Int32", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000009", "name": "UInt32", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000010", "name": "Int64", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000011", "name": "UInt64", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000012", "name": "Single", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000013", "name": "Double", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000014", "name": "Decimal", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000015", "name": "When", "kind": "Date" },
        { "id": "c0000000-0000-0000-0000-000000000016", "name": "Local", "kind": "Date" },
        { "id": "c0000000-0000-0000-0000-000000000017", "name": "Id", "kind": "String" },
        { "id": "c0000000-0000-0000-0000-000000000018", "name": "Level", "kind": "SingleValueList", "allowedValues": ["Low", "Medium", "High"] },
        { "id": "c0000000-0000-0000-0000-000000000019", "name": "Access", "kind": "MultiValueList", "allowedValues": ["None", "Read", "Write"] },
        { "id": "c0000000-0000-0000-0000-000000000020", "name": "Names", "kind": "String" },
        { "id": "c0000000-0000-0000-0000-000000000021", "name": "Numbers", "kind": "Numeric" },
        { "id": "c0000000-0000-0000-0000-000000000022", "name": "Levels", "kind": "MultiValueList", "allowedValues": ["Low", "Medium", "High"] },
        { "id": "c0000000-0000-0000-0000-000000000023", "name": "Dates", "kind": "Date" },
        { "id": "c0000000-0000-0000-0000-000000000024", "name": "class", "kind": "String" }
          ],
          "relationTypes": []
        }
        """;

    /// <summary>The AdditionalFiles a scenario's project lists.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(string source) =>
        source == ValueKinds ? [("/project/catalogsync.metamodel.json", ValueKindsMetamodel)] : [];

    public static IEnumerable<object[]> All =>
    [
        [nameof(Warehouse), Warehouse],
        [nameof(ValueKinds), ValueKinds],
        [nameof(GlobalNamespace), GlobalNamespace],
    ];
}
