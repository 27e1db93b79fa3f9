using System.Globalization;
using System.Runtime.CompilerServices;
using CatalogSync.Catalog;
using CatalogSync.Contract;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The declarations checked against the metamodel: each rule on a project snapshot (an error at the argument, with the
/// replacement a code fix applies) and on the shipped out-of-the-box one (the same finding as a warning).
/// </summary>
public sealed class MetamodelTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using CatalogSync;

        namespace Tests;


        """;

    private const string SnapshotPath = "/project/catalogsync.metamodel.json";

    /// <summary>The shipped snapshot with a list attribute type, as a catalog with a custom type would have it.</summary>
    private static readonly string ProjectSnapshot = ShippedSnapshot().Replace(
        "\"attributeTypes\": [\n",
        "\"attributeTypes\": [\n    { \"id\": \"c0e00000-0000-0000-0001-000500000153\", \"name\": \"Security Level\", \"kind\": \"SingleValueList\", \"allowedValues\": [\"Public\", \"Internal\", \"Confidential\"] },\n",
        StringComparison.Ordinal);

    private const string OotbHint =
        " (checked against CatalogSync's out-of-the-box metamodel because the project lists no catalogsync.metamodel.json: write your catalog's with "
        + "'catalog-sync metamodel pull --out catalogsync.metamodel.json' and add <AdditionalFiles Include=\"catalogsync.metamodel.json\" /> to the project)";

    /// <summary>The project snapshot with assignments for Table (two attribute types, one relation type), inherited by its sub-types.</summary>
    private static readonly string AssignedSnapshot = ProjectSnapshot.Replace(
        "\"name\": \"Table\", \"parent\": \"Data Structure\", \"publicId\": \"Table\", \"domainTypes\": [\"Physical Data Dictionary\"]",
        "\"name\": \"Table\", \"parent\": \"Data Structure\", \"publicId\": \"Table\", \"domainTypes\": [\"Physical Data Dictionary\"], "
        + "\"attributeTypes\": [\"Description\", \"Row Count\"], \"relationTypes\": [\"00000000-0000-0000-0000-000000007042\"]",
        StringComparison.Ordinal);

    private static string Hint(bool project) => project ? "" : OotbHint;

    private static IReadOnlyList<(string, string)> Files(bool project) => project ? [(SnapshotPath, ProjectSnapshot)] : [];

    public static TheoryData<bool> OnAndOffASnapshot => [true, false];

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC037_an_asset_type_typo_suggests_the_nearest_name(bool project) => Verify(
        project,
        """
        [SyncAsset(AssetType = {|CSYNC037:"Busines Term"|}, Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T { [AssetName] public string Name { get; set; } = ""; }
        [SyncPlan(typeof(T))] public static partial class P;
        """,
        ["\"Business Term\""],
        $"The asset type 'Busines Term' of 'T' is not in the metamodel: did you mean 'Business Term'?{Hint(project)}");

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC038_a_domain_type_typo(bool project) => Verify(
        project,
        """
        [SyncAsset(AssetType = "Business Term", Community = "C", Domain = "D", DomainType = {|CSYNC038:"Glosary"|})]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T { [AssetName] public string Name { get; set; } = ""; }
        [SyncPlan(typeof(T))] public static partial class P;
        """,
        ["\"Glossary\""],
        $"The domain type 'Glosary' of 'T' is not in the metamodel: did you mean 'Glossary'?{Hint(project)}");

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC039_an_attribute_type_typo_and_a_name_that_differs_in_case(bool project) => Verify(
        project,
        """
        [SyncAsset(AssetType = "Business Term", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T
        {
            [AssetName] public string Name { get; set; } = "";
            [CatalogAttribute({|CSYNC039:"Definiton"|})] public string? Definition { get; set; }
            [CatalogAttribute({|CSYNC039:"description"|})] public string? Description { get; set; }
            [CatalogAttribute({|CSYNC039:"Frobnication Index"|})] public string? Other { get; set; }
        }
        [SyncPlan(typeof(T))] public static partial class P;
        """,
        ["\"Definition\"", "\"Description\"", null],
        $"The attribute type 'Definiton' of 'T.Definition' is not in the metamodel: did you mean 'Definition'?{Hint(project)}",
        $"The attribute type 'description' of 'T.Description' is not in the metamodel: did you mean 'Description'?{Hint(project)}",
        $"The attribute type 'Frobnication Index' of 'T.Other' is not in the metamodel: name one of the metamodel's attribute types{Hint(project)}");

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC040_an_id_that_is_not_a_relation_type_lists_the_ones_that_connect_the_types(bool project) => Verify(
        project,
        Tables("""[Relation({|CSYNC040:"00000000-0000-0000-0000-000000005008"|}, RelationRole.Source, typeof(Column))]"""),
        ["\"00000000-0000-0000-0000-000000007042\""],
        "Relation type id '00000000-0000-0000-0000-000000005008' on 'Table.Columns' is not a relation type of the metamodel: it is the id of the status 'Candidate'; "
        + $"relation types between 'Column' and 'Table': 00000000-0000-0000-0000-000000007042 (Column is part of Table) with RelationRole.Source"
        + ", 00000000-0000-0000-0000-000000007011 (Data Element is part of Data Structure) with RelationRole.Source, 00000000-0000-0000-0000-000000007017 (Data Asset groups Data Asset) with RelationRole.Source" + Hint(project));

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC041_the_wrong_relation_role(bool project) => Verify(
        project,
        Tables("""[Relation("00000000-0000-0000-0000-000000007042", {|CSYNC041:RelationRole.Target|}, typeof(Column))]"""),
        ["RelationRole.Source"],
        $"'Table.Columns' lists its 'Column' assets with RelationRole.Target, but in 'Column is part of Table' they are the source (head): use RelationRole.Source{Hint(project)}");

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC042_a_relation_type_that_connects_other_asset_types(bool project) => Verify(
        project,
        Tables("""[Relation({|CSYNC042:"00000000-0000-0000-0000-000000007043"|}, RelationRole.Source, typeof(Column))]"""),
        ["\"00000000-0000-0000-0000-000000007042\""],
        "'Table.Columns' relates 'Table' to 'Column' assets with relation type 00000000-0000-0000-0000-000000007043 (Schema contains Table), which connects neither way round: "
        + $"relation types between them: 00000000-0000-0000-0000-000000007042 (Column is part of Table) with RelationRole.Source"
        + ", 00000000-0000-0000-0000-000000007011 (Data Element is part of Data Structure) with RelationRole.Source, 00000000-0000-0000-0000-000000007017 (Data Asset groups Data Asset) with RelationRole.Source" + Hint(project));

    [Fact]
    public void Sub_types_fit_a_relation_between_their_ancestors()
    {
        // "Data Element is part of Data Structure" (…7011): a Column is a Data Element, a Database View a Data Structure.
        var result = GeneratorHarness.RunWithFiles(Files(true), Header + """
            [SyncAsset(AssetType = "Database View", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class View
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007011", RelationRole.Source, typeof(Column))] public List<string> Columns { get; set; } = [];
            }
            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class Column { [AssetName] public string Name { get; set; } = ""; }
            [SyncPlan(typeof(View), typeof(Column))] public static partial class P;
            """);

        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC043_status_names_and_ids_of_policies_and_removals(bool project) => Verify(
        project,
        """
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.ChangeStatus, StatusName = {|CSYNC043:"obsolete"|})]
        public sealed class T { [AssetName] public string Name { get; set; } = ""; }
        [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = {|CSYNC043:"00000000-0000-0000-0000-000000031007"|})]
        public sealed class U { [AssetName] public string Name { get; set; } = ""; }
        [SyncPlan(typeof(T), typeof(U))]
        [RemovedSyncId("old-terms", Then = RemovedAssets.ChangeStatus, StatusName = {|CSYNC043:"Retired"|})]
        public static partial class P;
        """,
        ["\"Obsolete\"", null, null],
        $"StatusName 'obsolete' on 'T' is not a status of the metamodel: did you mean 'Obsolete'?{Hint(project)}",
        "StatusId '00000000-0000-0000-0000-000000031007' on 'U' is not a status of the metamodel: it is the id of the asset type 'Table'; give the id of one of the metamodel's statuses, "
        + $"e.g. 'Missing from source' (00000000-0000-0000-0000-000000005066){Hint(project)}",
        "StatusName 'Retired' on '[RemovedSyncId(\"old-terms\")] of 'P'' is not a status of the metamodel: name one of the metamodel's statuses, "
        + $"e.g. 'Missing from source' (00000000-0000-0000-0000-000000005066){Hint(project)}");

    [Theory]
    [MemberData(nameof(OnAndOffASnapshot))]
    public void CSYNC044_member_types_against_attribute_kinds(bool project) => Verify(
        project,
        """
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T
        {
            [AssetName] public string Name { get; set; } = "";
            [CatalogAttribute({|CSYNC044:"Last Sync Date"|})] public string? LastSync { get; set; }
            [CatalogAttribute({|CSYNC044:"Row Count"|})] public string? Rows { get; set; }
            [CatalogAttribute({|CSYNC044:"Is Nullable"|})] public int Nullable { get; set; }
            [CatalogAttribute("Loaded Rows")] public long? Loaded { get; set; }
            [CatalogAttribute("Approval Date")] public DateOnly? Approved { get; set; }
            [CatalogAttribute("Column Position")] public int Position { get; set; }
            [CatalogAttribute("Result")] public bool Result { get; set; }
            [CatalogAttribute("Description")] public int AnyTypeIsText { get; set; }
        }
        [SyncPlan(typeof(T))] public static partial class P;
        """,
        [null, null, null],
        $"'T.LastSync' maps the Date attribute type 'Last Sync Date' on a member of type 'string?': map it on a DateTimeOffset, DateTime or DateOnly member{Hint(project)}",
        $"'T.Rows' maps the Numeric attribute type 'Row Count' on a member of type 'string?': map it on a numeric member (an integer type, float, double or decimal){Hint(project)}",
        $"'T.Nullable' maps the Boolean attribute type 'Is Nullable' on a member of type 'int': map it on a bool member{Hint(project)}");

    [Fact]
    public void CSYNC044_a_list_kind_needs_an_enum_or_string() => Verify(
        true,
        """
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T
        {
            [AssetName] public string Name { get; set; } = "";
            [CatalogAttribute({|CSYNC044:"Security Level"|})] public int Level { get; set; }
        }
        [SyncPlan(typeof(T))] public static partial class P;
        """,
        [null],
        "'T.Level' maps the SingleValueList attribute type 'Security Level' on a member of type 'int': map it on an enum or string member whose values the list allows");

    [Fact]
    public void CSYNC045_enum_members_and_string_constants_against_allowed_values() => Verify(
        true,
        """
        public enum Level { Public, Internal, {|CSYNC045:Confidentail|} }

        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T
        {
            [AssetName] public string Name { get; set; } = "";
            [CatalogAttribute("Security Level")] public Level Level { get; set; }
        }
        [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class U
        {
            [AssetName] public string Name { get; set; } = "";
            [CatalogAttribute("Security Level")] public string Level => {|CSYNC045:"internal"|};
        }
        [SyncPlan(typeof(T), typeof(U))] public static partial class P;
        """,
        ["Confidential", "\"Internal\""],
        "'T.Level' can write 'Confidentail' to the list attribute type 'Security Level', which allows only 'Public', 'Internal', 'Confidential': did you mean 'Confidential'? (the member's name is the value written)",
        "'U.Level' can write 'internal' to the list attribute type 'Security Level', which allows only 'Public', 'Internal', 'Confidential': did you mean 'Internal'?");

    [Theory]
    [InlineData("{ \"version\": 1, \"statuses\": [ }", "unexpected character '}'", 0, 30)]
    [InlineData("{ \"version\": 2 }", "\"version\" is 2, but this CatalogSync reads version 1; pull the snapshot again with this version's 'catalog-sync metamodel pull'", 0, 13)]
    [InlineData("{ \"version\": 1, \"statuses\": [],\n  \"assetTypes\": [ { \"id\": \"1\", \"name\": \"Table\", \"parent\": null } ], \"domainTypes\": [], \"attributeTypes\": [], \"relationTypes\": [] }", "the id '1' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", 1, 26)]
    [InlineData("{ \"version\": 1, \"statuses\": [], \"assetTypes\": [], \"domainTypes\": [], \"attributeTypes\": [],\n \"relationTypes\": [], \"colours\": [] }", "the snapshot has the unknown property \"colours\" (known: $schema, version, source, defaultStatus, statuses, assetTypes, domainTypes, attributeTypes, relationTypes, roles, communities)", 1, 33)]
    public void CSYNC046_a_snapshot_that_cannot_be_read_is_located_in_the_file(string text, string problem, int line, int column)
    {
        var result = GeneratorHarness.RunWithFiles([(SnapshotPath, text)], Header + """
            [SyncAsset(AssetType = "Busines Term", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }
            [SyncPlan(typeof(T))] public static partial class P;
            """);

        // Nothing is checked against a snapshot that cannot be read (not even against the out-of-the-box one).
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("CSYNC046", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"The metamodel snapshot catalogsync.metamodel.json cannot be read: {problem}. Fix it, or write it again with 'catalog-sync metamodel pull'", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((SnapshotPath, line, column), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    [Theory]
    [InlineData(null, "Glossary")]
    [InlineData("DomainType = \"Physical Data Dictionary\", ", "Physical Data Dictionary")]
    public void A_left_out_domain_type_is_the_one_the_snapshot_assigns(string? domainType, string expected)
    {
        var result = GeneratorHarness.Run(Header + $$"""
            [SyncAsset(AssetType = "Acronym", Community = "C", {{domainType}}Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }
            [SyncSet] public sealed class Unused;
            """.Replace("[SyncSet] public sealed class Unused;", "[SyncPlan(typeof(T))] public static partial class P;", StringComparison.Ordinal));

        Assert.Empty(result.GeneratorDiagnostics);
        // An Acronym is a Business Term, which the shipped snapshot assigns to Glossary.
        var plan = result.Sources.Single(s => s.HintName.EndsWith(".SyncPlan.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains($"\"Acronym\", \"C\", \"D\", \"{expected}\"", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_assignments_the_default_stays_physical_data_dictionary()
    {
        var snapshot = ProjectSnapshot.Replace(", \"domainTypes\": [\"Glossary\"]", "", StringComparison.Ordinal);
        Assert.NotEqual(ProjectSnapshot, snapshot);
        var custom = snapshot.Replace("\"Acronym\"", "\"Abbreviation\"", StringComparison.Ordinal);

        var result = GeneratorHarness.RunWithFiles([(SnapshotPath, custom)], Header + """
            [SyncAsset(AssetType = "Abbreviation", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }
            [SyncPlan(typeof(T))] public static partial class P;
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("\"Abbreviation\", \"C\", \"D\", \"Physical Data Dictionary\"", result.Sources.Single(s => s.HintName.EndsWith(".SyncPlan.g.cs", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_declarations_against_the_shipped_and_a_pulled_snapshot()
    {
        var directory = Directory.CreateTempSubdirectory("catalogsync-metamodel-");
        try
        {
            string pulled;
            await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(directory.FullName, "c.db") }))
            {
                pulled = (await MetamodelPull.ReadAsync(catalog, "test")).ToJson();
            }

            var source = Header + """
                [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
                [MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Retired")]
                public sealed class Table
                {
                    [AssetName] public string Name { get; set; } = "";
                    [CatalogAttribute("Definiton")] public string? Definition { get; set; }
                    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Target, typeof(Column))] public List<string> Columns { get; set; } = [];
                }
                [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
                [MissingPolicy(MissingStrategy.RemoveResources)]
                public sealed class Column { [AssetName] public string Name { get; set; } = ""; }
                [SyncPlan(typeof(Table), typeof(Column))] public static partial class P;
                """;
            var shipped = GeneratorHarness.Run(source).GeneratorDiagnostics;
            var onPulled = GeneratorHarness.RunWithFiles([(SnapshotPath, pulled)], source).GeneratorDiagnostics;

            string[] ids = ["CSYNC043", "CSYNC039", "CSYNC041"];
            Assert.Equal(ids, shipped.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id));
            Assert.Equal(ids, onPulled.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id));
            Assert.All(shipped, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
            Assert.All(onPulled, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            Assert.Equal(
                shipped.Select(d => (d.Location.SourceSpan, d.GetMessage(CultureInfo.InvariantCulture).Replace(OotbHint, "", StringComparison.Ordinal))),
                onPulled.Select(d => (d.Location.SourceSpan, d.GetMessage(CultureInfo.InvariantCulture))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_shipped_snapshot_is_in_the_writer_s_form()
    {
        // One format, one writer: the file a pull writes and the shipped one read the same way.
        Assert.Equal(ShippedSnapshot(), MetamodelSnapshot.Parse(ShippedSnapshot()).ToJson());
    }

    private static string Tables(string relation) => """
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class Table
        {
            [AssetName] public string Name { get; set; } = "";

        """ + "    " + relation + """

            public List<string> Columns { get; set; } = [];
        }
        [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class Column { [AssetName] public string Name { get; set; } = ""; }
        [SyncPlan(typeof(Table), typeof(Column))] public static partial class P;
        """;

    /// <summary>
    /// ID, span and message with the markup helper; then the severity (error on a project snapshot, warning on the
    /// out-of-the-box one) and the code fix's replacement text of each, in source order.
    /// </summary>
    [Fact]
    public void CSYNC047_an_attribute_type_the_asset_type_is_not_assigned_here_or_through_its_parent()
    {
        Assert.NotEqual(ProjectSnapshot, AssignedSnapshot);
        VerifyWith(
            AssignedSnapshot,
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [CatalogAttribute("Description")] public string? Description { get; set; }
                [CatalogAttribute({|CSYNC047:"Definition"|})] public string? Definition { get; set; }
            }
            [SyncAsset(AssetType = "Database View", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class V
            {
                [AssetName] public string Name { get; set; } = "";
                [CatalogAttribute({|CSYNC047:"Loaded Rows"|})] public long Rows { get; set; }
            }
            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class Unassigned
            {
                [AssetName] public string Name { get; set; } = "";
                [CatalogAttribute("Definition")] public string? Definition { get; set; }
            }
            [SyncPlan(typeof(T), typeof(V), typeof(Unassigned))] public static partial class P;
            """,
            [null, null],
            "'T.Definition' maps the attribute type 'Definition', which the metamodel does not assign to the asset type 'Table' (assigned: 'Description', 'Row Count'): "
            + "the catalog would refuse the value; assign it to the asset type in the catalog and pull the snapshot again",
            "'V.Rows' maps the attribute type 'Loaded Rows', which the metamodel does not assign to the asset type 'Database View' (assigned: 'Description', 'Row Count'): "
            + "the catalog would refuse the value; assign it to the asset type in the catalog and pull the snapshot again");
    }

    [Fact]
    public void CSYNC048_a_relation_type_not_assigned_to_the_asset_type_of_either_end() => VerifyWith(
        AssignedSnapshot,
        """
        [SyncAsset(AssetType = "Schema", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class S { [AssetName] public string Name { get; set; } = ""; }
        [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class K { [AssetName] public string Name { get; set; } = ""; }
        [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
        [MissingPolicy(MissingStrategy.RemoveResources)]
        public sealed class T
        {
            [AssetName] public string Name { get; set; } = "";
            [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(K))] public List<string> Columns { get; set; } = [];
            [Relation({|CSYNC048:"00000000-0000-0000-0000-000000007043"|}, RelationRole.Source, typeof(S))] public string? Schema { get; set; }
        }
        [SyncPlan(typeof(S), typeof(K), typeof(T))] public static partial class P;
        """,
        [null],
        "'T.Schema' maps the relation type 00000000-0000-0000-0000-000000007043 (Schema contains Table), which the metamodel does not assign to the asset type 'Table': "
        + "the catalog would refuse the relation; the relation types assigned to it: 00000000-0000-0000-0000-000000007042 (Column is part of Table); or assign it in the catalog and pull the snapshot again");

    [Fact]
    public void CSYNC049_a_domain_type_that_does_not_hold_the_asset_type_is_an_error_on_the_project_snapshot_only()
    {
        const string Declarations = """
            [SyncAsset(AssetType = "Business Term", Community = "C", Domain = "D", DomainType = {|CSYNC049:"Physical Data Dictionary"|})]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }
            [SyncPlan(typeof(T))] public static partial class P;
            """;
        Verify(
            true,
            Declarations,
            ["\"Glossary\""],
            "The domain type 'Physical Data Dictionary' of 'T' does not hold the asset type 'Business Term' in the metamodel (it is assigned to 'Glossary'): "
            + "name one of those domain types, leave DomainType out to take 'Glossary', or assign the asset type to the domain type in the catalog and pull the snapshot again");

        // The shipped snapshot's domain types are defaults (the out-of-the-box domains), not every assignment: no warning.
        Verify(false, Declarations.Replace("{|CSYNC049:", "", StringComparison.Ordinal).Replace("|}", "", StringComparison.Ordinal), []);
    }

    private static void VerifyWith(string snapshot, string markup, string?[] replacements, params string[] messages) =>
        Verify([(SnapshotPath, snapshot)], DiagnosticSeverity.Error, markup, replacements, messages);

    private static void Verify(bool project, string markup, string?[] replacements, params string[] messages) =>
        Verify(Files(project), project ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, markup, replacements, messages);

    private static void Verify(IReadOnlyList<(string, string)> files, DiagnosticSeverity severity, string markup, string?[] replacements, string[] messages)
    {
        DiagnosticAssert.Verify(files, Header + markup, messages);
        var (source, _) = GeneratorHarness.ParseMarkup(Header + markup);
        var diagnostics = GeneratorHarness.RunWithFiles(files, source).GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(replacements.Length, diagnostics.Count);
        for (var i = 0; i < diagnostics.Count; i++)
        {
            Assert.Equal(severity, diagnostics[i].Severity);
            Assert.Equal(replacements[i], diagnostics[i].Properties.GetValueOrDefault("Replacement"));
        }
    }

    private static string ShippedSnapshot([CallerFilePath] string path = "") =>
        File.ReadAllText(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json")));
}
