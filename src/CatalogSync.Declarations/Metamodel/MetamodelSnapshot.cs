using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CatalogSync.Contract;

// The metamodel snapshot format (docs/metamodel.md, docs/metamodel.schema.json) and its one reader and writer.
// Linked into the source generator (netstandard2.0, no JSON library) and compiled into CatalogSync.Contract, so the
// generator, the CLI, the embedded catalog's seed and the runtime read a snapshot by the same rules.

/// <summary>
/// A catalog's metamodel as a file (<c>catalogsync.metamodel.json</c>): statuses, asset types, domain types,
/// attribute types and relation types, with the ids and names a [SyncAsset] declaration refers to. Written by
/// <c>catalog-sync metamodel pull</c>; the out-of-the-box one ships with CatalogSync. See docs/metamodel.md.
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class MetamodelSnapshot
{
    /// <summary>The format version this reader reads and the writer writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The file name the source generator looks for among the project's <c>AdditionalFiles</c>.</summary>
    public const string FileName = "catalogsync.metamodel.json";

    /// <summary>The attribute kinds, as the file spells them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["String", "Numeric", "Boolean", "Date", "SingleValueList", "MultiValueList"];

    private readonly Dictionary<string, SnapshotStatus> _statusesByName;
    private readonly Dictionary<string, SnapshotStatus> _statusesById;
    private readonly Dictionary<string, SnapshotAssetType> _assetTypesByName;
    private readonly Dictionary<string, SnapshotDomainType> _domainTypesByName;
    private readonly Dictionary<string, SnapshotAttributeType> _attributeTypesByName;
    private readonly Dictionary<string, SnapshotRelationType> _relationTypesById;
    private readonly Dictionary<string, string> _kindsById;

    /// <summary>Creates a snapshot; ids are compared in their lower-case <c>D</c> form, names exactly.</summary>
    /// <param name="source">Where the snapshot came from (free text), or <see langword="null"/>.</param>
    /// <param name="defaultStatus">The name of the status an asset type without its own default gets.</param>
    /// <param name="statuses">The statuses.</param>
    /// <param name="assetTypes">The asset types.</param>
    /// <param name="domainTypes">The domain types.</param>
    /// <param name="attributeTypes">The attribute types.</param>
    /// <param name="relationTypes">The relation types.</param>
    /// <param name="roles">The resource roles (seed data of the embedded catalog; optional).</param>
    /// <param name="communities">The communities a new catalog has (seed data of the embedded catalog; optional).</param>
    public MetamodelSnapshot(
        string? source,
        string? defaultStatus,
        IReadOnlyList<SnapshotStatus> statuses,
        IReadOnlyList<SnapshotAssetType> assetTypes,
        IReadOnlyList<SnapshotDomainType> domainTypes,
        IReadOnlyList<SnapshotAttributeType> attributeTypes,
        IReadOnlyList<SnapshotRelationType> relationTypes,
        IReadOnlyList<SnapshotRole>? roles = null,
        IReadOnlyList<SnapshotCommunity>? communities = null)
    {
        Source = source;
        DefaultStatus = defaultStatus;
        Statuses = statuses;
        AssetTypes = assetTypes;
        DomainTypes = domainTypes;
        AttributeTypes = attributeTypes;
        RelationTypes = relationTypes;
        Roles = roles ?? [];
        Communities = communities ?? [];
        _statusesByName = ByKey(statuses, s => s.Name);
        _statusesById = ByKey(statuses, s => s.Id);
        _assetTypesByName = ByKey(assetTypes, t => t.Name);
        _domainTypesByName = ByKey(domainTypes, t => t.Name);
        _attributeTypesByName = ByKey(attributeTypes, t => t.Name);
        _relationTypesById = ByKey(relationTypes, t => t.Id);
        _kindsById = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in statuses)
        {
            AddKind(s.Id, "the status '" + s.Name + "'");
        }

        foreach (var t in assetTypes)
        {
            AddKind(t.Id, "the asset type '" + t.Name + "'");
        }

        foreach (var t in domainTypes)
        {
            AddKind(t.Id, "the domain type '" + t.Name + "'");
        }

        foreach (var t in attributeTypes)
        {
            AddKind(t.Id, "the attribute type '" + t.Name + "'");
        }

        foreach (var t in relationTypes)
        {
            AddKind(t.Id, "the relation type '" + t.Describe() + "'");
        }
    }

    /// <summary>Where the snapshot came from (free text), if said.</summary>
    public string? Source { get; }

    /// <summary>The name of the status an asset type without its own default status gets, if said.</summary>
    public string? DefaultStatus { get; }

    /// <summary>The statuses.</summary>
    public IReadOnlyList<SnapshotStatus> Statuses { get; }

    /// <summary>The asset types, each naming its parent.</summary>
    public IReadOnlyList<SnapshotAssetType> AssetTypes { get; }

    /// <summary>The domain types.</summary>
    public IReadOnlyList<SnapshotDomainType> DomainTypes { get; }

    /// <summary>The attribute types.</summary>
    public IReadOnlyList<SnapshotAttributeType> AttributeTypes { get; }

    /// <summary>The relation types.</summary>
    public IReadOnlyList<SnapshotRelationType> RelationTypes { get; }

    /// <summary>The resource roles (seed data of the embedded catalog).</summary>
    public IReadOnlyList<SnapshotRole> Roles { get; }

    /// <summary>The communities a new embedded catalog has (seed data).</summary>
    public IReadOnlyList<SnapshotCommunity> Communities { get; }

    /// <summary>The status named <paramref name="name"/> (exactly, as the Import API matches it), or <see langword="null"/>.</summary>
    /// <param name="name">The status name.</param>
    public SnapshotStatus? FindStatus(string name) => Get(_statusesByName, name);

    /// <summary>The status with id <paramref name="id"/>, or <see langword="null"/>.</summary>
    /// <param name="id">The status id, any case.</param>
    public SnapshotStatus? FindStatusById(string id) => Get(_statusesById, NormalizeId(id));

    /// <summary>The asset type named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The asset type name.</param>
    public SnapshotAssetType? FindAssetType(string name) => Get(_assetTypesByName, name);

    /// <summary>The domain type named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The domain type name.</param>
    public SnapshotDomainType? FindDomainType(string name) => Get(_domainTypesByName, name);

    /// <summary>The attribute type named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The attribute type name.</param>
    public SnapshotAttributeType? FindAttributeType(string name) => Get(_attributeTypesByName, name);

    /// <summary>The relation type with id <paramref name="id"/>, or <see langword="null"/>.</summary>
    /// <param name="id">The relation type id, any case.</param>
    public SnapshotRelationType? FindRelationType(string id) => Get(_relationTypesById, NormalizeId(id));

    /// <summary>What else of the metamodel <paramref name="id"/> names ("the status 'Candidate'"), or <see langword="null"/>.</summary>
    /// <param name="id">An id, any case.</param>
    public string? KindOf(string id) => Get(_kindsById, NormalizeId(id));

    /// <summary>Whether asset type <paramref name="assetType"/> is <paramref name="ancestor"/> or one of its sub-types.</summary>
    /// <param name="assetType">The asset type's name.</param>
    /// <param name="ancestor">The name of the type it should be or descend from.</param>
    public bool IsA(string assetType, string ancestor)
    {
        var seen = 0;
        for (var current = FindAssetType(assetType); current is not null && seen++ < 256; current = current.Parent is { } parent ? FindAssetType(parent) : null)
        {
            if (string.Equals(current.Name, ancestor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of the status new (and restored) assets of <paramref name="assetType"/> get.</summary>
    /// <param name="assetType">The asset type's name.</param>
    public string? DefaultStatusOf(string assetType) => FindAssetType(assetType)?.DefaultStatus ?? DefaultStatus;

    /// <summary>
    /// The domain types that hold <paramref name="assetType"/>, from its own assignment or else its nearest parent's;
    /// <see langword="null"/> when the snapshot does not say.
    /// </summary>
    /// <param name="assetType">The asset type's name.</param>
    public IReadOnlyList<string>? DomainTypesOf(string assetType) => Assigned(assetType, t => t.DomainTypes);

    /// <summary>
    /// The attribute types assigned to <paramref name="assetType"/>, from its own assignment or else its nearest
    /// parent's (as Collibra's assignments inherit); <see langword="null"/> when the snapshot does not say.
    /// </summary>
    /// <param name="assetType">The asset type's name.</param>
    public IReadOnlyList<string>? AttributeTypesOf(string assetType) => Assigned(assetType, t => t.AttributeTypes);

    /// <summary>
    /// The ids of the relation types assigned to <paramref name="assetType"/>, from its own assignment or else its
    /// nearest parent's; <see langword="null"/> when the snapshot does not say.
    /// </summary>
    /// <param name="assetType">The asset type's name.</param>
    public IReadOnlyList<string>? RelationTypesOf(string assetType) => Assigned(assetType, t => t.RelationTypes);

    private IReadOnlyList<string>? Assigned(string assetType, Func<SnapshotAssetType, IReadOnlyList<string>?> assignment)
    {
        var seen = 0;
        for (var current = FindAssetType(assetType); current is not null && seen++ < 256; current = current.Parent is { } parent ? FindAssetType(parent) : null)
        {
            if (assignment(current) is { Count: > 0 } assigned)
            {
                return assigned;
            }
        }

        return null;
    }

    /// <summary>An id in the form the snapshot compares: lower-case <c>D</c> format when it is a UUID, else as given.</summary>
    /// <param name="id">An id.</param>
    public static string NormalizeId(string id) => Guid.TryParse(id, out var guid) ? guid.ToString("D") : id;

    /// <summary>Whether <paramref name="kind"/> is a list kind, whose values are one of <see cref="SnapshotAttributeType.AllowedValues"/>.</summary>
    /// <param name="kind">An attribute kind as the file spells it.</param>
    public static bool IsListKind(string kind) => kind is "SingleValueList" or "MultiValueList";

    /// <summary>
    /// The content two catalogs' snapshots can be compared on: curation (<c>doubtful</c>, <c>source</c>), seed data
    /// (roles, communities) and assignments, which Core REST v2's metamodel endpoints do not serve, left out; each
    /// asset type's effective default status written on it; every list sorted by id.
    /// </summary>
    public MetamodelSnapshot Normalized() =>
        new(
            null,
            null,
            Statuses.Select(s => s with { Doubtful = false }).OrderBy(s => s.Id, StringComparer.Ordinal).ToList(),
            AssetTypes.Select(t => t with { Doubtful = false, DefaultStatus = t.DefaultStatus ?? DefaultStatus, DomainTypes = null, AttributeTypes = null, RelationTypes = null })
                .OrderBy(t => t.Id, StringComparer.Ordinal).ToList(),
            DomainTypes.Select(t => t with { Doubtful = false }).OrderBy(t => t.Id, StringComparer.Ordinal).ToList(),
            AttributeTypes.Select(t => t with { Doubtful = false }).OrderBy(t => t.Id, StringComparer.Ordinal).ToList(),
            RelationTypes.Select(t => t with { Doubtful = false }).OrderBy(t => t.Id, StringComparer.Ordinal).ToList());

    /// <summary>Reads a snapshot; throws <see cref="MetamodelSnapshotException"/> with the position of the first mistake.</summary>
    /// <param name="text">The file's text.</param>
    public static MetamodelSnapshot Parse(string text)
    {
        JsonNode root;
        try
        {
            root = MiniJson.Parse(text);
        }
        catch (MiniJsonException e)
        {
            throw new MetamodelSnapshotException(e.Message, e.Position, e.Position);
        }

        return new SnapshotReader().Read(root);
    }

    /// <summary>The snapshot as the file format, one object per line, in the snapshot's order.</summary>
    public string ToJson()
    {
        var w = new StringBuilder();
        w.Append("{\n");
        w.Append("  \"$schema\": \"https://raw.githubusercontent.com/catalogsync/catalogsync/main/docs/metamodel.schema.json\",\n");
        w.Append("  \"version\": ").Append(CurrentVersion.ToString(CultureInfo.InvariantCulture));
        if (Source is not null)
        {
            w.Append(",\n  \"source\": ").Append(Quote(Source));
        }

        if (DefaultStatus is not null)
        {
            w.Append(",\n  \"defaultStatus\": ").Append(Quote(DefaultStatus));
        }

        Section(w, "statuses", Statuses, (o, s) =>
        {
            o.Str("id", s.Id).Str("name", s.Name).OptStr("description", s.Description).Flag("doubtful", s.Doubtful);
        });
        Section(w, "assetTypes", AssetTypes, (o, t) =>
        {
            o.Str("id", t.Id).Str("name", t.Name).NullableStr("parent", t.Parent).OptStr("publicId", t.PublicId).OptStr("defaultStatus", t.DefaultStatus)
                .OptStr("description", t.Description).OptList("domainTypes", t.DomainTypes).OptList("attributeTypes", t.AttributeTypes)
                .OptList("relationTypes", t.RelationTypes).Flag("doubtful", t.Doubtful);
        });
        Section(w, "domainTypes", DomainTypes, (o, t) =>
        {
            o.Str("id", t.Id).Str("name", t.Name).OptStr("parent", t.Parent).OptStr("description", t.Description).Flag("doubtful", t.Doubtful);
        });
        Section(w, "attributeTypes", AttributeTypes, (o, t) =>
        {
            o.Str("id", t.Id).Str("name", t.Name).Str("kind", t.Kind).OptList("allowedValues", t.AllowedValues).OptStr("description", t.Description).Flag("doubtful", t.Doubtful);
        });
        Section(w, "relationTypes", RelationTypes, (o, t) =>
        {
            o.Str("id", t.Id).Str("sourceType", t.SourceType).Str("role", t.Role).Str("coRole", t.CoRole).Str("targetType", t.TargetType)
                .OptStr("description", t.Description).Flag("doubtful", t.Doubtful);
        });
        if (Roles.Count > 0)
        {
            Section(w, "roles", Roles, (o, r) => o.Str("id", r.Id).Str("name", r.Name));
        }

        if (Communities.Count > 0)
        {
            Section(w, "communities", Communities, (o, c) => o.Str("id", c.Id).Str("name", c.Name).OptStr("note", c.Note));
        }

        w.Append("\n}\n");
        return w.ToString();
    }

    private static void Section<T>(StringBuilder w, string name, IReadOnlyList<T> items, Action<ObjectWriter, T> write)
    {
        w.Append(",\n  ").Append(Quote(name)).Append(": [");
        for (var i = 0; i < items.Count; i++)
        {
            var o = new ObjectWriter();
            write(o, items[i]);
            w.Append(i == 0 ? "\n    " : ",\n    ").Append(o.Finish());
        }

        w.Append(items.Count == 0 ? "]" : "\n  ]");
    }

    internal static string Quote(string value)
    {
        var b = new StringBuilder(value.Length + 2);
        b.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    b.Append("\\\"");
                    break;
                case '\\':
                    b.Append("\\\\");
                    break;
                case '\n':
                    b.Append("\\n");
                    break;
                case '\r':
                    b.Append("\\r");
                    break;
                case '\t':
                    b.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.Append('"').ToString();
    }

    private static Dictionary<string, T> ByKey<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (!map.ContainsKey(k))
            {
                map.Add(k, item);
            }
        }

        return map;
    }

    private static T? Get<T>(Dictionary<string, T> map, string key)
        where T : class => map.TryGetValue(key, out var value) ? value : null;

    private void AddKind(string id, string what)
    {
        if (!_kindsById.ContainsKey(id))
        {
            _kindsById.Add(id, what);
        }
    }

    /// <summary>Writes one JSON object on one line, properties in the order given.</summary>
    private sealed class ObjectWriter
    {
        private readonly StringBuilder _b = new("{ ");
        private bool _first = true;

        public ObjectWriter Str(string name, string value) => Raw(name, Quote(value));

        public ObjectWriter OptStr(string name, string? value) => value is null ? this : Str(name, value);

        public ObjectWriter NullableStr(string name, string? value) => Raw(name, value is null ? "null" : Quote(value));

        public ObjectWriter Flag(string name, bool value) => value ? Raw(name, "true") : this;

        public ObjectWriter OptList(string name, IReadOnlyList<string>? values) =>
            values is null ? this : Raw(name, "[" + string.Join(", ", values.Select(Quote)) + "]");

        public string Finish() => _b.Append(" }").ToString();

        private ObjectWriter Raw(string name, string json)
        {
            if (!_first)
            {
                _b.Append(", ");
            }

            _first = false;
            _b.Append(Quote(name)).Append(": ").Append(json);
            return this;
        }
    }

    /// <summary>The rules of the format: what each property may hold, and what must refer to what.</summary>
    private sealed class SnapshotReader
    {
        private static readonly string[] RootProperties = ["$schema", "version", "source", "defaultStatus", "statuses", "assetTypes", "domainTypes", "attributeTypes", "relationTypes", "roles", "communities"];

        public MetamodelSnapshot Read(JsonNode root)
        {
            if (root.Kind != JsonNodeKind.Object)
            {
                throw Error(root, "the snapshot is not a JSON object");
            }

            Known(root, RootProperties, "the snapshot");
            if (root.Get("version") is not { Kind: JsonNodeKind.Number } version)
            {
                throw Error(root, "\"version\" is missing: write \"version\": " + CurrentVersion.ToString(CultureInfo.InvariantCulture));
            }

            if (version.Text != CurrentVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw Error(version, "\"version\" is " + version.Text + ", but this CatalogSync reads version " + CurrentVersion.ToString(CultureInfo.InvariantCulture) + "; pull the snapshot again with this version's 'catalog-sync metamodel pull'");
            }

            var statuses = Items(root, "statuses", ["id", "name", "description", "doubtful"], n => new SnapshotStatus(Id(n), Name(n))
            {
                Description = OptString(n, "description"),
                Doubtful = Bool(n, "doubtful"),
            });
            var assetTypes = Items(root, "assetTypes", ["id", "name", "parent", "publicId", "defaultStatus", "description", "domainTypes", "attributeTypes", "relationTypes", "doubtful"], n =>
            {
                if (n.Get("parent") is not ({ Kind: JsonNodeKind.String } or { Kind: JsonNodeKind.Null }))
                {
                    throw Error(n, "each asset type needs \"parent\": the name of its parent asset type, or null for the root");
                }

                return new SnapshotAssetType(Id(n), Name(n), OptString(n, "parent"))
                {
                    PublicId = OptString(n, "publicId"),
                    DefaultStatus = OptString(n, "defaultStatus"),
                    Description = OptString(n, "description"),
                    DomainTypes = OptStrings(n, "domainTypes"),
                    AttributeTypes = OptStrings(n, "attributeTypes"),
                    RelationTypes = OptStrings(n, "relationTypes")?.Select(NormalizeId).ToList(),
                    Doubtful = Bool(n, "doubtful"),
                };
            });
            var domainTypes = Items(root, "domainTypes", ["id", "name", "parent", "description", "doubtful"], n => new SnapshotDomainType(Id(n), Name(n))
            {
                Parent = OptString(n, "parent"),
                Description = OptString(n, "description"),
                Doubtful = Bool(n, "doubtful"),
            });
            var attributeTypes = Items(root, "attributeTypes", ["id", "name", "kind", "allowedValues", "description", "doubtful"], n =>
            {
                var kind = n.Get("kind");
                if (kind is not { Kind: JsonNodeKind.String } || !Kinds.Contains(kind.Text))
                {
                    throw Error(kind ?? n, "\"kind\" must be one of " + string.Join(", ", Kinds.Select(k => "\"" + k + "\"")));
                }

                var allowed = OptStrings(n, "allowedValues");
                if (allowed is not null && !IsListKind(kind.Text))
                {
                    throw Error(n.Get("allowedValues")!, "\"allowedValues\" is only for the list kinds (SingleValueList, MultiValueList)");
                }

                return new SnapshotAttributeType(Id(n), Name(n), kind.Text)
                {
                    AllowedValues = allowed,
                    Description = OptString(n, "description"),
                    Doubtful = Bool(n, "doubtful"),
                };
            });
            var relationTypes = Items(root, "relationTypes", ["id", "sourceType", "role", "coRole", "targetType", "description", "doubtful"], n =>
                new SnapshotRelationType(Id(n), String(n, "sourceType"), String(n, "role"), String(n, "coRole"), String(n, "targetType"))
                {
                    Description = OptString(n, "description"),
                    Doubtful = Bool(n, "doubtful"),
                });
            var roles = root.Get("roles") is null ? [] : Items(root, "roles", ["id", "name"], n => new SnapshotRole(Id(n), Name(n)));
            var communities = root.Get("communities") is null ? [] : Items(root, "communities", ["id", "name", "note"], n => new SnapshotCommunity(Id(n), Name(n))
            {
                Note = OptString(n, "note"),
            });

            var snapshot = new MetamodelSnapshot(OptString(root, "source"), OptString(root, "defaultStatus"), statuses, assetTypes, domainTypes, attributeTypes, relationTypes, roles, communities);
            CheckReferences(root, snapshot);
            return snapshot;
        }

        private static void CheckReferences(JsonNode root, MetamodelSnapshot snapshot)
        {
            Unique(root, "statuses", "name");
            Unique(root, "statuses", "id");
            Unique(root, "assetTypes", "name");
            Unique(root, "assetTypes", "id");
            Unique(root, "domainTypes", "name");
            Unique(root, "domainTypes", "id");
            Unique(root, "attributeTypes", "name");
            Unique(root, "attributeTypes", "id");
            Unique(root, "relationTypes", "id");
            if (snapshot.DefaultStatus is { } defaultStatus && snapshot.FindStatus(defaultStatus) is null)
            {
                throw Error(root.Get("defaultStatus")!, "\"defaultStatus\" names the status '" + defaultStatus + "', which \"statuses\" does not list");
            }

            var nodes = root.Get("assetTypes")!.Items;
            for (var i = 0; i < snapshot.AssetTypes.Count; i++)
            {
                var type = snapshot.AssetTypes[i];
                var node = nodes[i];
                if (type.Parent is { } parent && snapshot.FindAssetType(parent) is null)
                {
                    throw Error(node.Get("parent")!, "the parent '" + parent + "' of asset type '" + type.Name + "' is not an asset type of the snapshot");
                }

                if (type.DefaultStatus is { } status && snapshot.FindStatus(status) is null)
                {
                    throw Error(node.Get("defaultStatus")!, "the default status '" + status + "' of asset type '" + type.Name + "' is not a status of the snapshot");
                }

                var seen = 0;
                for (var current = type; current.Parent is { } p; current = snapshot.FindAssetType(p)!)
                {
                    if (++seen > snapshot.AssetTypes.Count)
                    {
                        throw Error(node, "asset type '" + type.Name + "' is its own ancestor: the parents form a cycle");
                    }
                }

                foreach (var name in type.DomainTypes ?? [])
                {
                    if (snapshot.FindDomainType(name) is null)
                    {
                        throw Error(node.Get("domainTypes")!, "asset type '" + type.Name + "' is assigned to the domain type '" + name + "', which is not a domain type of the snapshot");
                    }
                }

                foreach (var name in type.AttributeTypes ?? [])
                {
                    if (snapshot.FindAttributeType(name) is null)
                    {
                        throw Error(node.Get("attributeTypes")!, "asset type '" + type.Name + "' is assigned the attribute type '" + name + "', which is not an attribute type of the snapshot");
                    }
                }

                foreach (var id in type.RelationTypes ?? [])
                {
                    if (snapshot.FindRelationType(id) is null)
                    {
                        throw Error(node.Get("relationTypes")!, "asset type '" + type.Name + "' is assigned the relation type '" + id + "', which is not a relation type of the snapshot");
                    }
                }
            }

            var relationNodes = root.Get("relationTypes")!.Items;
            for (var i = 0; i < snapshot.RelationTypes.Count; i++)
            {
                var relation = snapshot.RelationTypes[i];
                foreach (var (property, name) in new[] { ("sourceType", relation.SourceType), ("targetType", relation.TargetType) })
                {
                    if (snapshot.FindAssetType(name) is null)
                    {
                        throw Error(relationNodes[i].Get(property)!, "the " + property + " '" + name + "' of relation type '" + relation.Id + "' is not an asset type of the snapshot");
                    }
                }
            }
        }

        private static void Unique(JsonNode root, string section, string property)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in root.Get(section)!.Items)
            {
                var node = item.Get(property)!;
                var key = property == "id" ? NormalizeId(node.Text) : node.Text;
                if (!seen.Add(key))
                {
                    throw Error(node, "\"" + section + "\" lists " + property + " '" + node.Text + "' twice");
                }
            }
        }

        private static List<T> Items<T>(JsonNode root, string section, string[] properties, Func<JsonNode, T> read)
        {
            if (root.Get(section) is not { Kind: JsonNodeKind.Array } array)
            {
                throw Error(root.Get(section) ?? root, "\"" + section + "\" must be an array (it may be empty)");
            }

            var items = new List<T>();
            foreach (var item in array.Items)
            {
                if (item.Kind != JsonNodeKind.Object)
                {
                    throw Error(item, "each entry of \"" + section + "\" must be an object");
                }

                Known(item, properties, "an entry of \"" + section + "\"");
                items.Add(read(item));
            }

            return items;
        }

        private static void Known(JsonNode node, string[] properties, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (Array.IndexOf(properties, property.Key) < 0)
                {
                    throw Error(property.Value, what + " has the unknown property \"" + property.Key + "\" (known: " + string.Join(", ", properties) + ")");
                }

                if (!seen.Add(property.Key))
                {
                    throw Error(property.Value, what + " has the property \"" + property.Key + "\" twice");
                }
            }
        }

        private static string Id(JsonNode node)
        {
            var id = String(node, "id");
            if (!Guid.TryParseExact(id, "D", out var guid))
            {
                throw Error(node.Get("id")!, "the id '" + id + "' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            }

            return guid.ToString("D");
        }

        private static string Name(JsonNode node)
        {
            var name = String(node, "name");
            if (name.Trim().Length == 0)
            {
                throw Error(node.Get("name")!, "a name must not be empty");
            }

            return name;
        }

        private static string String(JsonNode node, string property) =>
            node.Get(property) is { Kind: JsonNodeKind.String } value
                ? value.Text
                : throw Error(node.Get(property) ?? node, "\"" + property + "\" must be a string");

        private static string? OptString(JsonNode node, string property) => node.Get(property) switch
        {
            null or { Kind: JsonNodeKind.Null } => null,
            { Kind: JsonNodeKind.String } value => value.Text,
            var other => throw Error(other, "\"" + property + "\" must be a string"),
        };

        private static bool Bool(JsonNode node, string property) => node.Get(property) switch
        {
            null or { Kind: JsonNodeKind.False } => false,
            { Kind: JsonNodeKind.True } => true,
            var other => throw Error(other, "\"" + property + "\" must be true or false"),
        };

        private static List<string>? OptStrings(JsonNode node, string property)
        {
            if (node.Get(property) is not { } value)
            {
                return null;
            }

            if (value.Kind != JsonNodeKind.Array || value.Items.Any(i => i.Kind != JsonNodeKind.String))
            {
                throw Error(value, "\"" + property + "\" must be an array of strings");
            }

            return value.Items.Select(i => i.Text).ToList();
        }

        private static MetamodelSnapshotException Error(JsonNode node, string message) => new(message, node.Start, node.End);
    }
}

/// <summary>A status.</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotStatus(string Id, string Name)
{
    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Curation: whether the row rests on a single or inferred source (out-of-the-box snapshot only).</summary>
    public bool Doubtful { get; init; }
}

/// <summary>An asset type.</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
/// <param name="Parent">The parent asset type's name; <see langword="null"/> for the root.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotAssetType(string Id, string Name, string? Parent)
{
    /// <summary>The public id, e.g. <c>BusinessTerm</c>.</summary>
    public string? PublicId { get; init; }

    /// <summary>The name of the status new (and restored) assets get; <see langword="null"/> takes the snapshot's <c>defaultStatus</c>.</summary>
    public string? DefaultStatus { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Assignment: the domain types that hold assets of this type (and its sub-types without their own), if known.</summary>
    public IReadOnlyList<string>? DomainTypes { get; init; }

    /// <summary>Assignment: the attribute types assets of this type carry, if known.</summary>
    public IReadOnlyList<string>? AttributeTypes { get; init; }

    /// <summary>Assignment: the ids of the relation types assets of this type take part in, if known.</summary>
    public IReadOnlyList<string>? RelationTypes { get; init; }

    /// <summary>Curation: whether the row rests on a single or inferred source.</summary>
    public bool Doubtful { get; init; }
}

/// <summary>A domain type.</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotDomainType(string Id, string Name)
{
    /// <summary>The parent domain type's name, if any.</summary>
    public string? Parent { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Curation: whether the row rests on a single or inferred source.</summary>
    public bool Doubtful { get; init; }
}

/// <summary>An attribute type.</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
/// <param name="Kind">The value kind: one of <see cref="MetamodelSnapshot.Kinds"/>.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotAttributeType(string Id, string Name, string Kind)
{
    /// <summary>For the list kinds: the values the attribute may take, if known.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Curation: whether the row rests on a single or inferred source.</summary>
    public bool Doubtful { get; init; }
}

/// <summary>A relation type: "<see cref="SourceType"/> <see cref="Role"/> <see cref="TargetType"/>", read back as <see cref="CoRole"/>.</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="SourceType">The head (source) asset type's name.</param>
/// <param name="Role">The role, read from source to target, e.g. "is part of".</param>
/// <param name="CoRole">The co-role, read from target to source, e.g. "contains".</param>
/// <param name="TargetType">The tail (target) asset type's name.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotRelationType(string Id, string SourceType, string Role, string CoRole, string TargetType)
{
    /// <summary>The description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Curation: whether the row rests on a single or inferred source.</summary>
    public bool Doubtful { get; init; }

    /// <summary>"Column is part of Table".</summary>
    public string Describe() => SourceType + " " + Role + " " + TargetType;
}

/// <summary>A resource role (seed data of the embedded catalog).</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotRole(string Id, string Name);

/// <summary>A community a new embedded catalog has (seed data).</summary>
/// <param name="Id">The id (lower-case UUID).</param>
/// <param name="Name">The name.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed record SnapshotCommunity(string Id, string Name)
{
    /// <summary>A note on where the community and its id come from, if any.</summary>
    public string? Note { get; init; }
}

/// <summary>A snapshot that breaks the format's rules, with the offsets of the mistake in the text.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class MetamodelSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="start">Where the mistake starts (character offset).</param>
    /// <param name="end">Where it ends.</param>
    public MetamodelSnapshotException(string message, int start, int end)
        : base(message)
    {
        Start = start;
        End = end;
    }

    /// <summary>Where the mistake starts (character offset).</summary>
    public int Start { get; }

    /// <summary>Where the mistake ends (character offset).</summary>
    public int End { get; }
}
