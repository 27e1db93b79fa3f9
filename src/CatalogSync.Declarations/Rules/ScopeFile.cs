using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using CatalogSync.Contract;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;

namespace CatalogSync.Declarations.Rules;

/// <summary>One type recorded in the scope file: which synchronization ID carries it, and in which plan.</summary>
internal sealed record ScopeEntry(string SyncId, string Plan, string AssetType, string Community, string? Domain, LocationInfo? Location)
{
    /// <summary>What identifies the assets in the catalog: a change of any part is a different scope.</summary>
    public string Identity => ScopeFile.Identity(AssetType, Community, Domain);
}

/// <summary>The project's scope file, parsed: its entries, or why it cannot be read.</summary>
internal sealed record ScopeFileModel(string FileName, EquatableArray<ScopeEntry> Entries, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsValid => Diagnostics.IsEmpty;
}

/// <summary>
/// Reads <c>catalogsync.scopes.json</c> (an <c>AdditionalFiles</c> item; written by <c>catalog-sync scopes update</c>).
/// Read with <see cref="MiniJson"/>: the generator runs on netstandard2.0 inside the compiler and carries no JSON
/// library, and every mistake needs a line and column in the file.
/// </summary>
internal static class ScopeFile
{
    public const string FileName = "catalogsync.scopes.json";

    public static bool IsScopeFile(string path) =>
        string.Equals(Path.GetFileName(path), FileName, StringComparison.OrdinalIgnoreCase);

    public static string Identity(string assetType, string community, string? domain) =>
        assetType + "\u001f" + community + "\u001f" + (domain ?? "\u0000per-item");

    public static ScopeFileModel Parse(string path, string? text, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var entries = new List<ScopeEntry>();
        if (text is null)
        {
            return Invalid(path, name, null, "the file cannot be opened");
        }

        var content = text;
        JsonNode root;
        try
        {
            root = MiniJson.Parse(content);
        }
        catch (MiniJsonException e)
        {
            return Invalid(path, name, LocationInfo.InText(path, text, e.Position, e.Position), e.Message);
        }

        if (root.Kind != JsonNodeKind.Object)
        {
            return Invalid(path, name, Locate(path, text, root), "it is not a JSON object");
        }

        if (root.Get("version") is not { Kind: JsonNodeKind.Number, Text: "1" })
        {
            return Invalid(path, name, Locate(path, text, root.Get("version") ?? root), "\"version\" must be 1");
        }

        if (root.Get("syncIds") is not { Kind: JsonNodeKind.Array } ids)
        {
            return Invalid(path, name, Locate(path, text, root), "it has no \"syncIds\" array");
        }

        foreach (var id in ids.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var syncId = id.Get("syncId");
            if (id.Kind != JsonNodeKind.Object || syncId is not { Kind: JsonNodeKind.String } || id.Get("types") is not { Kind: JsonNodeKind.Array } types)
            {
                return Invalid(path, name, Locate(path, text, id), "each entry of \"syncIds\" needs a string \"syncId\" and a \"types\" array");
            }

            var plan = id.Get("plan") is { Kind: JsonNodeKind.String } p ? p.Text : "";
            foreach (var type in types.Items)
            {
                var assetType = type.Get("assetType");
                var community = type.Get("community");
                var domain = type.Get("domain");
                if (type.Kind != JsonNodeKind.Object || assetType is not { Kind: JsonNodeKind.String } || community is not { Kind: JsonNodeKind.String }
                    || domain is not ({ Kind: JsonNodeKind.String } or { Kind: JsonNodeKind.Null } or null))
                {
                    return Invalid(path, name, Locate(path, text, type), "each type needs string \"assetType\" and \"community\" values, and \"domain\" a string or null (per-item domains)");
                }

                entries.Add(new ScopeEntry(syncId.Text, plan, assetType.Text, community.Text, domain is { Kind: JsonNodeKind.String } ? domain.Text : null, Locate(path, text, type)));
            }
        }

        return new ScopeFileModel(name, entries.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static ScopeFileModel Invalid(string path, string name, LocationInfo? location, string problem) =>
        new(name, EquatableArray<ScopeEntry>.Empty, new[] { DiagnosticInfo.Create(DiagnosticCatalog.InvalidScopeFile, location ?? LocationInfo.File(path), name, problem) }.ToEquatableArray());

    private static LocationInfo Locate(string path, string text, JsonNode node) => LocationInfo.InText(path, text, node.Start, node.End);
}
