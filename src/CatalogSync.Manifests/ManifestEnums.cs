namespace CatalogSync.Manifests;

// The manifest's enums have the members (names and values) of the attribute surface's MissingStrategy, RemovedAssets
// and RelationRole (src/CatalogSync/Attributes), so that a binder maps them by name or value; ManifestReaderTests
// checks that they stay equal. They are the manifest's own because this library cannot depend on the runtime.

/// <summary>What finalization does with missing assets: <c>missing.policy</c>, as <c>[MissingPolicy(MissingStrategy …)]</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum ManifestMissingPolicy
{
    /// <summary><c>remove-resources</c>: delete them (<c>MissingStrategy.RemoveResources</c>).</summary>
    RemoveResources = 0,

    /// <summary><c>change-status</c>: give them a status (<c>MissingStrategy.ChangeStatus</c>).</summary>
    ChangeStatus = 1,

    /// <summary><c>ignore</c>: leave them (<c>MissingStrategy.Ignore</c>).</summary>
    Ignore = 2,
}

/// <summary>What becomes of a removed ID's assets: <c>removedSyncIds[].then</c>, as <c>[RemovedSyncId(Then = RemovedAssets …)]</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum ManifestRemovedAssets
{
    /// <summary><c>keep</c>: forget the ID, leave the assets (<c>RemovedAssets.Keep</c>).</summary>
    Keep = 0,

    /// <summary><c>change-status</c>: a last status change, then forget the ID (<c>RemovedAssets.ChangeStatus</c>).</summary>
    ChangeStatus = 1,

    /// <summary><c>remove</c>: a last removal, then forget the ID (<c>RemovedAssets.Remove</c>).</summary>
    Remove = 2,
}

/// <summary>Which end of the relation the listed assets are: <c>relations[].role</c>, as <c>RelationRole</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum ManifestRelationRole
{
    /// <summary><c>source</c>: the listed assets are the relation's source (head) (<c>RelationRole.Source</c>).</summary>
    Source = 0,

    /// <summary><c>target</c>: the listed assets are the relation's target (tail) (<c>RelationRole.Target</c>).</summary>
    Target = 1,
}

/// <summary>The kind of a no-code source: the key that names its path.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum ManifestSourceKind
{
    /// <summary><c>csv</c>: one CSV file with a header row.</summary>
    Csv = 0,

    /// <summary><c>jsonl</c>: one JSON Lines file, one object per line.</summary>
    JsonLines = 1,

    /// <summary><c>folder</c>: a folder of <c>*.csv</c> and <c>*.jsonl</c> files, read in ordinal order of their names.</summary>
    Folder = 2,
}
