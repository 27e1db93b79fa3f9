using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>Turns one resource object of the input into an <see cref="ImportCommand"/>, or an <see cref="InvalidCommand"/> saying what is wrong.</summary>
internal static class ImportCommandParser
{
    private sealed class CommandException(string message) : Exception(message);

    /// <param name="json">The resource's JSON (only read during the call: the document is not kept).</param>
    /// <param name="index">The resource's index in the input.</param>
    /// <param name="offset">Where the resource starts in the file, for messages.</param>
    public static ImportCommand Parse(ReadOnlyMemory<byte> json, int index, long offset = 0) => ParseOrSkip(json, index, offset, skipUnchanged: null);

    /// <summary>
    /// Parses the resource once: its canonical hash first (<see cref="ImportCommandReader.CanonicalHashOf"/>, so that a
    /// resource sent once as JSON and once as CSV is the same), then the command, unless <paramref name="skipUnchanged"/>
    /// says the synchronization ID has that hash already (the resource is then seen and counted unchanged).
    /// </summary>
    /// <param name="json">The resource's JSON (only read during the call: the document is not kept).</param>
    /// <param name="index">The resource's index in the input.</param>
    /// <param name="offset">Where the resource starts in the file, for messages.</param>
    /// <param name="skipUnchanged">Marks a resource with this hash seen, if the ID has it; <see langword="null"/> skips nothing.</param>
    public static ImportCommand ParseOrSkip(ReadOnlyMemory<byte> json, int index, long offset, Func<string, bool>? skipUnchanged)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var hash = ImportCommandReader.CanonicalHashOf(root, json.Span);
        return skipUnchanged is not null && skipUnchanged(hash)
            ? new SkippedCommand { Index = index, Hash = hash, Kind = ImportResourceType.Asset }
            : Parse(root, json, index, offset, hash);
    }

    private static ImportCommand Parse(JsonElement root, ReadOnlyMemory<byte> json, int index, long offset, string hash)
    {
        var kind = ImportResourceType.Asset;
        var identifier = "";
        try
        {
            var resourceType = root.TryGetProperty("resourceType", out var rt) && rt.ValueKind == JsonValueKind.String
                ? rt.GetString()
                : throw new CommandException("The resource has no \"resourceType\": use \"Community\", \"Domain\" or \"Asset\".");
            kind = resourceType switch
            {
                "Community" => ImportResourceType.Community,
                "Domain" => ImportResourceType.Domain,
                "Asset" => ImportResourceType.Asset,
                "Complex Relation" => ImportResourceType.ComplexRelation,
                "Mapping" => ImportResourceType.Mapping,
                _ => throw new CommandException($"Unknown resourceType {InputText.Quote(resourceType)}: use \"Community\", \"Domain\" or \"Asset\"."),
            };
            if (!root.TryGetProperty("identifier", out var idElement) || idElement.ValueKind != JsonValueKind.Object)
            {
                throw new CommandException($"The {resourceType} resource has no \"identifier\" object.");
            }

            return kind switch
            {
                ImportResourceType.Community => ParseCommunity(root, idElement, index, hash, ref identifier),
                ImportResourceType.Domain => ParseDomain(root, idElement, index, hash, ref identifier),
                ImportResourceType.Asset => ParseAsset(root, idElement, index, hash, ref identifier),
                _ => throw new CommandException($"resourceType {InputText.Quote(resourceType)} is not supported by the embedded catalog: it imports Community, Domain and Asset resources."),
            };
        }
        catch (CommandException ex)
        {
            return new InvalidCommand { Index = index, Hash = hash, Kind = kind, Message = ex.Message, Identifier = identifier };
        }
        catch (InvalidOperationException)
        {
            // A string that is syntactically JSON but not text: invalid UTF-8 bytes, or an escape such as \ud800 that is
            // half of a UTF-16 surrogate pair. Only this resource is wrong; the reader goes on with the next one.
            return new InvalidCommand { Index = index, Hash = hash, Kind = kind, Message = DescribeBadText(json.Span, index, offset), Identifier = identifier };
        }
    }

    private static string DescribeBadText(ReadOnlySpan<byte> json, int index, long offset)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                continue;
            }

            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                var what = System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)
                    ? "an escape that is a lone UTF-16 surrogate (such as \\ud800 without its pair)"
                    : "bytes that are not valid UTF-8";
                return $"Resource {index} has a {(reader.TokenType == JsonTokenType.PropertyName ? "property name" : "string")} at byte {offset + reader.TokenStartIndex} of the file with {what}: "
                    + "send UTF-8 text, and escape characters outside the Basic Multilingual Plane as a pair (\\ud83d\\ude00).";
            }
        }

        return $"Resource {index} (from byte {offset} of the file) has a string that is not valid UTF-8 text: send UTF-8 text.";
    }

    private static readonly HashSet<string> CommunityProperties = ["resourceType", "identifier", "name", "description", "parent", "responsibilities", "language", "indexes"];
    private static readonly HashSet<string> DomainProperties = ["resourceType", "identifier", "name", "description", "community", "type", "responsibilities", "indexes"];
    private static readonly HashSet<string> AssetProperties = ["resourceType", "identifier", "name", "displayName", "domain", "type", "status", "attributes", "relations", "responsibilities", "tags", "indexes"];

    private static CommunityCommand ParseCommunity(JsonElement root, JsonElement id, int index, string hash, ref string identifier)
    {
        CheckProperties(root, CommunityProperties, "Community");
        var reference = ParseCommunityRef(id, "identifier");
        identifier = "Community " + reference.ToString()["community ".Length..];
        return new CommunityCommand
        {
            Index = index,
            Hash = hash,
            Identifier = reference,
            NewName = OptionalString(root, "name"),
            Description = OptionalString(root, "description"),
            Parent = root.TryGetProperty("parent", out var parent) && parent.ValueKind != JsonValueKind.Null ? ParseCommunityRef(parent, "parent") : null,
            Responsibilities = ParseResponsibilities(root),
        };
    }

    private static DomainCommand ParseDomain(JsonElement root, JsonElement id, int index, string hash, ref string identifier)
    {
        CheckProperties(root, DomainProperties, "Domain");
        var reference = ParseDomainRef(id, "identifier");
        identifier = "Domain " + reference.ToString()["domain ".Length..];
        return new DomainCommand
        {
            Index = index,
            Hash = hash,
            Identifier = reference,
            NewName = OptionalString(root, "name"),
            Description = OptionalString(root, "description"),
            Community = root.TryGetProperty("community", out var community) && community.ValueKind != JsonValueKind.Null ? ParseCommunityRef(community, "community") : null,
            Type = ParseNameOrId(root, "type"),
            Responsibilities = ParseResponsibilities(root),
        };
    }

    private static AssetCommand ParseAsset(JsonElement root, JsonElement id, int index, string hash, ref string identifier)
    {
        CheckProperties(root, AssetProperties, "Asset");
        var reference = ParseAssetRef(id, "identifier");
        identifier = "Asset " + reference.ToString()["asset ".Length..];
        return new AssetCommand
        {
            Index = index,
            Hash = hash,
            Identifier = reference,
            NewName = OptionalString(root, "name"),
            DisplayName = OptionalString(root, "displayName"),
            Domain = root.TryGetProperty("domain", out var domain) && domain.ValueKind != JsonValueKind.Null ? ParseDomainRef(domain, "domain") : null,
            Type = ParseNameOrId(root, "type"),
            Status = ParseNameOrId(root, "status"),
            Attributes = ParseAttributes(root),
            Relations = ParseRelations(root),
            Tags = ParseTags(root),
            Responsibilities = ParseResponsibilities(root),
        };
    }

    private static void CheckProperties(JsonElement root, HashSet<string> allowed, string kind)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new CommandException($"Unknown property {InputText.QuoteName(property.Name)} in a {kind} resource; allowed: {string.Join(", ", allowed.Where(a => a != "indexes"))}.");
            }
        }
    }

    private static readonly string[] CommunityRefProperties = ["id", "name", "externalSystemId", "externalEntityId"];
    private static readonly string[] DomainRefProperties = ["id", "name", "community", "externalSystemId", "externalEntityId"];
    private static readonly string[] AssetRefProperties = ["id", "name", "domain", "externalSystemId", "externalEntityId"];
    private static readonly string[] NameOrIdProperties = ["id", "name"];

    // Identifiers are closed objects in Collibra's schema (additionalProperties: false), like resources: a misspelt
    // key ("nmae") would otherwise be ignored and the identifier read as incomplete or, worse, as another resource.
    private static void CheckReferenceProperties(JsonElement element, string[] allowed, string where)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw new CommandException($"Unknown property {InputText.QuoteName(property.Name)} in {where}; allowed: {string.Join(", ", allowed.Where(a => !a.StartsWith("external", StringComparison.Ordinal)))}.");
            }
        }
    }

    private static string? OptionalString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CommandException($"\"{name}\" must be a string.");
    }

    private static Guid? OptionalGuid(JsonElement element, string name, string where)
    {
        var text = OptionalString(element, name);
        if (text is null)
        {
            return null;
        }

        return Guid.TryParse(text, out var id)
            ? id
            : throw new CommandException($"\"{name}\" of {where} is {InputText.Quote(text)}, which is not a UUID.");
    }

    private static void RejectExternalIds(JsonElement element, string where)
    {
        if (element.TryGetProperty("externalSystemId", out _) || element.TryGetProperty("externalEntityId", out _))
        {
            throw new CommandException($"The {where} uses externalSystemId/externalEntityId (mappings), which the embedded catalog does not support: identify it by name or id.");
        }
    }

    private static CommunityRef ParseCommunityRef(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException($"The {where} must be an object with \"name\" or \"id\".");
        }

        CheckReferenceProperties(element, CommunityRefProperties, "the community " + where);
        RejectExternalIds(element, where);
        var id = OptionalGuid(element, "id", "the " + where);
        var name = OptionalString(element, "name");
        return id is null && string.IsNullOrEmpty(name)
            ? throw new CommandException($"The community {where} needs a \"name\" or an \"id\".")
            : new CommunityRef(id, name);
    }

    private static DomainRef ParseDomainRef(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException($"The {where} must be an object with \"name\" and \"community\", or \"id\".");
        }

        CheckReferenceProperties(element, DomainRefProperties, "the domain " + where);
        RejectExternalIds(element, where);
        var id = OptionalGuid(element, "id", "the " + where);
        var name = OptionalString(element, "name");
        var community = element.TryGetProperty("community", out var c) && c.ValueKind != JsonValueKind.Null ? ParseCommunityRef(c, where + ".community") : null;
        if (id is null && (string.IsNullOrEmpty(name) || community is null))
        {
            throw new CommandException($"The domain {where} needs \"name\" and \"community\" (with \"name\" or \"id\"), or an \"id\".");
        }

        return new DomainRef(id, name, community);
    }

    private static AssetRef ParseAssetRef(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException($"The asset {where} must be an object with \"name\" and \"domain\", or \"id\".");
        }

        CheckReferenceProperties(element, AssetRefProperties, "the asset " + where);
        RejectExternalIds(element, where);
        var id = OptionalGuid(element, "id", "the " + where);
        var name = OptionalString(element, "name");
        var domain = element.TryGetProperty("domain", out var d) && d.ValueKind != JsonValueKind.Null ? ParseDomainRef(d, where + ".domain") : null;
        if (id is null && (string.IsNullOrEmpty(name) || domain is null))
        {
            throw new CommandException($"The asset {where} needs \"name\" and \"domain\" (with \"name\" and \"community\"), or an \"id\".");
        }

        return new AssetRef(id, name, domain);
    }

    private static NameOrId? ParseNameOrId(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException($"\"{name}\" must be an object with \"name\" or \"id\".");
        }

        CheckReferenceProperties(element, NameOrIdProperties, $"\"{name}\"");

        var value = new NameOrId(OptionalGuid(element, "id", $"\"{name}\""), OptionalString(element, "name"));
        return value.IsEmpty ? throw new CommandException($"\"{name}\" needs a \"name\" or an \"id\".") : value;
    }

    private static List<KeyValuePair<string, IReadOnlyList<string>>>? ParseAttributes(JsonElement root)
    {
        if (!root.TryGetProperty("attributes", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException("\"attributes\" must be an object: { \"Attribute type name\": [ { \"value\": \"…\" } ] }.");
        }

        var result = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new CommandException($"Attribute {InputText.QuoteName(property.Name)} must be an array of {{ \"value\": \"…\" }} objects.");
            }

            var values = new List<string>();
            foreach (var item in property.Value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new CommandException($"Attribute {InputText.QuoteName(property.Name)} must be an array of {{ \"value\": \"…\" }} objects.");
                }

                if (item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
                {
                    values.Add(ScalarText(v, property.Name));
                }

                if (item.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Array)
                {
                    values.AddRange(vs.EnumerateArray().Select(x => ScalarText(x, property.Name)));
                }
            }

            result.Add(new(property.Name, values));
        }

        return result;
    }

    private static string ScalarText(JsonElement value, string attribute) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new CommandException($"A value of attribute \"{attribute}\" is {value.ValueKind}; values are strings."),
    };

    private static List<RelationGroup>? ParseRelations(JsonElement root)
    {
        if (!root.TryGetProperty("relations", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException("\"relations\" must be an object: { \"<relationTypeId>:SOURCE\": [ <asset identifier> ] }.");
        }

        var result = new List<RelationGroup>();
        foreach (var property in element.EnumerateObject())
        {
            var separator = property.Name.LastIndexOf(':');
            var direction = separator < 0 ? "" : property.Name[(separator + 1)..];
            if (separator < 0
                || !Guid.TryParse(property.Name.AsSpan(0, separator), out var typeId)
                || !(direction.Equals("SOURCE", StringComparison.OrdinalIgnoreCase) || direction.Equals("TARGET", StringComparison.OrdinalIgnoreCase)))
            {
                throw new CommandException($"Relation key {InputText.QuoteName(property.Name)} must be \"<relation type UUID>:SOURCE\" or \"<relation type UUID>:TARGET\".");
            }

            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new CommandException($"Relation {InputText.QuoteName(property.Name)} must be an array of asset identifiers.");
            }

            var assets = property.Value.EnumerateArray().Select(a => ParseAssetRef(a, $"relation {InputText.QuoteName(property.Name)} target")).ToList();
            result.Add(new RelationGroup(property.Name, typeId, direction.Equals("SOURCE", StringComparison.OrdinalIgnoreCase), assets));
        }

        return result;
    }

    private static List<string>? ParseTags(JsonElement root)
    {
        if (!root.TryGetProperty("tags", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw new CommandException("\"tags\" must be an array of strings.");
        }

        return element.EnumerateArray().Select(t => t.GetString()!).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, IReadOnlyList<OwnerRef>>? ParseResponsibilities(JsonElement root)
    {
        if (!root.TryGetProperty("responsibilities", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CommandException("\"responsibilities\" must be an object: { \"<role name or id>\": [ { \"user\": { \"id\": \"…\" } } ] }.");
        }

        var result = new Dictionary<string, IReadOnlyList<OwnerRef>>(StringComparer.Ordinal);
        foreach (var role in element.EnumerateObject())
        {
            if (role.Value.ValueKind != JsonValueKind.Array)
            {
                throw new CommandException($"Responsibility {InputText.QuoteName(role.Name)} must be an array of owners.");
            }

            var owners = new List<OwnerRef>();
            foreach (var owner in role.Value.EnumerateArray())
            {
                if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
                {
                    owners.Add(new OwnerRef("user", OptionalString(user, "id") ?? OptionalString(user, "userName") ?? throw new CommandException($"A user of responsibility {InputText.QuoteName(role.Name)} needs an \"id\" or a \"userName\".")));
                }
                else if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("userGroup", out var group) && group.ValueKind == JsonValueKind.Object)
                {
                    owners.Add(new OwnerRef("userGroup", OptionalString(group, "id") ?? OptionalString(group, "name") ?? throw new CommandException($"A user group of responsibility {InputText.QuoteName(role.Name)} needs an \"id\" or a \"name\".")));
                }
                else
                {
                    throw new CommandException($"An owner of responsibility {InputText.QuoteName(role.Name)} must be {{ \"user\": {{…}} }} or {{ \"userGroup\": {{…}} }}.");
                }
            }

            result[role.Name] = owners;
        }

        return result;
    }
}
