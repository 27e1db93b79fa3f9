namespace CatalogSync;

/// <summary>
/// Declares what happens to the assets of a <see cref="SyncAssetAttribute">[SyncAsset]</see> type that disappear
/// from the source. Types with different policies are synchronized under different synchronization IDs, because
/// Collibra finalizes a whole ID with one strategy.
/// </summary>
/// <remarks>
/// Without this attribute the generator warns (CSYNC008) and the catalog's default applies: missing assets are
/// <b>removed</b>.
/// </remarks>
/// <example>
/// <code>
/// [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class MissingPolicyAttribute : Attribute
{
    /// <summary>Declares the policy.</summary>
    /// <param name="strategy">What to do with missing assets.</param>
    public MissingPolicyAttribute(MissingStrategy strategy) => Strategy = strategy;

    /// <summary>What to do with missing assets.</summary>
    public MissingStrategy Strategy { get; }

    /// <summary>
    /// With <see cref="MissingStrategy.ChangeStatus"/>: the id (a UUID) of the status missing assets get, e.g.
    /// <c>00000000-0000-0000-0000-000000005066</c> ("Missing from source"). Give this or <see cref="StatusName"/>.
    /// </summary>
    public string? StatusId { get; set; }

    /// <summary>
    /// With <see cref="MissingStrategy.ChangeStatus"/>: the name of the status missing assets get; the runtime
    /// looks its id up in the catalog before the first batch. Give this or <see cref="StatusId"/>.
    /// </summary>
    public string? StatusName { get; set; }

    /// <summary>
    /// The deletion guard for this type: the largest share (0 to 100 %) of the type's assets that one run may remove
    /// or retire; a run that would cross it finalizes nothing. -1 (the default) takes the run's
    /// <see cref="Plans.SyncRunOptions.DeletionGuard"/>.
    /// </summary>
    public int MaxMissingPercent { get; set; } = -1;

    /// <summary>
    /// The deletion guard for this type: the most of its assets that one run may remove or retire; a run that would
    /// cross it finalizes nothing. -1 (the default) takes the run's <see cref="Plans.SyncRunOptions.DeletionGuard"/>.
    /// </summary>
    public int MaxMissingCount { get; set; } = -1;
}
