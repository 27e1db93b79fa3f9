// Linked into the generator (generators/CatalogSync.Generators), which compiles it as internal with
// CATALOGSYNC_GENERATOR defined: the generator reads and writes these values by name, never as mirrored numbers.
#if CATALOGSYNC_GENERATOR
#pragma warning disable CS1574 // The crefs name runtime types the generator does not have.
#endif

namespace CatalogSync;

/// <summary>Which end of a relation the <b>listed</b> assets are (Collibra's Import API convention).</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum RelationRole
{
    /// <summary>The listed assets are the relation's source (head); this asset is the target.</summary>
    Source = 0,

    /// <summary>The listed assets are the relation's target (tail); this asset is the source.</summary>
    Target = 1,
}
