// Linked into the generator (generators/CatalogSync.Generators), which compiles it as internal with
// CATALOGSYNC_GENERATOR defined: the generator reads and writes these values by name, never as mirrored numbers.
#if CATALOGSYNC_GENERATOR
#pragma warning disable CS1574 // The crefs name runtime types the generator does not have.
#endif

namespace CatalogSync;

// The batch limits, apart from the attribute so that the generator (CSYNC018) checks BatchSize against the same numbers.
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed partial class SyncPlanAttribute
{
    /// <summary>The largest batch the Import API accepts, and the default <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = 50_000;

    /// <summary>The smallest batch that always has room for an asset with its community and domain.</summary>
    public const int MinBatchSize = 3;
}
