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
    /// beyond a limit, not YAML, an anchor, alias or tag, a root that is not a mapping). With other findings the
    /// document is still read: a value of the wrong type, an unknown word or under an unknown key is left out (as if
    /// absent), a value that breaks a rule of the attributes (CSYNC003–CSYNC027) is kept, so later rules can still
    /// point at it.
    /// </summary>
    public ManifestDocument? Document { get; }

    /// <summary>The findings, in the order of the file.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Whether a finding is an error.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticRuleSeverity.Error);
}
