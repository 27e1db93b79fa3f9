using System.Text;
using CatalogSync.Catalog.Import;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Tests;

/// <summary>The CSV/Excel reader makes the JSON path's commands, hash included; the hash does not depend on formatting.</summary>
public sealed class TabularReaderTests
{
    private const string Resource = """{"resourceType":"Asset","identifier":{"name":"Sales","domain":{"name":"D","community":{"name":"C"}}},"type":{"name":"Business Term"},"attributes":{"Definition":[{"value":"a \"quoted\" é"}]}}""";

    private static async Task<List<ImportCommand>> ReadAsync(string csv, TabularOptions options)
    {
        var result = new List<ImportCommand>();
        await foreach (var command in TabularCommandReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ImportFormat.Csv, options, ImportCommandReader.DefaultMaxResourceSize))
        {
            result.Add(command);
        }

        return result;
    }

    [Fact]
    public async Task A_row_gives_the_command_and_the_hash_of_the_same_resource_sent_as_json()
    {
        var json = ImportCommandParser.Parse(Encoding.UTF8.GetBytes(Resource), 0);
        var template = Resource.Replace("\"Sales\"", "\"${1}\"", StringComparison.Ordinal).Replace("\"a \\\"quoted\\\" é\"", "\"${2}\"", StringComparison.Ordinal);
        var fromCsv = Assert.Single(await ReadAsync("Sales;\"a \\\"quoted\\\" é\"\n", new TabularOptions { Template = "[" + template + "]" }));

        Assert.Equal(json.Hash, fromCsv.Hash);
        var asset = Assert.IsType<AssetCommand>(fromCsv);
        Assert.Equal("a \"quoted\" é", Assert.Single(Assert.Single(asset.Attributes!).Value));
        Assert.Equal("Row 1 of the CSV file", fromCsv.Source!.Row);
    }

    [Fact]
    public void The_hash_ignores_whitespace_property_order_and_escaping_but_not_values()
    {
        var compact = ImportCommandParser.Parse(Encoding.UTF8.GetBytes(Resource), 0).Hash;
        var pretty = """
            {
              "type": { "name": "Business Term" },
              "resourceType": "Asset",
              "attributes": { "Definition": [ { "value": "a \"quoted\" \u00e9" } ] },
              "identifier": { "domain": { "community": { "name": "C" }, "name": "D" }, "name": "Sales" }
            }
            """;
        Assert.Equal(compact, ImportCommandParser.Parse(Encoding.UTF8.GetBytes(pretty), 0).Hash);

        // Escapes that spell the same text, in values and in property names, on one side only.
        var escaped = Resource.Replace("\"Sales\"", "\"Sal\\u0065s\"", StringComparison.Ordinal).Replace("\"resourceType\"", "\"resource\\u0054ype\"", StringComparison.Ordinal);
        Assert.NotEqual(Resource, escaped);
        Assert.Equal(compact, ImportCommandParser.Parse(Encoding.UTF8.GetBytes(escaped), 0).Hash);
        Assert.NotEqual(compact, ImportCommandParser.Parse(Encoding.UTF8.GetBytes(Resource.Replace("Sales", "Sales2", StringComparison.Ordinal)), 0).Hash);
    }

    [Fact]
    public async Task Empty_cells_leave_out_values_relations_and_whole_commands()
    {
        const string Template = """
            [ { "resourceType": "Domain", "identifier": { "name": "${3}", "community": { "name": "C" } }, "type": { "name": "Glossary" } },
              { "resourceType": "Asset", "identifier": { "name": "${1}", "domain": { "name": "D", "community": { "name": "C" } } },
                "attributes": { "Definition": [ { "value": "${2}" } ] },
                "relations": { "00000000-0000-0000-0000-000000007030:TARGET": [ { "name": "${4}", "domain": { "name": "D", "community": { "name": "C" } } } ] },
                "tags": [ "fixed", "${5}" ] } ]
            """;
        var commands = await ReadAsync("A;;;;\n;;;;\nB;def;Dom;T;t\n", new TabularOptions { Template = Template });

        // Row 1: no domain command (its only placeholder is empty), the asset without Definition and relations.
        // Row 2 is blank and skipped. Row 3: both commands in full.
        Assert.Equal(["AssetCommand", "DomainCommand", "AssetCommand"], commands.Select(c => c.GetType().Name));
        var a = Assert.IsType<AssetCommand>(commands[0]);
        Assert.Null(a.Attributes);
        Assert.Null(a.Relations);
        Assert.Equal(["fixed"], a.Tags!);
        var b = Assert.IsType<AssetCommand>(commands[2]);
        Assert.Equal("def", Assert.Single(Assert.Single(b.Attributes!).Value));
        Assert.Equal("T", Assert.Single(Assert.Single(b.Relations!).Assets).Name);
        Assert.Equal(["fixed", "t"], b.Tags!);
        Assert.Equal([0, 1, 2], commands.Select(c => c.Index));
        Assert.Equal("Row 3 of the CSV file", b.Source!.Row);
    }

    private static async Task<string> FailureAsync(byte[] input, ImportFormat format, TabularOptions options, int maxResourceSize = ImportCommandReader.DefaultMaxResourceSize)
    {
        var error = await Assert.ThrowsAsync<MalformedImportException>(async () =>
        {
            await foreach (var _ in TabularCommandReader.ReadAsync(new MemoryStream(input), format, options, maxResourceSize))
            {
            }
        });
        return error.Message;
    }

    [Fact]
    public async Task Files_that_cannot_be_read_fail_with_the_row_and_what_to_do()
    {
        var template = new TabularOptions { Template = "[" + Resource.Replace("\"Sales\"", "\"${1}\"", StringComparison.Ordinal) + "]" };

        // An unclosed quote makes the rest of the file one field: bounded, and said so.
        var unclosed = Encoding.UTF8.GetBytes("ok\n\"" + new string('x', 200_000));
        Assert.Contains("Row 2 of the CSV file", await FailureAsync(unclosed, ImportFormat.Csv, template, maxResourceSize: 100_000), StringComparison.Ordinal);

        // A row whose command is larger than the largest resource.
        var large = await FailureAsync(Encoding.UTF8.GetBytes(new string('n', 5_000) + "\n"), ImportFormat.Csv, template, maxResourceSize: 2_000);
        Assert.Contains("Row 1 of the CSV file makes command 0 of the template larger than 2000 bytes", large, StringComparison.Ordinal);

        // Bytes that are not UTF-8 are refused, never replaced (two names would become one).
        var latin1 = (byte[])[.. "ok\nbad "u8, 0xE9, .. "\n"u8];
        Assert.Contains("Row 2 of the CSV file, column 1: the cell has bytes that are not UTF-8 text", await FailureAsync(latin1, ImportFormat.Csv, template), StringComparison.Ordinal);

        // Not a workbook at all.
        Assert.Contains("not an Excel workbook", await FailureAsync(Encoding.UTF8.GetBytes("a;b\n"), ImportFormat.Excel, template), StringComparison.Ordinal);
    }
}
