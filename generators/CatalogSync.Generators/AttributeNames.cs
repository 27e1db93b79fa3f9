namespace CatalogSync.Generators;

/// <summary>The runtime's attribute names the generator looks for.</summary>
internal static class AttributeNames
{
    public const string SyncAsset = "CatalogSync.SyncAssetAttribute";
    public const string MissingPolicy = "CatalogSync.MissingPolicyAttribute";
    public const string SyncPlan = "CatalogSync.SyncPlanAttribute";
    public const string RemovedSyncId = "CatalogSync.RemovedSyncIdAttribute";
    public const string AssetName = "CatalogSync.AssetNameAttribute";
    public const string AssetDisplayName = "CatalogSync.AssetDisplayNameAttribute";
    public const string AssetStatus = "CatalogSync.AssetStatusAttribute";
    public const string AssetTags = "CatalogSync.AssetTagsAttribute";
    public const string AssetDomain = "CatalogSync.AssetDomainAttribute";
    public const string CatalogAttribute = "CatalogSync.CatalogAttributeAttribute";
    public const string Relation = "CatalogSync.RelationAttribute";

    public const string DefaultDomainType = "Physical Data Dictionary";
}
