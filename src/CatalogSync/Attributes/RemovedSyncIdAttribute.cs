namespace CatalogSync;

/// <summary>
/// Declares on a <see cref="SyncPlanAttribute">[SyncPlan]</see> class that the plan no longer synchronizes a
/// synchronization ID it used to (every type of that ID was removed from the plan), and what becomes of the assets
/// the ID tracked. Without it, removing the types is a compile error once the ID is recorded in the scope file.
/// </summary>
/// <remarks>
/// The run carries the removal out once, after every group of the plan has finalized: <see cref="RemovedAssets.Keep"/>
/// forgets the ID and leaves its assets as they are; <see cref="RemovedAssets.ChangeStatus"/> and
/// <see cref="RemovedAssets.Remove"/> end one last, empty cycle of the ID with that strategy (assets of types that
/// moved out of it with <see cref="SyncAssetAttribute.MovedFrom"/> are sent in that cycle too, so they stay), then
/// forget it. An ID the catalog no longer knows is left alone, so the declaration can stay.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class RemovedSyncIdAttribute : Attribute
{
    /// <summary>Declares the removal of <paramref name="syncId"/>.</summary>
    /// <param name="syncId">The synchronization ID the plan no longer uses.</param>
    public RemovedSyncIdAttribute(string syncId) => SyncId = syncId;

    /// <summary>The synchronization ID the plan no longer uses.</summary>
    public string SyncId { get; }

    /// <summary>What becomes of the assets the ID tracked; default <see cref="RemovedAssets.Keep"/>.</summary>
    public RemovedAssets Then { get; set; } = RemovedAssets.Keep;

    /// <summary>With <see cref="RemovedAssets.ChangeStatus"/>: the status id to give the assets.</summary>
    public string? StatusId { get; set; }

    /// <summary>With <see cref="RemovedAssets.ChangeStatus"/>: the status name to give the assets.</summary>
    public string? StatusName { get; set; }
}
