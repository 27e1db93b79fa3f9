namespace CatalogSync;

/// <summary>
/// The asset's name (Collibra's full name), which identifies it in its domain. Exactly one member of a
/// <see cref="SyncAssetAttribute">[SyncAsset]</see> type carries it; its type is <see cref="string"/>.
/// </summary>
/// <remarks>
/// A name that is not valid UTF-16 (a lone surrogate, such as <c>"a\uD800b"</c>) is an error of the item, reported
/// with the type, the member and the item's position before its batch is sent, and the run finalizes nothing: it is
/// never replaced by U+FFFD, which would make two different names one asset. The same holds for every string the
/// mapper writes (display name, status, per-item domain, text attribute values, tags, relation target names).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetNameAttribute : Attribute
{
}

/// <summary>
/// The asset's display name (a <see cref="string"/>). It follows the source on every send: when the member is
/// <see langword="null"/> the asset's name is written as its display name, which is what Collibra shows for an
/// asset without one and what the embedded catalog reads back for an asset that never had one, so a cleared
/// display name reads back like one never set.
/// </summary>
/// <remarks>
/// Without an <c>[AssetDisplayName]</c> member the display name is never written, and a steward's one stays.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetDisplayNameAttribute : Attribute
{
}

/// <summary>
/// The name of the asset's status, e.g. <c>Accepted</c> (a <see cref="string"/>; omitted when
/// <see langword="null"/>, then new assets get their type's default status and existing ones keep theirs).
/// </summary>
/// <remarks>
/// Unlike the other members, a <see langword="null"/> status leaves the catalog's status alone: statuses are also
/// set by stewards' workflows and by a <see cref="MissingStrategy.ChangeStatus"/> finalization and its restore.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetStatusAttribute : Attribute
{
}

/// <summary>The asset's tags: a sequence of <see cref="string"/> (null entries are skipped).</summary>
/// <remarks>
/// The tags follow the source on every send: they replace the asset's tags, and a <see langword="null"/> or empty
/// sequence (or one of nulls only) is written as <c>"tags": []</c>, which removes them all.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetTagsAttribute : Attribute
{
}

/// <summary>
/// Per-item domain: the member's value (a <see cref="string"/>) is the name of the domain, in the type's
/// community, that this asset lives in. When it is <see langword="null"/> or empty, the type's
/// <see cref="SyncAssetAttribute.Domain"/> applies.
/// </summary>
/// <remarks>
/// Other types cannot declare a <see cref="RelationAttribute">[Relation]</see> to a type with a per-item domain,
/// because a name alone would not say which domain the related asset is in (CSYNC023).
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetDomainAttribute : Attribute
{
}

/// <summary>
/// Maps a member to an attribute of the asset. Supported member types: <see cref="string"/>,
/// <see cref="bool"/>, the integer types, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>,
/// <see cref="DateTimeOffset"/>, <see cref="DateTime"/>, <see cref="DateOnly"/>, <see cref="Guid"/>, enums, their
/// nullable forms, and sequences of these (one attribute value per element) for multi-valued attributes.
/// </summary>
/// <remarks>
/// <para>
/// Values are written as culture-invariant text: <c>42</c>, <c>true</c>, <c>3.5</c>, ISO 8601 dates
/// (<c>2024-01-31T10:00:00.0000000+00:00</c>; a <see cref="DateOnly"/> as midnight UTC of its day,
/// <c>2024-01-31T00:00:00Z</c>, since a catalog stores a date as epoch milliseconds), enum member names; null elements of a sequence are skipped.
/// </para>
/// <para>
/// <b>What the type declares, the source owns.</b> The attribute type is written on every send, so the catalog
/// follows the source: a <see langword="null"/> member, an empty sequence or one of nulls only is written as an
/// empty array (<c>"Description": []</c>). The Import API replaces the values of every attribute type a resource
/// lists with the values given (SET semantics, in Collibra and in the embedded catalog), so an empty array leaves
/// the asset no value of that type: a value removed at the source is removed from the catalog. Attribute types no
/// member declares are never written, so values stewards add by hand for them stay.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class CatalogAttributeAttribute : Attribute
{
    /// <summary>Maps the member to the attribute type <paramref name="attributeType"/>.</summary>
    /// <param name="attributeType">The attribute type's name in the catalog, e.g. <c>Description</c>.</param>
    public CatalogAttributeAttribute(string attributeType) => AttributeType = attributeType;

    /// <summary>The attribute type's name in the catalog.</summary>
    public string AttributeType { get; }
}

/// <summary>
/// Relates the asset to other synchronized assets, listed by name: the member is a <see cref="string"/> or a
/// sequence of <see cref="string"/> holding the names (the <see cref="AssetNameAttribute">[AssetName]</see>
/// values) of assets of <see cref="TargetType"/>, whose domain and community come from that type's
/// <see cref="SyncAssetAttribute">[SyncAsset]</see>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Role"/> is the role of the <b>listed</b> assets: on a table,
/// <c>[Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Column))]</c> lists the columns
/// that are the source of "Column is part of Table". The plan imports <see cref="TargetType"/> before this type.
/// </para>
/// <para>
/// The relation key (<c>typeId:SOURCE</c> or <c>typeId:TARGET</c>) is written on every send, an empty array when the
/// member is <see langword="null"/>, empty or holds only nulls. The runtime sends its batches with
/// <c>relationsAction=REPLACE</c>, so the key's relations become exactly those listed and an empty array removes
/// them all; with <c>RelationsAction.AddOrIgnore</c> in <c>SyncRunOptions.JobOptions</c> relations are only ever
/// added. Relation types and directions no member declares are never written, so relations made by hand stay.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = true)]
public sealed class RelationAttribute : Attribute
{
    /// <summary>Declares the relation.</summary>
    /// <param name="relationTypeId">The relation type's id, a UUID.</param>
    /// <param name="role">Which end of the relation the listed assets are.</param>
    /// <param name="targetType">The <see cref="SyncAssetAttribute">[SyncAsset]</see> type of the listed assets.</param>
    public RelationAttribute(string relationTypeId, RelationRole role, Type targetType)
    {
        RelationTypeId = relationTypeId;
        Role = role;
        TargetType = targetType;
    }

    /// <summary>The relation type's id, a UUID.</summary>
    public string RelationTypeId { get; }

    /// <summary>Which end of the relation the listed assets are.</summary>
    public RelationRole Role { get; }

    /// <summary>The <see cref="SyncAssetAttribute">[SyncAsset]</see> type of the listed assets.</summary>
    public Type TargetType { get; }
}
