// Part of the declarations core (linked into the generator as internal with CATALOGSYNC_GENERATOR): the generator
// reads and writes these values by name, never as mirrored numbers.

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
