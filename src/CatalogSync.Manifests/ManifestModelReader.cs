using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using YamlDotNet.Core;

namespace CatalogSync.Manifests;

/// <summary>
/// Maps a manifest's bounded YAML tree (<see cref="YamlTree"/>) to the model, reporting the format's mistakes and the
/// rules that need nothing but the manifest. Recursion follows the format's fixed shape (a few levels), never the
/// input's depth, which <see cref="ManifestLimits.MaxDepth"/> bounds anyway.
/// </summary>
internal sealed class ManifestModelReader(string path, List<Finding> findings)
{
    private string _planName = PlanNameFromPath(path);

    public ManifestDocument ReadDocument(YamlTreeNode root)
    {
        var map = new Map(this, root, "the manifest", "", ManifestKeys.Root);
        var document = new ManifestDocument(path, root.Span);

        document.Version = Int(map, "version");
        if (document.Version is null && !map.Has("version"))
        {
            Missing(new FileSpan(path, root.Span.StartLine, root.Span.StartColumn, root.Span.StartLine, root.Span.StartColumn), "The manifest", "version", "add 'version: 1' as its first key");
        }
        else if (document.Version is { } version && !ManifestKeys.Versions.Contains(version.Value))
        {
            Add(DiagnosticCatalog.ManifestUnknownValue, version.Span, "version", Number(version.Value), string.Join(" or ", ManifestKeys.Versions.Select(Number)), ", the format this reader knows (docs/manifest.md)");
        }

        document.Name = Text(map, "name");
        if (document.Name is { } name)
        {
            _planName = name.Value;
            if (SyncIdRules.DeclaredProblem(name.Value) is { } problem)
            {
                Add(DiagnosticCatalog.InvalidSyncId, name.Span, "The plan name (the prefix of derived synchronization IDs)", name.Value, problem);
            }
        }

        document.SyncId = SyncId(map, "syncId", "syncId");
        document.BatchSize = Int(map, "batchSize");
        if (document.BatchSize is { } batch && (batch.Value < BatchLimits.MinBatchSize || batch.Value > BatchLimits.MaxBatchSize))
        {
            Add(DiagnosticCatalog.InvalidBatchSize, batch.Span, Number(batch.Value), _planName);
        }

        document.Metamodel = Text(map, "metamodel");
        if (Mapping(map, "target", ManifestKeys.Target) is { } target)
        {
            document.Target = new ManifestTarget(target.Node.Span)
            {
                Community = Text(target, "community"),
                Domain = Text(target, "domain"),
                DomainType = Text(target, "domainType"),
            };
        }

        if (Mapping(map, "guard", ManifestKeys.Guard) is { } guard)
        {
            document.Guard = new ManifestGuard(guard.Node.Span)
            {
                MaxMissingPercent = Percent(guard, _planName),
                MaxMissingCount = Count(guard, _planName),
            };
        }

        document.RemovedSyncIds = Items(map, "removedSyncIds", ManifestKeys.RemovedSyncId).Select(RemovedSyncId).ToList();

        var types = Items(map, "types", ManifestKeys.Type);
        if (!map.Has("types"))
        {
            Missing(root.Span, "The manifest", "types", "list the types it synchronizes, each a '- type: …' (a C# [SyncAsset] type) or a '- name: …' with its assetType, source and columns");
        }
        else if (map.Value("types") is { Kind: YamlTreeKind.Sequence, Items.Count: 0 } empty)
        {
            Add(DiagnosticCatalog.EmptyPlan, empty.Span, _planName);
        }

        document.Types = types.Select((entry, index) => Type(entry, index, document.Target)).ToList();
        return document;
    }

    private ManifestRemovedSyncId RemovedSyncId(Map map, int index)
    {
        var removed = new ManifestRemovedSyncId(map.Node.Span)
        {
            SyncId = Text(map, "syncId"),
            Then = Choice(map, "then", ManifestKeys.RemovedThen, new[] { ManifestRemovedAssets.Keep, ManifestRemovedAssets.ChangeStatus, ManifestRemovedAssets.Remove }),
            StatusId = Text(map, "statusId"),
            StatusName = Text(map, "statusName"),
        };

        if (removed.SyncId is null)
        {
            if (!map.Has("syncId"))
            {
                Missing(map.Node.Span, map.Where, "syncId", "name the synchronization ID the plan no longer uses");
            }

            return removed;
        }

        if (SyncIdRules.DeclaredProblem(removed.SyncId.Value) is { } problem)
        {
            Add(DiagnosticCatalog.InvalidSyncId, removed.SyncId.Span, "The removed synchronization ID", removed.SyncId.Value, problem);
        }

        if (removed.Then?.Value == ManifestRemovedAssets.ChangeStatus)
        {
            Status(removed.SyncId.Value, removed.Then.Span, map.Node.Span, removed.StatusId, removed.StatusName);
        }

        return removed;
    }

    private ManifestType Type(Map map, int index, ManifestTarget? defaults)
    {
        var entry = new ManifestType(index, map.Node.Span)
        {
            Type = Text(map, "type"),
            Name = Text(map, "name"),
            AssetType = Text(map, "assetType"),
            SyncId = SyncId(map, "syncId", "syncId"),
            Community = Text(map, "community"),
            Domain = Text(map, "domain"),
            DomainType = Text(map, "domainType"),
            MovedFrom = SyncId(map, "movedFrom", "movedFrom"),
        };

        if (Mapping(map, "missing", ManifestKeys.Missing) is { } missing)
        {
            entry.Missing = MissingPolicy(missing, entry.Label);
        }

        if (Mapping(map, "source", ManifestKeys.Source) is { } source)
        {
            entry.Source = Source(source);
        }

        var columns = Mapping(map, "columns", ManifestKeys.Columns);
        if (columns is not null)
        {
            entry.Columns = Columns(columns, entry.Label);
        }

        if (entry.Type is null && !map.Has("type"))
        {
            // Declared by the manifest alone: nothing in code completes it.
            const string alone = "an entry without 'type' (a C# [SyncAsset] type) is declared by the manifest alone";
            if (!map.Has("name"))
            {
                Missing(map.Node.Span, map.Where, "name", alone + " and needs a name, which relations refer to (or give its 'type')");
            }

            if (!map.Has("assetType"))
            {
                Missing(map.Node.Span, map.Where, "assetType", alone + "; name the catalog's asset type, e.g. 'assetType: Table'");
            }

            if (!map.Has("community") && defaults?.Community is null)
            {
                Missing(map.Node.Span, map.Where, "community", alone + "; give its community here or in 'target'");
            }

            if (!map.Has("domain") && defaults?.Domain is null && entry.Columns?.Domain is null)
            {
                Missing(map.Node.Span, map.Where, "domain", alone + "; give its domain here or in 'target' (or a 'columns.domain' per item)");
            }

            if (!map.Has("source"))
            {
                Missing(map.Node.Span, map.Where, "source", alone + "; say where its items come from, e.g. 'source: { csv: data/items.csv }'");
            }

            if (!map.Has("columns"))
            {
                Missing(map.Node.Span, map.Where, "columns", alone + "; map at least the column of each asset's name, e.g. 'columns: { name: id }'");
            }
            else if (columns is not null && !columns.Has("name"))
            {
                Missing(columns.Node.Span, columns.Where, "name", "give the column that holds each asset's full name");
            }
        }

        return entry;
    }

    private ManifestMissing MissingPolicy(Map map, string label)
    {
        var missing = new ManifestMissing(map.Node.Span)
        {
            Policy = Choice(map, "policy", ManifestKeys.Policies, new[] { ManifestMissingPolicy.RemoveResources, ManifestMissingPolicy.ChangeStatus, ManifestMissingPolicy.Ignore }),
            StatusId = Text(map, "statusId"),
            StatusName = Text(map, "statusName"),
            MaxMissingPercent = Percent(map, label),
            MaxMissingCount = Count(map, label),
        };

        if (!map.Has("policy"))
        {
            Missing(map.Node.Span, map.Where, "policy", "give " + OneOf(ManifestKeys.Policies));
        }

        if (missing.Policy is not { } policy)
        {
            return missing;
        }

        if (policy.Value == ManifestMissingPolicy.ChangeStatus)
        {
            Status(label, policy.Span, map.Node.Span, missing.StatusId, missing.StatusName);
        }
        else
        {
            foreach (var key in new[] { "statusId", "statusName" })
            {
                if (map.KeySpan(key) is { } keySpan)
                {
                    Add(DiagnosticCatalog.StatusWithoutEffect, keySpan, key, label, policy.Value.ToString());
                }
            }
        }

        return missing;
    }

    /// <summary>The status rules of a change-status, as the generator applies them to [MissingPolicy] and [RemovedSyncId].</summary>
    private void Status(string label, FileSpan policySpan, FileSpan mapSpan, ManifestValue<string>? statusId, ManifestValue<string>? statusName)
    {
        if (statusId is not null && statusName is not null)
        {
            Add(DiagnosticCatalog.StatusIdAndName, statusName.KeySpan ?? mapSpan, label);
        }
        else if (statusId is null && string.IsNullOrWhiteSpace(statusName?.Value))
        {
            Add(DiagnosticCatalog.ChangeStatusWithoutStatus, statusName?.Span ?? policySpan, label);
        }

        if (statusId is not null && !IsUuid(statusId.Value))
        {
            Add(DiagnosticCatalog.StatusIdNotUuid, statusId.Span, statusId.Value, label);
        }
    }

    private ManifestSource? Source(Map map)
    {
        var kinds = new[] { ("csv", ManifestSourceKind.Csv), ("jsonl", ManifestSourceKind.JsonLines), ("folder", ManifestSourceKind.Folder) }
            .Where(k => map.Has(k.Item1))
            .ToList();
        var delimiter = Text(map, "delimiter");
        if (delimiter is not null && delimiter.Value.Length != 1)
        {
            Add(DiagnosticCatalog.ManifestWrongValue, delimiter.Span, map.Prefix + "delimiter", "one character", Describe(delimiter.Value, ScalarStyle.Plain));
            delimiter = null;
        }

        var encoding = Text(map, "encoding");
        if (kinds.Count == 0)
        {
            Missing(map.Node.Span, map.Where, "csv', 'jsonl' or 'folder", "give the path of its data, relative to the manifest's folder, e.g. 'csv: data/items.csv'");
            return null;
        }

        if (kinds.Count > 1)
        {
            Add(DiagnosticCatalog.ManifestWrongValue, map.KeySpan(kinds[1].Item1)!, map.Where, "one of 'csv', 'jsonl' or 'folder'", "both '" + kinds[0].Item1 + "' and '" + kinds[1].Item1 + "'");
        }

        var (key, kind) = kinds[0];
        return Text(map, key) is { } location
            ? new ManifestSource(map.Node.Span, kind, location) { Delimiter = delimiter, Encoding = encoding }
            : null;
    }

    private ManifestColumns Columns(Map map, string label)
    {
        var columns = new ManifestColumns(map.Node.Span)
        {
            Name = Text(map, "name"),
            DisplayName = Text(map, "displayName"),
            Status = Text(map, "status"),
            Tags = Text(map, "tags"),
            Domain = Text(map, "domain"),
        };

        if (Mapping(map, "attributes", null) is { } attributes)
        {
            columns.Attributes = attributes.Keys
                .Select(key => Text(attributes, key) is { } column ? new ManifestAttributeColumn(new ManifestValue<string>(key, attributes.KeySpan(key)!, attributes.KeySpan(key)), column) : null)
                .Where(a => a is not null)
                .Select(a => a!)
                .ToList();
        }

        columns.Relations = Items(map, "relations", ManifestKeys.Relation).Select((relation, _) => Relation(relation, label)).ToList();
        return columns;
    }

    private ManifestRelationColumn Relation(Map map, string label)
    {
        var relation = new ManifestRelationColumn(map.Node.Span)
        {
            RelationTypeId = Text(map, "relationTypeId"),
            Role = Choice(map, "role", ManifestKeys.Roles, new[] { ManifestRelationRole.Source, ManifestRelationRole.Target }),
            Target = Text(map, "target"),
            Column = Text(map, "column"),
        };

        if (relation.RelationTypeId is { } id && !IsUuid(id.Value))
        {
            Add(DiagnosticCatalog.RelationTypeIdNotUuid, id.Span, id.Value, label);
        }

        foreach (var (key, why) in new[]
        {
            ("relationTypeId", "give the relation type's id, e.g. 00000000-0000-0000-0000-000000007042 (Column is part of Table)"),
            ("role", "give " + OneOf(ManifestKeys.Roles) + ", the end of the relation the listed assets are"),
            ("target", "name the entry of the listed assets (its 'name' or 'type')"),
            ("column", "name the column that holds the listed assets' names"),
        })
        {
            if (!map.Has(key))
            {
                Missing(map.Node.Span, map.Where, key, why);
            }
        }

        return relation;
    }

    private ManifestValue<int>? Percent(Map map, string label) =>
        Guard(map, "maxMissingPercent", 100, label, "give 0 to 100 (percent of the type's assets), or -1 for the run's deletion guard");

    private ManifestValue<int>? Count(Map map, string label) =>
        Guard(map, "maxMissingCount", int.MaxValue, label, "give 0 or more, or -1 for the run's deletion guard");

    private ManifestValue<int>? Guard(Map map, string key, int max, string label, string rule)
    {
        var value = Int(map, key);
        if (value is not null && value.Value != -1 && (value.Value < 0 || value.Value > max))
        {
            Add(DiagnosticCatalog.InvalidArgument, value.Span, key + ": " + Number(value.Value), label, rule);
        }

        return value;
    }

    private ManifestValue<string>? SyncId(Map map, string key, string what)
    {
        var value = Text(map, key);
        if (value is not null && SyncIdRules.DeclaredProblem(value.Value) is { } problem)
        {
            Add(DiagnosticCatalog.InvalidSyncId, value.Span, what, value.Value, problem);
        }

        return value;
    }

    // --- Values ----------------------------------------------------------------------------------------------------

    private ManifestValue<string>? Text(Map map, string key)
    {
        if (map.Value(key) is not { } node)
        {
            return null;
        }

        if (node.Kind != YamlTreeKind.Scalar || node.IsNull)
        {
            Add(DiagnosticCatalog.ManifestWrongValue, node.Span, map.Prefix + key, "a text", Describe(node));
            return null;
        }

        return new ManifestValue<string>(node.Value, node.Span, map.KeySpan(key));
    }

    private ManifestValue<int>? Int(Map map, string key)
    {
        if (map.Value(key) is not { } node)
        {
            return null;
        }

        if (node.Kind != YamlTreeKind.Scalar || node.Style != ScalarStyle.Plain
            || !int.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Add(DiagnosticCatalog.ManifestWrongValue, node.Span, map.Prefix + key, "a whole number", Describe(node));
            return null;
        }

        return new ManifestValue<int>(value, node.Span, map.KeySpan(key));
    }

    private ManifestValue<T>? Choice<T>(Map map, string key, IReadOnlyList<string> names, T[] values)
    {
        if (Text(map, key) is not { } text)
        {
            return null;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text.Value, StringComparison.Ordinal))
            {
                return new ManifestValue<T>(values[i], text.Span, text.KeySpan);
            }
        }

        var nearest = ClosestNames.Nearest(text.Value, names, 1);
        if (nearest.Count == 0 && text.Value.Length >= 3)
        {
            // A word cut short ("remove" for "remove-resources") is no edit-distance neighbour, but plainly meant.
            nearest = names.Where(n => n.StartsWith(text.Value, StringComparison.OrdinalIgnoreCase)).Take(1).ToList();
        }

        Add(DiagnosticCatalog.ManifestUnknownValue, text.Span, map.Prefix + key, text.Value, OneOf(names), nearest.Count > 0 ? " (" + ClosestNames.DidYouMean(nearest) + ")" : "");
        return null;
    }

    private Map? Mapping(Map parent, string key, IReadOnlyList<string>? keys)
    {
        if (parent.Value(key) is not { } node)
        {
            return null;
        }

        if (node.Kind != YamlTreeKind.Mapping)
        {
            Add(DiagnosticCatalog.ManifestWrongValue, node.Span, parent.Prefix + key, "a mapping (keys with values)", Describe(node));
            return null;
        }

        return new Map(this, node, parent.Prefix + key, parent.Prefix + key + ".", keys);
    }

    private List<Map> Items(Map parent, string key, IReadOnlyList<string> keys)
    {
        var maps = new List<Map>();
        if (parent.Value(key) is not { } node || node.IsNull)
        {
            return maps;
        }

        if (node.Kind != YamlTreeKind.Sequence)
        {
            Add(DiagnosticCatalog.ManifestWrongValue, node.Span, parent.Prefix + key, "a sequence (a list of '- …' items)", Describe(node));
            return maps;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var where = parent.Prefix + key + "[" + Number(i) + "]";
            if (item.Kind != YamlTreeKind.Mapping)
            {
                Add(DiagnosticCatalog.ManifestWrongValue, item.Span, where, "a mapping (keys with values)", Describe(item));
                continue;
            }

            maps.Add(new Map(this, item, where, where + ".", keys));
        }

        return maps;
    }

    internal static string Describe(YamlTreeNode node) => node.Kind switch
    {
        YamlTreeKind.Mapping => "a mapping",
        YamlTreeKind.Sequence => "a sequence",
        _ when node.IsNull => "empty",
        _ => Describe(node.Value, node.Style),
    };

    private static string Describe(string value, ScalarStyle style)
    {
        var shown = value.Length > 40 ? value.Substring(0, 40) + "…" : value;
        return (style is ScalarStyle.Plain ? "'" : "the quoted text '") + shown + "'";
    }

    private static string OneOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];

    private static bool IsUuid(string value) => Guid.TryParseExact(value, "D", out _);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The plan's name in messages before (or without) a <c>name</c>: the file name without <c>.sync.yaml</c>.</summary>
    internal static string PlanNameFromPath(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        foreach (var suffix in new[] { ".sync.yaml", ".sync.yml", ".yaml", ".yml" })
        {
            if (file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && file.Length > suffix.Length)
            {
                return file.Substring(0, file.Length - suffix.Length);
            }
        }

        return file;
    }

    private void Missing(FileSpan at, string where, string key, string why) =>
        Add(DiagnosticCatalog.ManifestMissingKey, new FileSpan(at.Path, at.StartLine, at.StartColumn, at.StartLine, at.StartColumn + 1), where, key, why);

    private void Add(DiagnosticRule rule, FileSpan at, params string[] arguments) => findings.Add(new Finding(rule, at, rule.Severity, arguments));

    /// <summary>One mapping of the format: its keys checked (scalar, known, not repeated) once, then read by name.</summary>
    private sealed class Map
    {
        private readonly Dictionary<string, (YamlTreeNode Key, YamlTreeNode Value)> _entries = new(StringComparer.Ordinal);

        /// <param name="reader">Where findings go.</param>
        /// <param name="node">The mapping.</param>
        /// <param name="where">How messages name it: "the manifest", "types[0].missing".</param>
        /// <param name="prefix">Its keys' path prefix in messages: "", "types[0].missing.".</param>
        /// <param name="keys">The keys it may have, or <see langword="null"/> for free keys (attribute type names).</param>
        public Map(ManifestModelReader reader, YamlTreeNode node, string where, string prefix, IReadOnlyList<string>? keys)
        {
            Node = node;
            Where = where;
            Prefix = prefix;
            foreach (var entry in node.Entries)
            {
                var key = entry.Key;
                if (key.Kind != YamlTreeKind.Scalar || key.IsNull)
                {
                    reader.Add(DiagnosticCatalog.ManifestWrongValue, key.Span, "A key in " + where, "a text", Describe(key));
                    continue;
                }

                if (_entries.TryGetValue(key.Value, out var first))
                {
                    reader.Add(DiagnosticCatalog.ManifestDuplicateKey, key.Span, key.Value, where, Number(first.Key.Span.StartLine));
                    continue;
                }

                if (keys is not null && !keys.Contains(key.Value))
                {
                    var nearest = ClosestNames.Nearest(key.Value, keys, 1);
                    reader.Add(DiagnosticCatalog.ManifestUnknownKey, key.Span, key.Value, where,
                        nearest.Count > 0 ? ClosestNames.DidYouMean(nearest) : "the keys here are " + OneOf(keys));
                    continue;
                }

                _entries.Add(key.Value, (key, entry.Value));
                Keys.Add(key.Value);
            }
        }

        public YamlTreeNode Node { get; }

        public string Where { get; }

        public string Prefix { get; }

        /// <summary>The accepted keys, in order.</summary>
        public List<string> Keys { get; } = [];

        public bool Has(string key) => _entries.ContainsKey(key);

        public YamlTreeNode? Value(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

        public FileSpan? KeySpan(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key.Span : null;
    }
}
