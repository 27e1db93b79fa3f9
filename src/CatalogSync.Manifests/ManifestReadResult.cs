using System.Collections.Generic;
using System.Linq;
using CatalogSync.Declarations.Diagnostics;

namespace CatalogSync.Manifests;

/// <summary>What <see cref="ManifestReader"/> read: the document, and every finding with its YAML line and column.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class ManifestReadResult
{
    internal ManifestReadResult(ManifestDocument? document, IReadOnlyList<Finding> findings) => (Document, Findings) = (document, findings);

    /// <summary>
    /// The document, or <see langword="null"/> when the file cannot be read as a manifest at all (not text, empty,
    /// beyond a limit, not YAML, an anchor, alias or tag, a root that is not a mapping). With findings of the format
    /// (unknown keys, wrong values, …) the document holds every value that was valid; a wrong one is left out.
    /// </summary>
    public ManifestDocument? Document { get; }

    /// <summary>The findings, in the order of the file.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Whether a finding is an error.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticRuleSeverity.Error);
}
