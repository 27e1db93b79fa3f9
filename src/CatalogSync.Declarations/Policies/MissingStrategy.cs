// Part of the declarations core (linked into the generator as internal with CATALOGSYNC_GENERATOR): the generator
// reads and writes these values by name, never as mirrored numbers.

namespace CatalogSync;

/// <summary>
/// What a synchronization's finalization does with the assets of a type that were not seen in the cycle
/// (Collibra's <c>finalizationStrategy</c>).
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum MissingStrategy
{
    /// <summary>Delete them (<c>REMOVE_RESOURCES</c>, Collibra's default when no strategy is given).</summary>
    RemoveResources = 0,

    /// <summary>
    /// Give them a status, e.g. "Missing from source" (<c>CHANGE_STATUS</c>); an asset that comes back gets its
    /// asset type's default status again. Needs <c>[MissingPolicy(StatusId = …)]</c> or
    /// <c>StatusName</c>.
    /// </summary>
    ChangeStatus = 1,

    /// <summary>Leave them as they are (<c>IGNORE</c>).</summary>
    Ignore = 2,
}
