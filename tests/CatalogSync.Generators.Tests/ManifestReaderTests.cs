using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Manifests;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// The YAML manifest reader: the model with its spans, every format rule (CSYNC050–CSYNC059) with its line, column and
/// message, the attribute rules it reuses with their IDs and words, the hostile files, and the JSON schema's keys.
/// </summary>
public sealed class ManifestReaderTests
{
    private const string Path = "m.sync.yaml";

    private const string Full = """
        # yaml-language-server: $schema=../docs/manifest.schema.json
        version: 1
        name: warehouse
        syncId: warehouse-prod
        batchSize: 5000
        metamodel: catalogsync.metamodel.json
        target: { community: Warehouse, domain: Inventory, domainType: Physical Data Dictionary }
        guard: { maxMissingPercent: 10, maxMissingCount: 1000 }
        removedSyncIds:
          - syncId: old-id
            then: change-status
            statusName: Retired
        types:
          - type: Warehouse.Product
            syncId: products
            missing:
              policy: change-status
              statusId: 00000000-0000-0000-0000-000000005066
              maxMissingPercent: 5
          - name: regions
            assetType: Data Asset
            domain: Regions
            movedFrom: regions-v1
            missing: { policy: remove-resources, maxMissingCount: 100 }
            source: { csv: data/regions.csv, delimiter: ";", encoding: utf-8 }
            columns:
              name: code
              displayName: title
              status: state
              tags: labels
              attributes: { Description: description, "Unit Price": price }
              relations:
                - { relationTypeId: 00000000-0000-0000-0000-000000007042, role: target, target: products, column: product }
        """;

    [Fact]
    public void A_full_manifest_is_read_into_the_model_with_the_spans_of_its_values_and_keys()
    {
        var result = ManifestReader.Read(Path, Full);

        Assert.Empty(result.Findings);
        Assert.False(result.HasErrors);
        var document = Assert.IsType<ManifestDocument>(result.Document);
        Assert.Equal(Path, document.Path);
        Assert.Equal(1, document.Version!.Value);
        AssertSpan(document.Name!.Span, 3, 7, 3, 16);
        AssertSpan(document.Name.KeySpan!, 3, 1, 3, 5);
        Assert.Equal("warehouse", document.Name.Value);
        Assert.Equal("warehouse-prod", document.SyncId!.Value);
        Assert.Equal(5000, document.BatchSize!.Value);
        AssertSpan(document.BatchSize.Span, 5, 12, 5, 16);
        Assert.Equal("catalogsync.metamodel.json", document.Metamodel!.Value);
        Assert.Equal("Warehouse", document.Target!.Community!.Value);
        AssertSpan(document.Target.Community.Span, 7, 22, 7, 31);
        Assert.Equal("Inventory", document.Target.Domain!.Value);
        Assert.Equal("Physical Data Dictionary", document.Target.DomainType!.Value);
        Assert.Equal(10, document.Guard!.MaxMissingPercent!.Value);
        Assert.Equal(1000, document.Guard.MaxMissingCount!.Value);

        var removed = Assert.Single(document.RemovedSyncIds);
        Assert.Equal("old-id", removed.SyncId!.Value);
        Assert.Equal(ManifestRemovedAssets.ChangeStatus, removed.Then!.Value);
        AssertSpan(removed.Then.Span, 11, 11, 11, 24);
        Assert.Equal("Retired", removed.StatusName!.Value);
        Assert.Null(removed.StatusId);

        Assert.Equal(2, document.Types.Count);
        var product = document.Types[0];
        Assert.Equal("Warehouse.Product", product.Label);
        Assert.Equal(0, product.Index);
        AssertSpan(product.Type!.Span, 14, 11, 14, 28);
        AssertSpan(product.Type.KeySpan!, 14, 5, 14, 9);
        Assert.Equal("products", product.SyncId!.Value);
        Assert.Equal(ManifestMissingPolicy.ChangeStatus, product.Missing!.Policy!.Value);
        Assert.Equal("00000000-0000-0000-0000-000000005066", product.Missing.StatusId!.Value);
        AssertSpan(product.Missing.StatusId.Span, 18, 17, 18, 53);
        Assert.Equal(5, product.Missing.MaxMissingPercent!.Value);
        Assert.Null(product.Missing.MaxMissingCount);
        Assert.Null(product.Source);
        Assert.Null(product.Columns);

        var regions = document.Types[1];
        Assert.Equal("regions", regions.Label);
        Assert.Null(regions.Type);
        Assert.Equal("Data Asset", regions.AssetType!.Value);
        Assert.Equal("Regions", regions.Domain!.Value);
        Assert.Null(regions.Community);
        Assert.Equal("regions-v1", regions.MovedFrom!.Value);
        Assert.Equal(ManifestMissingPolicy.RemoveResources, regions.Missing!.Policy!.Value);
        Assert.Equal(100, regions.Missing.MaxMissingCount!.Value);
        Assert.Equal(ManifestSourceKind.Csv, regions.Source!.Kind);
        Assert.Equal("data/regions.csv", regions.Source.Path.Value);
        AssertSpan(regions.Source.Path.Span, 25, 20, 25, 36);
        Assert.Equal(";", regions.Source.Delimiter!.Value);
        Assert.Equal("utf-8", regions.Source.Encoding!.Value);
        var columns = regions.Columns!;
        Assert.Equal(["code", "title", "state", "labels"], new[] { columns.Name!.Value, columns.DisplayName!.Value, columns.Status!.Value, columns.Tags!.Value });
        Assert.Null(columns.Domain);
        Assert.Equal(["Description", "Unit Price"], columns.Attributes.Select(a => a.AttributeType.Value));
        Assert.Equal(["description", "price"], columns.Attributes.Select(a => a.Column.Value));
        AssertSpan(columns.Attributes[1].AttributeType.Span, 31, 47, 31, 59);
        AssertSpan(columns.Attributes[1].Column.Span, 31, 61, 31, 66);
        var relation = Assert.Single(columns.Relations);
        Assert.Equal("00000000-0000-0000-0000-000000007042", relation.RelationTypeId!.Value);
        Assert.Equal(ManifestRelationRole.Target, relation.Role!.Value);
        Assert.Equal("products", relation.Target!.Value);
        Assert.Equal("product", relation.Column!.Value);
        AssertSpan(relation.Role.Span, 33, 73, 33, 79);
    }

    [Fact]
    public void ReadFile_reads_a_manifest_with_a_byte_order_mark_as_its_text()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "catalogsync-" + Guid.NewGuid().ToString("N") + ".sync.yaml");
        File.WriteAllText(file, Full, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var result = ManifestReader.ReadFile(file);

            Assert.Empty(result.Findings);
            Assert.Equal(file, result.Document!.Path);
            AssertSpan(result.Document.Version!.KeySpan!, 2, 1, 2, 8);
            Assert.Equal("warehouse", result.Document.Name!.Value);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_manifest_s_folder()
    {
        var document = ManifestReader.Read(System.IO.Path.Combine("config", "m.sync.yaml"), Full).Document!;

        Assert.Equal(System.IO.Path.Combine("config", "data/regions.csv"), document.ResolvePath(document.Types[1].Source!.Path.Value));
        Assert.Equal("catalogsync.metamodel.json", ManifestReader.Read("m.sync.yaml", Full).Document!.ResolvePath("catalogsync.metamodel.json"));
        Assert.Equal("/abs/data.csv", document.ResolvePath("/abs/data.csv"));
    }

    // --- The format's rules, CSYNC050 to CSYNC059 ----------------------------------------------------------------------

    [Fact]
    public void CSYNC050_a_syntax_error_is_located_where_the_parser_stopped()
    {
        var finding = Single("version: 1\nname: \"warehouse\ntypes: []\n", "CSYNC050");

        Assert.Equal(DiagnosticRuleSeverity.Error, finding.Severity);
        AssertAt(finding, 2, 7);
        Assert.Equal("The manifest is not valid YAML: While scanning a multi-line double-quoted scalar, found wrong indentation", finding.Message);
        Assert.Null(ManifestReader.Read(Path, "version: 1\nname: \"warehouse\ntypes: []\n").Document);

        var mapping = Single("version: 1\nname: a: b\n", "CSYNC050");
        AssertAt(mapping, 2, 8);
        Assert.Equal("The manifest is not valid YAML: While scanning a plain scalar value, found invalid mapping", mapping.Message);
    }

    [Fact]
    public void CSYNC050_a_parser_failure_that_is_no_YamlException_is_a_syntax_error_too()
    {
        // YamlDotNet 16.3 throws InvalidOperationException on this input rather than a YamlException.
        var finding = Single("version: 1\ntypes: [ a, b\nname: x\n", "CSYNC050");

        AssertAt(finding, 2, 11);
        Assert.StartsWith("The manifest is not valid YAML: the YAML parser stopped after line 2, column 11 (", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CSYNC051_an_unknown_key_names_the_nearest_valid_key()
    {
        var finding = Single("version: 1\nsyncid: x\ntypes:\n  - type: T\n", "CSYNC051");

        AssertSpan(finding.Location!, 2, 1, 2, 7);
        Assert.Equal("Unknown key 'syncid' in the manifest: did you mean 'syncId'?", finding.Message);
    }

    [Fact]
    public void CSYNC051_an_unknown_key_with_nothing_near_lists_the_keys_of_its_mapping()
    {
        var finding = Single("version: 1\ntypes:\n  - type: T\n    missing: { policy: ignore, frobnicate: 3 }\n", "CSYNC051");

        AssertAt(finding, 4, 32);
        Assert.Equal("Unknown key 'frobnicate' in types[0].missing: the keys here are policy, statusId, statusName, maxMissingPercent or maxMissingCount", finding.Message);
    }

    [Theory]
    [InlineData("version: 1\nbatchSize: many\ntypes:\n  - type: T\n", 2, 12, "batchSize must be a whole number, but it is 'many'")]
    [InlineData("version: 1\nbatchSize: \"5000\"\ntypes:\n  - type: T\n", 2, 12, "batchSize must be a whole number, but it is the quoted text '5000'")]
    [InlineData("version: 1\ntarget:\n  - community: C\ntypes:\n  - type: T\n", 3, 3, "target must be a mapping (keys with values), but it is a sequence")]
    [InlineData("version: 1\nsyncId: { a: b }\ntypes:\n  - type: T\n", 2, 9, "syncId must be a text, but it is a mapping")]
    [InlineData("version: 1\nname:\ntypes:\n  - type: T\n", 2, 6, "name must be a text, but it is empty")]
    [InlineData("version: 1\ntypes: { type: T }\n", 2, 8, "types must be a sequence (a list of '- …' items), but it is a mapping")]
    [InlineData("version: 1\ntypes:\n  - T\n", 3, 5, "types[0] must be a mapping (keys with values), but it is 'T'")]
    [InlineData("version: 1\ntypes:\n  - type: T\n    source: { csv: a.csv, delimiter: ';;' }\n", 4, 38, "types[0].source.delimiter must be one character, but it is ';;'")]
    [InlineData("version: 1\ntypes:\n  - type: T\n    source: { csv: a.csv, folder: data }\n", 4, 27, "types[0].source must be one of 'csv', 'jsonl' or 'folder', but it is both 'csv' and 'folder'")]
    public void CSYNC052_a_value_of_the_wrong_type(string yaml, int line, int column, string message)
    {
        var finding = Single(yaml, "CSYNC052");

        AssertAt(finding, line, column);
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void CSYNC052_a_key_that_is_not_a_text_and_CSYNC051_in_a_nested_mapping()
    {
        var key = Single("version: 1\n? [a, b]\n: x\ntypes:\n  - type: T\n", "CSYNC052");
        AssertAt(key, 2, 3);
        Assert.Equal("A key in the manifest must be a text, but it is a sequence", key.Message);

        var nested = Single("version: 1\ntypes:\n  - type: T\n    missing:\n      policy: ignore\n      maxMissingPercnt: 5\n", "CSYNC051");
        AssertSpan(nested.Location!, 6, 7, 6, 23);
        Assert.Equal("Unknown key 'maxMissingPercnt' in types[0].missing: did you mean 'maxMissingPercent'?", nested.Message);
    }

    [Fact]
    public void CSYNC052_a_root_that_is_not_a_mapping_gives_no_document()
    {
        var result = ManifestReader.Read(Path, "- version: 1\n");

        Assert.Null(result.Document);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("CSYNC052", finding.Rule.Id);
        Assert.Equal("The manifest must be a mapping of keys (version, name, types, …), but it is a sequence", finding.Message);
    }

    [Fact]
    public void CSYNC053_a_missing_required_key()
    {
        var finding = Single("name: warehouse\ntypes:\n  - type: T\n", "CSYNC053");
        AssertSpan(finding.Location!, 1, 1, 1, 2);
        Assert.Equal("The manifest needs 'version': add 'version: 1' as its first key", finding.Message);

        var policy = Single("version: 1\ntypes:\n  - type: T\n    missing: { statusName: x }\n", "CSYNC053");
        AssertAt(policy, 4, 14);
        Assert.Equal("types[0].missing needs 'policy': give remove-resources, change-status or ignore", policy.Message);
    }

    [Fact]
    public void CSYNC053_an_entry_without_code_needs_what_a_SyncAsset_type_declares()
    {
        var result = ManifestReader.Read(Path, "version: 1\ntypes:\n  - name: products\n    columns: { displayName: t }\n");

        Assert.All(result.Findings, f => Assert.Equal("CSYNC053", f.Rule.Id));
        Assert.Equal(["(3,5) assetType", "(3,5) community", "(3,5) domain", "(3,5) source", "(4,14) name"],
            result.Findings.Select(f => $"({f.Location!.StartLine},{f.Location.StartColumn}) {f.Message.Split('\'')[1]}"));
        Assert.Equal("types[0].columns needs 'name': give the column that holds each asset's full name", result.Findings[4].Message);
        Assert.StartsWith("types[0] needs 'assetType': an entry without 'type' (a C# [SyncAsset] type) is declared by the manifest alone; name the catalog's asset type", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CSYNC054_a_key_given_twice()
    {
        var finding = Single("version: 1\nname: a\ntypes:\n  - type: T\nname: b\n", "CSYNC054");

        AssertSpan(finding.Location!, 5, 1, 5, 5);
        Assert.Equal("'name' is given twice in the manifest (first on line 2): keep one, YAML does not say which would win", finding.Message);
    }

    [Theory]
    [InlineData("version: 1\ntypes:\n  - type: T\n    missing: { policy: remove }\n", 4, 24, "types[0].missing.policy 'remove' is not valid: use remove-resources, change-status or ignore (did you mean 'remove-resources'?)")]
    [InlineData("version: 1\ntypes:\n  - type: T\n    missing: { policy: Ignore }\n", 4, 24, "types[0].missing.policy 'Ignore' is not valid: use remove-resources, change-status or ignore (did you mean 'ignore'?)")]
    [InlineData("version: 1\nremovedSyncIds:\n  - { syncId: old, then: delete }\ntypes:\n  - type: T\n", 3, 26, "removedSyncIds[0].then 'delete' is not valid: use keep, change-status or remove")]
    [InlineData("version: 1\ntypes:\n  - type: T\n    columns:\n      relations:\n        - { relationTypeId: 00000000-0000-0000-0000-000000007042, role: head, target: x, column: y }\n", 6, 73, "types[0].columns.relations[0].role 'head' is not valid: use source or target")]
    [InlineData("version: 2\ntypes:\n  - type: T\n", 1, 10, "version '2' is not valid: use 1, the format this reader knows (docs/manifest.md)")]
    public void CSYNC055_a_value_that_is_not_one_of_the_allowed_words(string yaml, int line, int column, string message)
    {
        var finding = Single(yaml, "CSYNC055");

        AssertAt(finding, line, column);
        Assert.Equal(message, finding.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("\uFEFF")]
    public void CSYNC056_an_empty_manifest(string yaml)
    {
        var result = ManifestReader.Read(Path, yaml);

        Assert.Null(result.Document);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("CSYNC056", finding.Rule.Id);
        AssertAt(finding, 1, 1);
        Assert.Equal("The manifest is empty: write at least 'version: 1' and its 'types' (docs/manifest.md)", finding.Message);
        Assert.Equal("CSYNC056", Assert.Single(ManifestReader.Read(Path, Encoding.UTF8.GetBytes(yaml)).Findings).Rule.Id);
    }

    [Fact]
    public void CSYNC057_binary_content_is_one_finding_not_a_parse()
    {
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
        var binary = Assert.Single(ManifestReader.Read(Path, png).Findings);
        Assert.Equal("CSYNC057", binary.Rule.Id);
        AssertAt(binary, 3, 1);
        Assert.Equal("The manifest is not a text file: it has a NUL byte at offset 8 (line 3, column 1); a manifest is YAML in UTF-8, so it was not parsed", binary.Message);

        var latin1 = Assert.Single(ManifestReader.Read(Path, [(byte)'n', (byte)':', (byte)' ', 0xE9, (byte)'\n']).Findings);
        Assert.Equal("CSYNC057", latin1.Rule.Id);
        Assert.Equal("The manifest is not a text file: it is not valid UTF-8 (byte 0xE9 at offset 3, line 1); a manifest is YAML in UTF-8, so it was not parsed", latin1.Message);

        var utf16 = Assert.Single(ManifestReader.Read(Path, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("version: 1\n")).ToArray()).Findings);
        Assert.Equal("CSYNC057", utf16.Rule.Id);
        Assert.Contains("UTF-16 byte order mark", utf16.Message, StringComparison.Ordinal);

        var control = Assert.Single(ManifestReader.Read(Path, "version: 1\nname: a\u0007b\n").Findings);
        Assert.Equal("CSYNC057", control.Rule.Id);
        AssertAt(control, 2, 8);
        Assert.Contains("the control character U+0007 at line 2, column 8", control.Message, StringComparison.Ordinal);

        var replaced = Assert.Single(ManifestReader.Read(Path, "version: 1\nname: \uFFFD\n").Findings);
        Assert.Equal("CSYNC057", replaced.Rule.Id);
    }

    [Fact]
    public void CSYNC057_a_binary_file_is_refused_by_ReadFile()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "catalogsync-binary-" + Guid.NewGuid().ToString("N") + ".sync.yaml");
        var bytes = new byte[64 * 1024];
        new Random(17).NextBytes(bytes);
        bytes[100] = 0;
        File.WriteAllBytes(file, bytes);
        try
        {
            var result = ManifestReader.ReadFile(file);

            Assert.Null(result.Document);
            Assert.Equal("CSYNC057", Assert.Single(result.Findings).Rule.Id);
            Assert.Equal(file, result.Findings[0].Location!.Path);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CSYNC058_ten_megabytes_are_refused_from_the_file_s_size()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "catalogsync-large-" + Guid.NewGuid().ToString("N") + ".sync.yaml");
        using (var stream = File.Create(file))
        {
            var line = Encoding.UTF8.GetBytes("name: warehouse # padding padding padding padding padding padding padding\n");
            stream.Write(Encoding.UTF8.GetBytes("version: 1\n"));
            while (stream.Length < 10 * 1024 * 1024)
            {
                stream.Write(line);
            }
        }

        try
        {
            var length = new FileInfo(file).Length;
            var finding = Assert.Single(ManifestReader.ReadFile(file).Findings);

            Assert.Equal("CSYNC058", finding.Rule.Id);
            AssertAt(finding, 1, 1);
            Assert.Equal($"The manifest exceeds a limit: it has {length} bytes (the limit is 1048576 bytes, 1 MiB); it was not read further", finding.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CSYNC058_ten_megabytes_of_text_are_refused_before_the_parser()
    {
        var text = "version: 1\n" + new string('#', 10 * 1024 * 1024) + "\n";

        var finding = Assert.Single(ManifestReader.Read(Path, text).Findings);

        Assert.Equal("CSYNC058", finding.Rule.Id);
        Assert.Equal($"The manifest exceeds a limit: it has {text.Length} characters (the limit is 1048576 bytes, 1 MiB); it was not read further", finding.Message);
        Assert.Equal("CSYNC058", Assert.Single(ManifestReader.Read(Path, Encoding.UTF8.GetBytes(text)).Findings).Rule.Id);
    }

    [Theory]
    [InlineData("flow sequences")]
    [InlineData("flow mappings")]
    [InlineData("block sequences")]
    public void CSYNC058_ten_thousand_levels_of_nesting_stop_at_the_depth_limit(string shape)
    {
        var text = shape switch
        {
            "flow sequences" => "version: 1\ntypes: " + new string('[', 10_000) + new string(']', 10_000) + "\n",
            "flow mappings" => "version: 1\ntypes: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000) + "\n",
            _ => "version: 1\ntypes:\n" + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n",
        };

        var result = ManifestReader.Read(Path, text);

        Assert.Null(result.Document);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("CSYNC058", finding.Rule.Id);
        Assert.Equal("The manifest exceeds a limit: it is nested more than 64 levels deep (the limit is 64 levels); it was not read further", finding.Message);
        Assert.Equal(shape == "block sequences" ? 3 : 2, finding.Location!.StartLine);
    }

    [Fact]
    public void CSYNC058_too_many_nodes_a_too_long_scalar_and_a_second_document()
    {
        var nodes = Assert.Single(ManifestReader.Read(Path, "version: 1\ntypes: [" + string.Join(",", Enumerable.Repeat("1", 60_000)) + "]\n").Findings);
        Assert.Equal("CSYNC058", nodes.Rule.Id);
        Assert.Equal("The manifest exceeds a limit: it has more than 50000 nodes (the limit is 50000 keys, values, mappings and sequences); it was not read further", nodes.Message);

        var scalar = Assert.Single(ManifestReader.Read(Path, "version: 1\nname: " + new string('a', 5000) + "\n").Findings);
        Assert.Equal("CSYNC058", scalar.Rule.Id);
        AssertAt(scalar, 2, 7);
        Assert.Equal("The manifest exceeds a limit: a value has 5000 characters (the limit is 4096 characters); it was not read further", scalar.Message);

        var second = Assert.Single(ManifestReader.Read(Path, "version: 1\ntypes: []\n---\nversion: 1\n").Findings);
        Assert.Equal("CSYNC058", second.Rule.Id);
        AssertAt(second, 3, 1);
        Assert.Equal("The manifest exceeds a limit: it has a second YAML document (the limit is 1 document per file); it was not read further", second.Message);
    }

    [Fact]
    public void CSYNC059_an_alias_bomb_is_refused_at_its_first_anchor()
    {
        var bomb = new StringBuilder("version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 30; i++)
        {
            bomb.Append('a').Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), 10))).Append("]\n");
        }

        var result = ManifestReader.Read(Path, bomb.ToString());

        Assert.Null(result.Document);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("CSYNC059", finding.Rule.Id);
        AssertAt(finding, 2, 5);
        Assert.Equal("The manifest uses the YAML anchor '&a0', which a manifest does not allow: write the value out where it is needed, without '&a0'; it was not read further", finding.Message);
    }

    [Fact]
    public void CSYNC059_an_alias_and_a_tag()
    {
        var alias = Assert.Single(ManifestReader.Read(Path, "version: 1\nname: *n\n").Findings);
        Assert.Equal("CSYNC059", alias.Rule.Id);
        AssertAt(alias, 2, 7);
        Assert.Equal("The manifest uses the YAML alias '*n', which a manifest does not allow: write the value out where it is needed; it was not read further", alias.Message);

        var tag = Assert.Single(ManifestReader.Read(Path, "version: 1\nname: !!str warehouse\n").Findings);
        Assert.Equal("CSYNC059", tag.Rule.Id);
        AssertAt(tag, 2, 7);
        Assert.StartsWith("The manifest uses the YAML tag 'tag:yaml.org,2002:str', which a manifest does not allow", tag.Message, StringComparison.Ordinal);
    }

    // --- Rules of the attributes, reused with their IDs and words -------------------------------------------------------

    [Fact]
    public void CSYNC009_a_bad_synchronization_id_reads_as_for_the_attribute()
    {
        var finding = Single("version: 1\ntypes:\n  - type: T\n    syncId: my sync\n", "CSYNC009");

        AssertSpan(finding.Location!, 4, 13, 4, 20);
        Assert.Equal(DiagnosticCatalog.InvalidSyncId.Format("syncId", "my sync", SyncIdRules.DeclaredProblem("my sync")!), finding.Message);
        Assert.Equal("CSYNC009", Single("version: 1\nsyncId: a/b\ntypes:\n  - type: T\n", "CSYNC009").Rule.Id);
        Assert.Equal("CSYNC009", Single("version: 1\nname: a b\ntypes:\n  - type: T\n", "CSYNC009").Rule.Id);
        Assert.Equal("CSYNC009", Single("version: 1\nremovedSyncIds: [ { syncId: \"..\" } ]\ntypes:\n  - type: T\n", "CSYNC009").Rule.Id);
        Assert.Equal("CSYNC009", Single("version: 1\ntypes:\n  - type: T\n    movedFrom: " + new string('a', 51) + "\n", "CSYNC009").Rule.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(50_001)]
    public void CSYNC018_a_batch_size_out_of_the_batch_limits(int size)
    {
        var finding = Single($"version: 1\nname: warehouse\nbatchSize: {size}\ntypes:\n  - type: T\n", "CSYNC018");

        AssertAt(finding, 3, 12);
        Assert.Equal(DiagnosticCatalog.InvalidBatchSize.Format(size.ToString(System.Globalization.CultureInfo.InvariantCulture), "warehouse"), finding.Message);
        Assert.Empty(ManifestReader.Read(Path, $"version: 1\nbatchSize: {BatchLimits.MinBatchSize}\ntypes:\n  - type: T\n").Findings);
    }

    [Fact]
    public void CSYNC018_names_the_plan_after_the_file_without_a_name()
    {
        var finding = Single("version: 1\nbatchSize: 1\ntypes:\n  - type: T\n", "CSYNC018");

        Assert.Equal(DiagnosticCatalog.InvalidBatchSize.Format("1", "m"), finding.Message);
    }

    [Fact]
    public void The_status_rules_of_a_missing_policy_are_the_attribute_s()
    {
        var without = Single("version: 1\ntypes:\n  - type: Shop.Product\n    missing: { policy: change-status }\n", "CSYNC003");
        AssertAt(without, 4, 24);
        Assert.Equal(DiagnosticCatalog.ChangeStatusWithoutStatus.Format("Shop.Product"), without.Message);

        var notUuid = Single("version: 1\ntypes:\n  - type: T\n    missing: { policy: change-status, statusId: Missing }\n", "CSYNC004");
        AssertAt(notUuid, 4, 49);
        Assert.Equal(DiagnosticCatalog.StatusIdNotUuid.Format("Missing", "T"), notUuid.Message);

        var noEffect = Single("version: 1\ntypes:\n  - type: T\n    missing: { policy: ignore, statusName: Retired }\n", "CSYNC005");
        AssertAt(noEffect, 4, 32);
        Assert.Equal(DiagnosticCatalog.StatusWithoutEffect.Format("statusName", "T", "Ignore"), noEffect.Message);

        var both = Single("version: 1\ntypes:\n  - type: T\n    missing: { policy: change-status, statusId: 00000000-0000-0000-0000-000000005066, statusName: Retired }\n", "CSYNC007");
        Assert.Equal(DiagnosticCatalog.StatusIdAndName.Format("T"), both.Message);

        var removed = Single("version: 1\nremovedSyncIds:\n  - { syncId: old, then: change-status }\ntypes:\n  - type: T\n", "CSYNC003");
        Assert.Equal(DiagnosticCatalog.ChangeStatusWithoutStatus.Format("old"), removed.Message);
    }

    [Fact]
    public void The_guard_the_relation_type_id_and_an_empty_plan_are_the_attribute_s()
    {
        var percent = Single("version: 1\ntypes:\n  - type: T\n    missing: { policy: ignore, maxMissingPercent: 200 }\n", "CSYNC027");
        AssertAt(percent, 4, 51);
        Assert.Equal(DiagnosticCatalog.InvalidArgument.Format("maxMissingPercent: 200", "T", "give 0 to 100 (percent of the type's assets), or -1 for the run's deletion guard"), percent.Message);
        Assert.Equal("CSYNC027", Single("version: 1\nguard: { maxMissingCount: -5 }\ntypes:\n  - type: T\n", "CSYNC027").Rule.Id);

        var relation = Single("version: 1\ntypes:\n  - type: T\n    columns:\n      relations: [ { relationTypeId: 7042, role: source, target: x, column: y } ]\n", "CSYNC014");
        Assert.Equal(DiagnosticCatalog.RelationTypeIdNotUuid.Format("7042", "T"), relation.Message);

        var empty = Single("version: 1\nname: warehouse\ntypes: []\n", "CSYNC026");
        AssertAt(empty, 3, 8);
        Assert.Equal(DiagnosticCatalog.EmptyPlan.Format("warehouse"), empty.Message);
    }

    [Fact]
    public void Findings_print_as_a_compiler_prints_them_and_come_in_the_order_of_the_file()
    {
        var result = ManifestReader.Read(Path, "version: 1\nbatchsize: 10\ntypes:\n  - type: T\n    missing: { policy: remove }\n");

        Assert.Equal(
            [
                "m.sync.yaml(2,1): error CSYNC051: Unknown key 'batchsize' in the manifest: did you mean 'batchSize'?",
                "m.sync.yaml(5,24): error CSYNC055: types[0].missing.policy 'remove' is not valid: use remove-resources, change-status or ignore (did you mean 'remove-resources'?)",
            ],
            result.Findings.Select(f => f.ToString()));
        Assert.True(result.HasErrors);
        Assert.NotNull(result.Document);
    }

    // --- The format's tables against the attributes and the schema ------------------------------------------------------

    [Fact]
    public void The_manifest_s_enums_are_the_attribute_enums_in_kebab_case()
    {
        AssertSameEnum<ManifestMissingPolicy, MissingStrategy>(ManifestKeys.Policies);
        AssertSameEnum<ManifestRemovedAssets, RemovedAssets>(ManifestKeys.RemovedThen);
        AssertSameEnum<ManifestRelationRole, RelationRole>(ManifestKeys.Roles);
    }

    [Fact]
    public void The_json_schema_and_the_reader_accept_the_same_keys_and_words()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "docs", "manifest.schema.json")));
        var root = schema.RootElement;
        var definitions = root.GetProperty("definitions");

        Assert.Equal("http://json-schema.org/draft-07/schema#", root.GetProperty("$schema").GetString());
        AssertKeys(root, ManifestKeys.Root);
        AssertKeys(definitions.GetProperty("target"), ManifestKeys.Target);
        AssertKeys(definitions.GetProperty("guard"), ManifestKeys.Guard);
        AssertKeys(definitions.GetProperty("removedSyncId"), ManifestKeys.RemovedSyncId);
        AssertKeys(definitions.GetProperty("type"), ManifestKeys.Type);
        AssertKeys(definitions.GetProperty("missing"), ManifestKeys.Missing);
        AssertKeys(definitions.GetProperty("source"), ManifestKeys.Source);
        AssertKeys(definitions.GetProperty("columns"), ManifestKeys.Columns);
        AssertKeys(definitions.GetProperty("relation"), ManifestKeys.Relation);
        Assert.Equal(ManifestKeys.Policies, EnumOf(definitions.GetProperty("missing"), "policy"));
        Assert.Equal(ManifestKeys.RemovedThen, EnumOf(definitions.GetProperty("removedSyncId"), "then"));
        Assert.Equal(ManifestKeys.Roles, EnumOf(definitions.GetProperty("relation"), "role"));
        Assert.Equal(ManifestKeys.Versions, root.GetProperty("properties").GetProperty("version").GetProperty("enum").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["version", "types"], root.GetProperty("required").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(BatchLimits.MinBatchSize, root.GetProperty("properties").GetProperty("batchSize").GetProperty("minimum").GetInt32());
        Assert.Equal(BatchLimits.MaxBatchSize, root.GetProperty("properties").GetProperty("batchSize").GetProperty("maximum").GetInt32());
        Assert.Equal(SyncIdRules.MaxLength, definitions.GetProperty("syncId").GetProperty("maxLength").GetInt32());

        // Every property, at every level, is described (the editor shows it on hover).
        Assert.All(AllProperties(root), p => Assert.False(string.IsNullOrWhiteSpace(p.Value.TryGetProperty("description", out var d) ? d.GetString() : null), p.Name + " has no description"));
    }

    [Fact]
    public void The_full_example_of_the_docs_reads_without_findings_and_every_rule_is_listed()
    {
        var docs = File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "docs", "manifest.md"));
        var start = docs.IndexOf("```yaml\n# yaml-language-server", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/manifest.md has no full example");
        var yaml = docs.Substring(start + "```yaml\n".Length, docs.IndexOf("```", start + 7, StringComparison.Ordinal) - start - "```yaml\n".Length);

        var result = ManifestReader.Read("docs/manifest.md", yaml);

        Assert.Empty(result.Findings);
        Assert.NotEmpty(result.Document!.Types);
        foreach (var id in new[] { "CSYNC003", "CSYNC004", "CSYNC005", "CSYNC007", "CSYNC009", "CSYNC014", "CSYNC018", "CSYNC026", "CSYNC027" }
            .Concat(Enumerable.Range(50, 10).Select(n => "CSYNC0" + n)))
        {
            Assert.Contains("[" + id + "](diagnostics/" + id + ".md)", docs, StringComparison.Ordinal);
        }

        foreach (var key in ManifestKeys.Root.Concat(ManifestKeys.Type).Concat(ManifestKeys.Missing).Concat(ManifestKeys.Source).Concat(ManifestKeys.Columns).Concat(ManifestKeys.Relation))
        {
            Assert.Contains("`" + key + "`", docs, StringComparison.Ordinal);
        }
    }

    // --- Helpers -------------------------------------------------------------------------------------------------------

    private static Finding Single(string yaml, string id)
    {
        var findings = ManifestReader.Read(Path, yaml).Findings;
        Assert.True(findings.Count == 1, $"Expected one finding {id}, got: " + string.Join(" | ", findings));
        Assert.Equal(id, findings[0].Rule.Id);
        Assert.Equal(Path, findings[0].Location!.Path);
        return findings[0];
    }

    private static void AssertAt(Finding finding, int line, int column) =>
        Assert.True(finding.Location!.StartLine == line && finding.Location.StartColumn == column, $"Expected ({line},{column}), got {finding}");

    private static void AssertSpan(FileSpan span, int startLine, int startColumn, int endLine, int endColumn) =>
        Assert.Equal((startLine, startColumn, endLine, endColumn), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn));

    private static void AssertSameEnum<TManifest, TAttribute>(IReadOnlyList<string> words)
        where TManifest : struct, Enum
        where TAttribute : struct, Enum
    {
        Assert.Equal(System.Enum.GetNames<TAttribute>(), System.Enum.GetNames<TManifest>());
        Assert.Equal(System.Enum.GetValues<TAttribute>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)), System.Enum.GetValues<TManifest>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(System.Enum.GetNames<TAttribute>().Select(Kebab), words);
    }

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static void AssertKeys(JsonElement element, IReadOnlyList<string> keys)
    {
        Assert.False(element.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(keys.Order(StringComparer.Ordinal), element.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string?> EnumOf(JsonElement definition, string property) =>
        definition.GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(v => v.GetString());

    private static IEnumerable<JsonProperty> AllProperties(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in property.Value.EnumerateObject())
                {
                    yield return p;
                }
            }

            foreach (var nested in property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : new[] { property.Value }.AsEnumerable())
            {
                foreach (var p in AllProperties(nested))
                {
                    yield return p;
                }
            }
        }
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "..", ".."));
}
