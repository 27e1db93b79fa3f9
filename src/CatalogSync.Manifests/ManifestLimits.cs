namespace CatalogSync.Manifests;

/// <summary>
/// The limits a manifest must stay within, so that reading a hostile file costs bounded time and memory, in the IDE
/// (the generator) as in the CLI. A manifest beyond one of them is refused with CSYNC058 before or while it is parsed,
/// never read to its end; anchors, aliases and tags (CSYNC059) are refused at the first one.
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class ManifestLimits
{
    /// <summary>The largest manifest, in bytes of UTF-8 (1 MiB): a file beyond it is refused without being read.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and sequences (the root mapping is level 1).</summary>
    public const int MaxDepth = 64;

    /// <summary>The most YAML nodes (scalars, keys included, mappings and sequences) in one manifest.</summary>
    public const int MaxNodes = 50_000;

    /// <summary>The longest scalar (a key or a value), in characters.</summary>
    public const int MaxScalarLength = 4096;

    /// <summary>The YAML documents in one manifest file: one.</summary>
    public const int MaxDocuments = 1;
}
