using System.Runtime.CompilerServices;
using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Generators.Tests;

/// <summary>docs/metamodel-ootb.md is generated from the shipped snapshot; this test fails when the page is stale.</summary>
public sealed class MetamodelDocsTests
{
    [Fact]
    public void The_out_of_the_box_metamodel_page_is_generated_from_the_shipped_snapshot()
    {
        var snapshot = MetamodelSnapshot.Parse(File.ReadAllText(Repository("src", "CatalogSync.Catalog", "Metamodel", "ootb-metamodel.json")));
        var page = Render(snapshot);
        var path = Repository("docs", "metamodel-ootb.md");
        if (Environment.GetEnvironmentVariable("CATALOGSYNC_ACCEPT_DOCS") == "1")
        {
            File.WriteAllText(path, page);
        }

        Assert.True(
            File.Exists(path) && File.ReadAllText(path) == page,
            "docs/metamodel-ootb.md is stale: run this test with CATALOGSYNC_ACCEPT_DOCS=1 to write it again, then review the diff.");
    }

    [Fact]
    public void The_schema_lists_the_properties_the_reader_knows()
    {
        // The JSON schema (for editors) and the reader accept the same properties and kinds.
        var schema = File.ReadAllText(Repository("docs", "metamodel.schema.json"));
        foreach (var kind in MetamodelSnapshot.Kinds)
        {
            Assert.Contains("\"" + kind + "\"", schema, StringComparison.Ordinal);
        }

        foreach (var property in new[] { "version", "defaultStatus", "statuses", "assetTypes", "domainTypes", "attributeTypes", "relationTypes", "roles", "communities", "allowedValues", "sourceType", "targetType", "coRole", "publicId", "doubtful" })
        {
            Assert.Contains("\"" + property + "\"", schema, StringComparison.Ordinal);
        }
    }

    internal static string Render(MetamodelSnapshot snapshot)
    {
        var b = new StringBuilder();
        b.Append("""
            # The out-of-the-box metamodel

            <!-- Generated from src/CatalogSync.Catalog/Metamodel/ootb-metamodel.json by MetamodelDocsTests: do not edit by hand. -->

            What CatalogSync ships as Collibra's out-of-the-box metamodel: the embedded catalog is seeded with it, and the
            source generator checks declarations against it (as warnings) when a project lists no snapshot of its own.
            A real Collibra has more, and custom types: write your catalog's with `catalog-sync metamodel pull` and list it
            as an `AdditionalFiles` item ([docs/metamodel.md](metamodel.md)). "Doubtful" marks rows that rest on a single
            or inferred source (see `../shared/collibra-contract/metamodel-ids.md`).

            """);
        b.Append('\n');
        b.Append("## Statuses\n\nAn asset type without a default status of its own gets **").Append(snapshot.DefaultStatus).Append("**.\n\n");
        b.Append("| Name | Id | Notes |\n| --- | --- | --- |\n");
        foreach (var s in snapshot.Statuses)
        {
            b.Append("| ").Append(s.Name).Append(" | `").Append(s.Id).Append("` | ").Append(Notes(s.Doubtful, s.Description)).Append(" |\n");
        }

        b.Append("\n## Asset types\n\nIndented under their parent. `DomainType` left out of `[SyncAsset]` takes the listed domain type (a sub-type takes its nearest ancestor's), else Physical Data Dictionary.\n\n");
        b.Append("| Asset type | Id | Default status | Domain type | Notes |\n| --- | --- | --- | --- | --- |\n");
        void Tree(string? parent, int depth)
        {
            foreach (var t in snapshot.AssetTypes.Where(t => t.Parent == parent))
            {
                b.Append("| ").Append(string.Concat(Enumerable.Repeat("&nbsp;&nbsp;", depth))).Append(t.Name).Append(" | `").Append(t.Id).Append("` | ")
                    .Append(snapshot.DefaultStatusOf(t.Name)).Append(" | ").Append(t.DomainTypes is { } d ? string.Join(", ", d) : "").Append(" | ")
                    .Append(Notes(t.Doubtful, t.Description)).Append(" |\n");
                Tree(t.Name, depth + 1);
            }
        }

        Tree(null, 0);
        b.Append("\n## Domain types\n\n| Name | Id | Notes |\n| --- | --- | --- |\n");
        foreach (var t in snapshot.DomainTypes)
        {
            b.Append("| ").Append(t.Name).Append(" | `").Append(t.Id).Append("` | ").Append(Notes(t.Doubtful, t.Description)).Append(" |\n");
        }

        b.Append("\n## Attribute types\n\nThe kind decides the member types `[CatalogAttribute]` accepts (CSYNC044): Numeric an integer type, float, double or decimal; Date DateTimeOffset, DateTime or DateOnly; Boolean bool; the list kinds an enum or string; String anything.\n\n");
        b.Append("| Name | Kind | Id | Notes |\n| --- | --- | --- | --- |\n");
        foreach (var t in snapshot.AttributeTypes)
        {
            var notes = Notes(t.Doubtful, t.Description);
            if (t.AllowedValues is { } values)
            {
                notes = (notes.Length > 0 ? notes + " " : "") + "Allowed: " + string.Join(", ", values) + ".";
            }

            b.Append("| ").Append(t.Name).Append(" | ").Append(t.Kind).Append(" | `").Append(t.Id).Append("` | ").Append(notes).Append(" |\n");
        }

        b.Append("""

            ## Relation types

            Read each row as "head role tail" (and back as "tail co-role head"). In `[Relation(id, role, typeof(Listed))]`
            the role names the side of the **listed** assets: on the tail's type, list the heads with `RelationRole.Source`;
            on the head's type, list the tails with `RelationRole.Target`. Sub-types fit their ancestors' relations.

            | Id | Head (source) | Role | Co-role | Tail (target) | On the head's type | On the tail's type | Notes |
            | --- | --- | --- | --- | --- | --- | --- | --- |

            """);
        foreach (var r in snapshot.RelationTypes)
        {
            b.Append("| `").Append(r.Id).Append("` | ").Append(r.SourceType).Append(" | ").Append(r.Role).Append(" | ").Append(r.CoRole).Append(" | ").Append(r.TargetType)
                .Append(" | lists ").Append(r.TargetType).Append(" with `RelationRole.Target` | lists ").Append(r.SourceType).Append(" with `RelationRole.Source` | ")
                .Append(Notes(r.Doubtful, r.Description)).Append(" |\n");
        }

        return b.ToString();
    }

    private static string Notes(bool doubtful, string? description) =>
        string.Join(" ", new[] { doubtful ? "Doubtful." : null, description?.Replace("|", "\\|", StringComparison.Ordinal) }.Where(n => n is not null));

    private static string Repository(string first, params string[] rest) =>
        Path.GetFullPath(Path.Combine([RepositoryRoot(), first, .. rest]));

    private static string RepositoryRoot([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "..", "..");
}
