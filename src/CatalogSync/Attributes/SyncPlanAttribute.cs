namespace CatalogSync;

/// <summary>
/// Groups <see cref="SyncAssetAttribute">[SyncAsset]</see> types into one logical synchronization. Put it on a
/// <c>static partial class</c>; the generator adds <c>Description</c>, <c>RunAsync</c> and <c>PreviewAsync</c>
/// to it.
/// </summary>
/// <example>
/// <code>
/// [SyncPlan(typeof(Column), typeof(WarehouseTable), Name = "warehouse")]
/// public static partial class WarehouseSync;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed partial class SyncPlanAttribute : Attribute
{
    /// <summary>Declares the plan.</summary>
    /// <param name="types">The <see cref="SyncAssetAttribute">[SyncAsset]</see> types it synchronizes.</param>
    public SyncPlanAttribute(params Type[] types) => Types = types;

    /// <summary>The types the plan synchronizes.</summary>
    public IReadOnlyList<Type> Types { get; }

    /// <summary>
    /// The plan's name in reports and logs; default: the class name. When set, it is also part of the derived
    /// synchronization IDs of types without an explicit <see cref="SyncAssetAttribute.SyncId"/> (so two plans can
    /// synchronize the same asset type into the same domain under different IDs); the class name never is, so
    /// renaming the class moves nothing.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The most resources in one batch, 3 to 50 000 (the runtime's batches carry assets only).</summary>
    public int BatchSize { get; set; } = MaxBatchSize;
}
