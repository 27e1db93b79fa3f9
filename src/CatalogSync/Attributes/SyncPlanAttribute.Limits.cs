namespace CatalogSync;

// The batch limits, apart from the attribute: the declarations core's numbers (BatchLimits), which the generator
// (CSYNC018) checks BatchSize against too.
public sealed partial class SyncPlanAttribute
{
    /// <summary>The largest batch the Import API accepts, and the default <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = Declarations.BatchLimits.MaxBatchSize;

    /// <summary>The smallest batch that always has room for an asset with its community and domain.</summary>
    public const int MinBatchSize = Declarations.BatchLimits.MinBatchSize;
}
