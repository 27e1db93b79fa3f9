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

    /// <summary>The domain's type, used when the domain is created; default <c>Physical Data Dictionary</c>.</summary>
    public string? DomainType { get; set; }

    /// <summary>
    /// The synchronization ID (1–50 characters from <c>A-Z a-z 0-9 . _ -</c>). When omitted, the plan derives
    /// one from its name and the missing policy, e.g. <c>warehouse-change-status-000000005066</c>.
    /// </summary>
    public string? SyncId { get; set; }
}
