namespace CatalogSync.Declarations;

/// <summary>The batch sizes a plan may declare: the generator (CSYNC018), the runtime and the CLI check the same numbers.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class BatchLimits
{
    /// <summary>The largest batch the Import API accepts, and the default batch size.</summary>
    public const int MaxBatchSize = 50_000;

    /// <summary>The smallest batch that always has room for an asset with its community and domain.</summary>
    public const int MinBatchSize = 3;
}
