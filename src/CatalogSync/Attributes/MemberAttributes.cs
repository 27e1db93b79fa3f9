namespace CatalogSync;

/// <summary>
/// The asset's name (Collibra's full name), which identifies it in its domain. Exactly one member of a
/// <see cref="SyncAssetAttribute">[SyncAsset]</see> type carries it; its type is <see cref="string"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetNameAttribute : Attribute
{
}

/// <summary>The asset's display name (a <see cref="string"/>; omitted when <see langword="null"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetDisplayNameAttribute : Attribute
{
}

/// <summary>
/// The name of the asset's status, e.g. <c>Accepted</c> (a <see cref="string"/>; omitted when
/// <see langword="null"/>, then new assets get their type's default status).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class AssetStatusAttribute : Attribute
{
}

/// <summary>The asset's tags: a sequence of <see cref="string"/> (null entries are skipped).</summary>
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
/// <see cref="DateTimeOffset"/>, <see cref="DateTime"/>, <see cref="Guid"/>, enums, their nullable forms,
/// and sequences of these (one attribute value per element) for multi-valued attributes.
/// </summary>
/// <remarks>
/// Values are written as culture-invariant text: <c>42</c>, <c>true</c>, <c>3.5</c>, ISO 8601 dates
/// (<c>2024-01-31T10:00:00.0000000+00:00</c>), enum member names. Null values and empty sequences write nothing.
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

/// <summary>Which end of a relation the <b>listed</b> assets are (Collibra's Import API convention).</summary>
public enum RelationRole
{
    /// <summary>The listed assets are the relation's source (head); this asset is the target.</summary>
    Source = 0,

    /// <summary>The listed assets are the relation's target (tail); this asset is the source.</summary>
    Target = 1,
}

/// <summary>
/// Relates the asset to other synchronized assets, listed by name: the member is a <see cref="string"/> or a
/// sequence of <see cref="string"/> holding the names (the <see cref="AssetNameAttribute">[AssetName]</see>
/// values) of assets of <see cref="TargetType"/>, whose domain and community come from that type's
/// <see cref="SyncAssetAttribute">[SyncAsset]</see>.
/// </summary>
/// <remarks>
/// <see cref="Role"/> is the role of the <b>listed</b> assets: on a table,
/// <c>[Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Column))]</c> lists the columns
/// that are the source of "Column is part of Table". The plan imports <see cref="TargetType"/> before this type.
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
