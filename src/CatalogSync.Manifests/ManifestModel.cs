using System.Collections.Generic;
using CatalogSync.Declarations.Diagnostics;

namespace CatalogSync.Manifests;

// The manifest as read: one logical synchronization (docs/manifest.md). Every key maps 1:1 to an attribute property
// ([SyncPlan], [SyncAsset], [MissingPolicy], [RemovedSyncId] and the member attributes); every value keeps where it was
// written, so that a later rule (the binder, the metamodel checks) points at the exact YAML line and column. A value
// that is absent from the manifest is null; defaults are the binder's, as for the attributes. The reader builds these
// objects; callers only read them.

/// <summary>One scalar value of the manifest with where it was written.</summary>
/// <typeparam name="T">The value's type: <see cref="string"/>, <see cref="int"/> or one of the manifest's enums.</typeparam>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestValue<T>
{
    internal ManifestValue(T value, FileSpan span, FileSpan? keySpan)
    {
        Value = value;
        Span = span;
        KeySpan = keySpan;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>Where the value is written (for a quoted scalar, the quotes included).</summary>
    public FileSpan Span { get; }

    /// <summary>Where its key is written, or <see langword="null"/> for an element of a sequence.</summary>
    public FileSpan? KeySpan { get; }

    /// <inheritdoc/>
    public override string ToString() => Value?.ToString() ?? "";
}

/// <summary>A manifest: one logical synchronization, as a <c>[SyncPlan]</c> class declares one.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestDocument
{
    internal ManifestDocument(string path, FileSpan span) => (Path, Span) = (path, span);

    /// <summary>The manifest's path, as given to the reader (findings print it).</summary>
    public string Path { get; }

    /// <summary>The root mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>version</c>: the format's version, 1 (required).</summary>
    public ManifestValue<int>? Version { get; internal set; }

    /// <summary><c>name</c>: the plan's name, <c>[SyncPlan(Name = …)]</c>; it prefixes the derived synchronization IDs.</summary>
    public ManifestValue<string>? Name { get; internal set; }

    /// <summary><c>syncId</c>: the synchronization ID of every type that gives none of its own, <c>[SyncAsset(SyncId = …)]</c>.</summary>
    public ManifestValue<string>? SyncId { get; internal set; }

    /// <summary><c>batchSize</c>: <c>[SyncPlan(BatchSize = …)]</c>, 3 to 50 000.</summary>
    public ManifestValue<int>? BatchSize { get; internal set; }

    /// <summary><c>metamodel</c>: the metamodel snapshot to check against, relative to the manifest's folder (<see cref="ResolvePath"/>).</summary>
    public ManifestValue<string>? Metamodel { get; internal set; }

    /// <summary><c>target</c>: the community, domain and domain type of every type that gives none of its own.</summary>
    public ManifestTarget? Target { get; internal set; }

    /// <summary><c>guard</c>: the run-level deletion guard.</summary>
    public ManifestGuard? Guard { get; internal set; }

    /// <summary><c>removedSyncIds</c>: the plan's <c>[RemovedSyncId]</c> declarations, in order.</summary>
    public IReadOnlyList<ManifestRemovedSyncId> RemovedSyncIds { get; internal set; } = [];

    /// <summary><c>types</c>: the plan's types, in order (the order of <c>[SyncPlan(typeof(…), …)]</c>).</summary>
    public IReadOnlyList<ManifestType> Types { get; internal set; } = [];

    /// <summary>
    /// <paramref name="relativePath"/> (a <c>metamodel</c> or <c>source</c> path as written) resolved against the
    /// manifest's folder; a rooted path is returned as it is. Only path text is combined: nothing is read.
    /// </summary>
    /// <param name="relativePath">The path as written in the manifest.</param>
    public string ResolvePath(string relativePath)
    {
        var portable = relativePath.Replace('\\', '/');
        if (System.IO.Path.IsPathRooted(portable) || portable.StartsWith("/", System.StringComparison.Ordinal))
        {
            return relativePath;
        }

        var folder = System.IO.Path.GetDirectoryName(Path);
        return string.IsNullOrEmpty(folder) ? portable : System.IO.Path.Combine(folder, portable);
    }
}

/// <summary><c>target</c> (or a type's own keys): where the assets live, as <c>[SyncAsset(Community, Domain, DomainType)]</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestTarget
{
    internal ManifestTarget(FileSpan span) => Span = span;

    /// <summary>The mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>community</c>: <c>[SyncAsset(Community = …)]</c>.</summary>
    public ManifestValue<string>? Community { get; internal set; }

    /// <summary><c>domain</c>: <c>[SyncAsset(Domain = …)]</c>.</summary>
    public ManifestValue<string>? Domain { get; internal set; }

    /// <summary><c>domainType</c>: <c>[SyncAsset(DomainType = …)]</c>.</summary>
    public ManifestValue<string>? DomainType { get; internal set; }
}

/// <summary><c>guard</c>: the run-level deletion guard (the run's <c>DeletionGuard</c> option).</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestGuard
{
    internal ManifestGuard(FileSpan span) => Span = span;

    /// <summary>The mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>maxMissingPercent</c>: 0 to 100, or -1 for none.</summary>
    public ManifestValue<int>? MaxMissingPercent { get; internal set; }

    /// <summary><c>maxMissingCount</c>: 0 or more, or -1 for none.</summary>
    public ManifestValue<int>? MaxMissingCount { get; internal set; }
}

/// <summary>One element of <c>removedSyncIds</c>: <c>[RemovedSyncId(syncId, Then, StatusId, StatusName)]</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestRemovedSyncId
{
    internal ManifestRemovedSyncId(FileSpan span) => Span = span;

    /// <summary>The element's mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>syncId</c>: the ID the plan no longer uses (required).</summary>
    public ManifestValue<string>? SyncId { get; internal set; }

    /// <summary><c>then</c>: <c>keep</c> (the default), <c>change-status</c> or <c>remove</c>.</summary>
    public ManifestValue<ManifestRemovedAssets>? Then { get; internal set; }

    /// <summary><c>statusId</c>: with <c>change-status</c>, the status id (a UUID).</summary>
    public ManifestValue<string>? StatusId { get; internal set; }

    /// <summary><c>statusName</c>: with <c>change-status</c>, the status name.</summary>
    public ManifestValue<string>? StatusName { get; internal set; }
}

/// <summary>
/// One element of <c>types</c>: a C# <c>[SyncAsset]</c> type it completes or overrides (<see cref="Type"/>), or a
/// type declared by the manifest alone (no <see cref="Type"/>: then <see cref="Name"/>, <see cref="AssetType"/>, a
/// community and domain, <see cref="Source"/> and <see cref="Columns"/> with a <c>name</c> column are required).
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestType
{
    internal ManifestType(int index, FileSpan span) => (Index, Span) = (index, span);

    /// <summary>The element's position in <c>types</c>, from 0.</summary>
    public int Index { get; }

    /// <summary>The element's mapping.</summary>
    public FileSpan Span { get; }

    /// <summary>How messages name the entry: its <c>type</c>, else its <c>name</c>, else <c>types[i]</c>.</summary>
    public string Label => Type?.Value ?? Name?.Value ?? "types[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary><c>type</c>: the C# <c>[SyncAsset]</c> type, by full or short name.</summary>
    public ManifestValue<string>? Type { get; internal set; }

    /// <summary><c>name</c>: the entry's own name, which relations' <c>target</c> refer to.</summary>
    public ManifestValue<string>? Name { get; internal set; }

    /// <summary><c>assetType</c>: <c>[SyncAsset(AssetType = …)]</c>.</summary>
    public ManifestValue<string>? AssetType { get; internal set; }

    /// <summary><c>syncId</c>: <c>[SyncAsset(SyncId = …)]</c>.</summary>
    public ManifestValue<string>? SyncId { get; internal set; }

    /// <summary><c>community</c>: <c>[SyncAsset(Community = …)]</c>; default the manifest's <c>target.community</c>.</summary>
    public ManifestValue<string>? Community { get; internal set; }

    /// <summary><c>domain</c>: <c>[SyncAsset(Domain = …)]</c>; default the manifest's <c>target.domain</c>.</summary>
    public ManifestValue<string>? Domain { get; internal set; }

    /// <summary><c>domainType</c>: <c>[SyncAsset(DomainType = …)]</c>; default the manifest's <c>target.domainType</c>.</summary>
    public ManifestValue<string>? DomainType { get; internal set; }

    /// <summary><c>movedFrom</c>: <c>[SyncAsset(MovedFrom = …)]</c>.</summary>
    public ManifestValue<string>? MovedFrom { get; internal set; }

    /// <summary><c>missing</c>: <c>[MissingPolicy]</c>.</summary>
    public ManifestMissing? Missing { get; internal set; }

    /// <summary><c>source</c>: the no-code source of the items.</summary>
    public ManifestSource? Source { get; internal set; }

    /// <summary><c>columns</c>: the column of each member role, as the member attributes.</summary>
    public ManifestColumns? Columns { get; internal set; }
}

/// <summary><c>missing</c>: <c>[MissingPolicy(Strategy, StatusId, StatusName, MaxMissingPercent, MaxMissingCount)]</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestMissing
{
    internal ManifestMissing(FileSpan span) => Span = span;

    /// <summary>The mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>policy</c>: <c>remove-resources</c>, <c>change-status</c> or <c>ignore</c> (required).</summary>
    public ManifestValue<ManifestMissingPolicy>? Policy { get; internal set; }

    /// <summary><c>statusId</c>: with <c>change-status</c>, the status id (a UUID).</summary>
    public ManifestValue<string>? StatusId { get; internal set; }

    /// <summary><c>statusName</c>: with <c>change-status</c>, the status name.</summary>
    public ManifestValue<string>? StatusName { get; internal set; }

    /// <summary><c>maxMissingPercent</c>: 0 to 100, or -1 for the run's guard.</summary>
    public ManifestValue<int>? MaxMissingPercent { get; internal set; }

    /// <summary><c>maxMissingCount</c>: 0 or more, or -1 for the run's guard.</summary>
    public ManifestValue<int>? MaxMissingCount { get; internal set; }
}

/// <summary><c>source</c>: where a no-code type's items come from; exactly one of <c>csv</c>, <c>jsonl</c>, <c>folder</c>.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestSource
{
    internal ManifestSource(FileSpan span, ManifestSourceKind kind, ManifestValue<string> path) => (Span, Kind, Path) = (span, kind, path);

    /// <summary>The mapping.</summary>
    public FileSpan Span { get; }

    /// <summary>Which of <c>csv</c>, <c>jsonl</c> and <c>folder</c> was given.</summary>
    public ManifestSourceKind Kind { get; }

    /// <summary>Its path as written, relative to the manifest's folder (<see cref="ManifestDocument.ResolvePath"/>).</summary>
    public ManifestValue<string> Path { get; }

    /// <summary><c>delimiter</c>: the CSV field delimiter, one character; default <c>,</c>.</summary>
    public ManifestValue<string>? Delimiter { get; internal set; }

    /// <summary><c>encoding</c>: the files' text encoding; default <c>utf-8</c>.</summary>
    public ManifestValue<string>? Encoding { get; internal set; }
}

/// <summary><c>columns</c>: which column (CSV header, JSON Lines property) holds each part of an asset.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestColumns
{
    internal ManifestColumns(FileSpan span) => Span = span;

    /// <summary>The mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>name</c>: <c>[AssetName]</c>.</summary>
    public ManifestValue<string>? Name { get; internal set; }

    /// <summary><c>displayName</c>: <c>[AssetDisplayName]</c>.</summary>
    public ManifestValue<string>? DisplayName { get; internal set; }

    /// <summary><c>status</c>: <c>[AssetStatus]</c>.</summary>
    public ManifestValue<string>? Status { get; internal set; }

    /// <summary><c>tags</c>: <c>[AssetTags]</c>.</summary>
    public ManifestValue<string>? Tags { get; internal set; }

    /// <summary><c>domain</c>: <c>[AssetDomain]</c>, the per-item domain.</summary>
    public ManifestValue<string>? Domain { get; internal set; }

    /// <summary><c>attributes</c>: <c>[CatalogAttribute("…")]</c>, attribute type to column, in order.</summary>
    public IReadOnlyList<ManifestAttributeColumn> Attributes { get; internal set; } = [];

    /// <summary><c>relations</c>: <c>[Relation(…)]</c>, in order.</summary>
    public IReadOnlyList<ManifestRelationColumn> Relations { get; internal set; } = [];
}

/// <summary>One entry of <c>columns.attributes</c>: <c>[CatalogAttribute(attributeType)]</c> on the column.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestAttributeColumn
{
    internal ManifestAttributeColumn(ManifestValue<string> attributeType, ManifestValue<string> column) => (AttributeType, Column) = (attributeType, column);

    /// <summary>The attribute type's name in the catalog (the key; its <see cref="ManifestValue{T}.Span"/> is the key's).</summary>
    public ManifestValue<string> AttributeType { get; }

    /// <summary>The column that holds its values.</summary>
    public ManifestValue<string> Column { get; }
}

/// <summary>One element of <c>columns.relations</c>: <c>[Relation(relationTypeId, role, typeof(target))]</c> on the column.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestRelationColumn
{
    internal ManifestRelationColumn(FileSpan span) => Span = span;

    /// <summary>The element's mapping.</summary>
    public FileSpan Span { get; }

    /// <summary><c>relationTypeId</c>: the relation type's id, a UUID (required).</summary>
    public ManifestValue<string>? RelationTypeId { get; internal set; }

    /// <summary><c>role</c>: <c>source</c> or <c>target</c>, the end the listed assets are (required).</summary>
    public ManifestValue<ManifestRelationRole>? Role { get; internal set; }

    /// <summary><c>target</c>: the listed assets' entry, by its <c>name</c> or <c>type</c> (required).</summary>
    public ManifestValue<string>? Target { get; internal set; }

    /// <summary><c>column</c>: the column that holds the listed assets' names (required).</summary>
    public ManifestValue<string>? Column { get; internal set; }
}
