// Part of the declarations core (linked into the generator as internal with CATALOGSYNC_GENERATOR): the generator
// reads and writes these values by name, never as mirrored numbers.

namespace CatalogSync;

/// <summary>What a <c>[RemovedSyncId]</c> does with the assets its ID tracked.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum RemovedAssets
{
    /// <summary>Leave them as they are; the ID is forgotten (<c>DELETE /import/synchronize/{id}</c>), so nothing removes them later.</summary>
    Keep = 0,

    /// <summary>Give them a status (a last <c>CHANGE_STATUS</c> finalization), then forget the ID.</summary>
    ChangeStatus = 1,

    /// <summary>Delete them (a last <c>REMOVE_RESOURCES</c> finalization), then forget the ID.</summary>
    Remove = 2,
}
