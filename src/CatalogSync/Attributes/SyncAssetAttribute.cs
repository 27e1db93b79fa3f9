namespace CatalogSync;

/// <summary>
/// Declares that each object of this class, record or struct is one catalog asset. The source generator emits a
/// mapper that writes it as an Import API v2 asset resource, and a <see cref="SyncPlanAttribute">[SyncPlan]</see>
/// that lists the type synchronizes it.
/// </summary>
/// <remarks>
/// Exactly one member must carry <see cref="AssetNameAttribute">[AssetName]</see>. Add
/// <see cref="MissingPolicyAttribute">[MissingPolicy]</see> to say what happens to assets that disappear.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class SyncAssetAttribute : Attribute
{
    /// <summary>The asset type's name in the catalog, e.g. <c>Table</c> or <c>Business Term</c>. Required.</summary>
    public string AssetType { get; set; } = "";

    /// <summary>The name of the community that holds the domain. Required.</summary>
    public string Community { get; set; } = "";

    /// <summary>
    /// The name of the domain the assets live in. Required unless a member carries
    /// <see cref="AssetDomainAttribute">[AssetDomain]</see>; then it is the domain of items whose member is
    /// <see langword="null"/> or empty.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>
    /// The domain's type, used when the domain is created. Default: the domain type the metamodel snapshot assigns the
    /// asset type to (Glossary for a Business Term; see docs/metamodel.md), else <c>Physical Data Dictionary</c>.
    /// </summary>
    public string? DomainType { get; set; }

    /// <summary>
    /// The synchronization ID (1–50 characters from <c>A-Z a-z 0-9 . _ -</c>). When omitted, one is derived from
    /// what identifies the assets in the catalog and nothing else: the asset type, the community and the domain (and
    /// the plan's <see cref="SyncPlanAttribute.Name"/> when one is set), e.g. <c>table-tables-3f9a01c2</c>. Changing
    /// the missing policy, a status or a class name never moves a type to another ID; pin the ID here to choose it.
    /// </summary>
    public string? SyncId { get; set; }

    /// <summary>
    /// Declares that the type's assets were synchronized under another synchronization ID until now (a changed
    /// <see cref="SyncId"/>, or an ID that an earlier version derived from the plan name and the policy). The run carries the move out
    /// safely: the new ID takes the assets over where they are (same ids, curated attributes, tags and comments), the
    /// old ID is never finalized again and is forgotten once the new ID has finalized. The old ID must not be used
    /// by any type of the plan any more. Keep the declaration until every catalog the plan runs against has run it.
    /// </summary>
    public string? MovedFrom { get; set; }
}
