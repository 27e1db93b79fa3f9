using System.Collections.Generic;

namespace CatalogSync.Manifests;

/// <summary>
/// The keys of each mapping of the format, in the order docs/manifest.md lists them: what the reader accepts and
/// suggests from ("did you mean …?"). docs/manifest.schema.json lists the same keys; a test keeps them equal.
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class ManifestKeys
{
    /// <summary>The root mapping.</summary>
    public static IReadOnlyList<string> Root { get; } = ["version", "name", "syncId", "batchSize", "metamodel", "target", "guard", "removedSyncIds", "types"];

    /// <summary><c>target</c>.</summary>
    public static IReadOnlyList<string> Target { get; } = ["community", "domain", "domainType"];

    /// <summary><c>guard</c>.</summary>
    public static IReadOnlyList<string> Guard { get; } = ["maxMissingPercent", "maxMissingCount"];

    /// <summary>An element of <c>removedSyncIds</c>.</summary>
    public static IReadOnlyList<string> RemovedSyncId { get; } = ["syncId", "then", "statusId", "statusName"];

    /// <summary>An element of <c>types</c>.</summary>
    public static IReadOnlyList<string> Type { get; } = ["type", "name", "assetType", "syncId", "community", "domain", "domainType", "movedFrom", "missing", "source", "columns"];

    /// <summary><c>types[].missing</c>.</summary>
    public static IReadOnlyList<string> Missing { get; } = ["policy", "statusId", "statusName", "maxMissingPercent", "maxMissingCount"];

    /// <summary><c>types[].source</c>.</summary>
    public static IReadOnlyList<string> Source { get; } = ["csv", "jsonl", "folder", "delimiter", "encoding"];

    /// <summary><c>types[].columns</c> (<c>attributes</c> maps attribute type names, which are free, to columns).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["name", "displayName", "status", "tags", "domain", "attributes", "relations"];

    /// <summary>An element of <c>types[].columns.relations</c>.</summary>
    public static IReadOnlyList<string> Relation { get; } = ["relationTypeId", "role", "target", "column"];

    /// <summary>The values of <c>missing.policy</c>, in the order of <see cref="ManifestMissingPolicy"/>.</summary>
    public static IReadOnlyList<string> Policies { get; } = ["remove-resources", "change-status", "ignore"];

    /// <summary>The values of <c>removedSyncIds[].then</c>, in the order of <see cref="ManifestRemovedAssets"/>.</summary>
    public static IReadOnlyList<string> RemovedThen { get; } = ["keep", "change-status", "remove"];

    /// <summary>The values of <c>relations[].role</c>, in the order of <see cref="ManifestRelationRole"/>.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["source", "target"];

    /// <summary>The format versions this reader reads.</summary>
    public static IReadOnlyList<int> Versions { get; } = [1];
}
