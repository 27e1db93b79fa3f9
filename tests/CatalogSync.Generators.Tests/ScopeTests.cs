using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// Scope stability: derived synchronization IDs depend only on what identifies the assets, and the committed scope
/// file (catalogsync.scopes.json) turns every move or removal of a scope into a compile error until it is declared.
/// </summary>
public sealed partial class ScopeTests
{
    private const string Header = """
        using CatalogSync;

        namespace Tests;


        """;

    private const string ScopePath = "/src/catalogsync.scopes.json";

    // What the derivation gives (asset type, domain, FNV-1a of the parts); the tests below prove it stable.
    private const string TableId = "table-d-7bb29e17";
    private const string ColumnId = "column-d-bdcd580d";

    private static string Table(string attribute = "", string policy = "[MissingPolicy(MissingStrategy.RemoveResources)]") => $$"""
        [{{(attribute.Length == 0 ? "SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\")" : attribute)}}]
        {{policy}}
        public sealed class T { [AssetName] public string Name { get; set; } = ""; }
        """;

    private static string Scope(params (string SyncId, string Plan, string AssetType)[] entries) =>
        "{\"version\": 1, \"syncIds\": [" + string.Join(", ", entries.Select(e =>
            $"{{\"syncId\": \"{e.SyncId}\", \"plan\": \"{e.Plan}\", \"types\": [{{\"type\": \"Tests.X\", \"assetType\": \"{e.AssetType}\", \"community\": \"C\", \"domain\": \"D\"}}]}}")) + "]}";

    [Theory]
    [InlineData("[MissingPolicy(MissingStrategy.RemoveResources)]")]
    [InlineData("[MissingPolicy(MissingStrategy.ChangeStatus, StatusId = \"00000000-0000-0000-0000-000000005066\")]")]
    [InlineData("[MissingPolicy(MissingStrategy.ChangeStatus, StatusName = \"Obsolete\")]")]
    [InlineData("[MissingPolicy(MissingStrategy.Ignore)]")]
    public void The_derived_ID_does_not_depend_on_the_policy_or_the_status(string policy)
    {
        Assert.Equal([TableId], SyncIds(Table(policy: policy) + "\n[SyncPlan(typeof(T))] public static partial class P;"));
    }

    [Fact]
    public void The_derived_ID_does_not_depend_on_the_class_name_but_on_a_pinned_plan_name_and_the_container()
    {
        Assert.Equal([TableId], SyncIds(Table() + "\n[SyncPlan(typeof(T))] public static partial class RenamedPlan;"));
        Assert.Equal(["warehouse-table-d-80d85dc6"], SyncIds(Table() + "\n[SyncPlan(typeof(T), Name = \"warehouse\")] public static partial class P;"));
        Assert.Equal(["table-other-domain-361a4c0f"], SyncIds(Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"Other domain\")") + "\n[SyncPlan(typeof(T))] public static partial class P;"));
        Assert.Equal(["pinned"], SyncIds(Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = \"pinned\")") + "\n[SyncPlan(typeof(T))] public static partial class P;"));
    }

    [Fact]
    public void A_long_derived_ID_is_shortened_to_50_characters_and_stays_distinct()
    {
        var a = SyncIds(Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"A very long domain name that goes on and on, part one\")") + "\n[SyncPlan(typeof(T))] public static partial class P;");
        var b = SyncIds(Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"A very long domain name that goes on and on, part two\")") + "\n[SyncPlan(typeof(T))] public static partial class P;");
        Assert.All(a.Concat(b), id => Assert.True(id.Length <= 50, id));
        Assert.NotEqual(a, b);
        Assert.Matches("^table-a-very-long-domain-name-that-goes-o-[0-9a-f]{8}$", a[0]);
    }

    [Fact]
    public void CSYNC030_a_recorded_type_under_another_ID_until_the_move_is_declared()
    {
        var recorded = Scope(("warehouse-remove-resources", "P", "Table"));
        DiagnosticAssert.Verify(
            [(ScopePath, recorded)],
            Header + Table().Replace("[SyncAsset(", "[{|CSYNC030:SyncAsset(", StringComparison.Ordinal).Replace("\"D\")]", "\"D\")|}]", StringComparison.Ordinal)
                + "\n[SyncPlan(typeof(T))] public static partial class P;",
            $"'T' (Table in 'D') is recorded under synchronization ID 'warehouse-remove-resources' in catalogsync.scopes.json, but its ID is now '{TableId}': the new ID would re-create its assets without their curated data and the old one would delete them. Declare the move with [SyncAsset(MovedFrom = \"warehouse-remove-resources\")] or keep the ID with SyncId = \"warehouse-remove-resources\", then run 'catalog-sync scopes update'");

        // Declared: no diagnostic, and the move is in the plan's description for the runtime.
        var declared = Header + Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", MovedFrom = \"warehouse-remove-resources\")")
            + "\n[SyncPlan(typeof(T))] public static partial class P;";
        DiagnosticAssert.Verify([(ScopePath, recorded)], declared);
        Assert.Contains("MovedFrom = \"warehouse-remove-resources\",", PlanSource(declared), StringComparison.Ordinal);

        // Pinned to the old ID: no diagnostic either.
        DiagnosticAssert.Verify([(ScopePath, recorded)], Header + Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = \"warehouse-remove-resources\")")
            + "\n[SyncPlan(typeof(T))] public static partial class P;");
    }

    [Fact]
    public void CSYNC031_a_type_the_scope_file_does_not_record_is_a_warning()
    {
        DiagnosticAssert.Verify(
            [(ScopePath, Scope())],
            Header + Table().Replace("[SyncAsset(", "[{|CSYNC031:SyncAsset(", StringComparison.Ordinal).Replace("\"D\")]", "\"D\")|}]", StringComparison.Ordinal)
                + "\n[SyncPlan(typeof(T))] public static partial class P;",
            $"'T' (Table in 'D', synchronization ID '{TableId}') is not recorded in catalogsync.scopes.json: run 'catalog-sync scopes update' on the built assembly to record it");
        Assert.Equal(DiagnosticSeverity.Warning, DiagnosticDescriptors.ById["CSYNC031"].DefaultSeverity);
    }

    [Fact]
    public void CSYNC032_a_recorded_type_that_left_every_plan_until_the_removal_is_declared()
    {
        var recorded = Scope((TableId, "P", "Table"), (ColumnId, "P", "Column"));
        DiagnosticAssert.Verify(
            [(ScopePath, recorded)],
            Header + Table() + "\n[SyncPlan(typeof(T))] public static partial class {|CSYNC032:P|};",
            $"catalogsync.scopes.json records Column in 'D' under synchronization ID '{ColumnId}' (plan 'P'), but no plan synchronizes it any more: declare what becomes of its assets with [RemovedSyncId(\"{ColumnId}\", Then = RemovedAssets.Keep)] (or ChangeStatus, Remove) on the plan class, or put the type back");

        var declared = Header + Table() + $"\n[SyncPlan(typeof(T))]\n[RemovedSyncId(\"{ColumnId}\", Then = RemovedAssets.ChangeStatus, StatusName = \"Obsolete\")]\npublic static partial class P;";
        DiagnosticAssert.Verify([(ScopePath, recorded)], declared);
        Assert.Contains($"new global::CatalogSync.Plans.SyncIdRemoval(\"{ColumnId}\", global::CatalogSync.RemovedAssets.ChangeStatus, null, \"Obsolete\"),", PlanSource(declared), StringComparison.Ordinal);
    }

    [Fact]
    public void CSYNC032_a_type_cannot_leave_an_ID_that_another_type_keeps()
    {
        DiagnosticAssert.Verify(
            [(ScopePath, Scope(("shared", "P", "Table"), ("shared", "P", "Column")))],
            Header + Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = \"shared\")") + "\n[SyncPlan(typeof(T))] public static partial class {|CSYNC032:P|};",
            "catalogsync.scopes.json records Column in 'D' under synchronization ID 'shared' (plan 'P'), but no plan synchronizes it any more: a type cannot leave a synchronization ID that 'T' keeps (its finalization would delete these assets); move 'T' out of it too (SyncId and MovedFrom), or put the type back");
    }

    [Fact]
    public void CSYNC033_a_type_cannot_move_out_of_an_ID_still_in_use()
    {
        DiagnosticAssert.Verify(
            [],
            Header + Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = \"old\")") + """

                [{|CSYNC033:SyncAsset(AssetType = "Column", Community = "C", Domain = "D", MovedFrom = "old")|}]
                [MissingPolicy(MissingStrategy.RemoveResources)]
                public sealed class U { [AssetName] public string Name { get; set; } = ""; }

                [SyncPlan(typeof(T), typeof(U))] public static partial class P;
                """,
            "'U' declares MovedFrom = \"old\", but 'T' still uses that synchronization ID: its finalization would delete what moved. Move every type out of 'old', or keep 'U' in it");
    }

    [Fact]
    public void CSYNC034_a_removed_ID_that_a_type_still_uses()
    {
        DiagnosticAssert.Verify(
            [],
            Header + Table("SyncAsset(AssetType = \"Table\", Community = \"C\", Domain = \"D\", SyncId = \"old\")")
                + "\n[SyncPlan(typeof(T))]\n[{|CSYNC034:RemovedSyncId(\"old\")|}]\npublic static partial class P;",
            "[RemovedSyncId(\"old\")] on 'P' names an ID that 'T' still uses: remove the declaration, or move 'T' to another ID");
    }

    [Theory]
    [InlineData("{\"version\": 1, \"syncIds\": [ }", "unexpected character '}'", 0, 28)]
    [InlineData("{\"version\": 2, \"syncIds\": []}", "\"version\" must be 1", 0, 12)]
    [InlineData("{\"version\": 1,\n \"syncIds\": [{\"syncId\": \"a\", \"types\": [{\"assetType\": 3}]}]}", "each type needs string \"assetType\" and \"community\" values, and \"domain\" a string or null (per-item domains)", 1, 39)]
    public void CSYNC035_a_scope_file_that_cannot_be_read_is_located_in_the_file(string text, string problem, int line, int column)
    {
        var result = GeneratorHarness.RunWithFiles([(ScopePath, text)], Header + Table() + "\n[SyncPlan(typeof(T))] public static partial class P;");

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("CSYNC035", diagnostic.Id);
        Assert.Equal($"The scope file catalogsync.scopes.json cannot be read: {problem}. Write it again with 'catalog-sync scopes update'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((ScopePath, line, column), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    [Fact]
    public void CSYNC036_two_plans_cannot_share_a_derived_ID()
    {
        DiagnosticAssert.Verify(
            [],
            Header + Table() + """

                [SyncPlan(typeof(T))] public static partial class A;

                [SyncPlan(typeof(T))] public static partial class {|CSYNC036:B|};
                """,
            $"Plans 'A' and 'B' both use synchronization ID '{TableId}': each would finalize it and delete the other's assets. Give the plans distinct names with [SyncPlan(Name = …)] or the types distinct SyncIds");
    }

    [Fact]
    public void Each_plan_records_its_scopes_as_assembly_metadata()
    {
        var source = Header + Table() + """

            [SyncAsset(AssetType = "Column", Community = "C")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class U { [AssetName] public string Name { get; set; } = ""; [AssetDomain] public string Schema { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(U))] public static partial class P;
            """;
        var plan = PlanSource(source);
        Assert.Contains(
            "[assembly: global::System.Reflection.AssemblyMetadataAttribute(\"CatalogSync.Scope\", \"{\\\"plan\\\":\\\"P\\\",\\\"syncIds\\\":[{\\\"syncId\\\":\\\"" + TableId,
            plan,
            StringComparison.Ordinal);
        Assert.Contains("\\\"types\\\":[{\\\"type\\\":\\\"Tests.U\\\",\\\"assetType\\\":\\\"Column\\\",\\\"community\\\":\\\"C\\\",\\\"domain\\\":null}]}", plan, StringComparison.Ordinal);
        Assert.Contains($"{{\\\"syncId\\\":\\\"{TableId}\\\",\\\"strategy\\\":\\\"RemoveResources\\\",\\\"types\\\":[{{\\\"type\\\":\\\"Tests.T\\\",\\\"assetType\\\":\\\"Table\\\",\\\"community\\\":\\\"C\\\",\\\"domain\\\":\\\"D\\\"}}]}}", plan, StringComparison.Ordinal);
    }

    private static string PlanSource(string source) =>
        GeneratorHarness.Run(source).Sources.Single(s => s.HintName.EndsWith(".SyncPlan.g.cs", StringComparison.Ordinal)).SourceText.ToString();

    private static List<string> SyncIds(string source) =>
        [.. GroupPattern().Matches(PlanSource(Header + source)).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("new global::CatalogSync\\.Plans\\.SyncGroupDescription\\(\\s*\"([^\"]+)\"")]
    private static partial Regex GroupPattern();
}
