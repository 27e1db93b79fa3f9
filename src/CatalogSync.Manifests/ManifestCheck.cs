using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;
using CatalogSync.Declarations.Rules;

namespace CatalogSync.Manifests;

/// <summary>
/// A manifest checked by every rule: the reader's (YAML, keys, values), the binder's, and the core's cross-type and
/// metamodel rules, which are the compiler's own. What <c>catalog-sync validate</c> prints, and what <c>plan</c> and
/// <c>sync</c> run when it holds no error.
/// </summary>
internal sealed class ManifestCheck
{
    private ManifestCheck(ManifestDocument? document, IReadOnlyList<Finding> findings, IReadOnlyList<AssetTypeModel> assets, GenerationModel? resolved)
    {
        Document = document;
        Findings = findings;
        Assets = assets;
        Resolved = resolved;
    }

    /// <summary>The manifest; <see langword="null"/> when it could not be read.</summary>
    public ManifestDocument? Document { get; }

    /// <summary>Every finding, in file order (errors and warnings).</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The entries without code, as the declaration model.</summary>
    public IReadOnlyList<AssetTypeModel> Assets { get; }

    /// <summary>The resolved plan and mappers; <see langword="null"/> when the manifest could not be read.</summary>
    public GenerationModel? Resolved { get; }

    /// <summary>Whether a finding is an error: then nothing runs.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticRuleSeverity.Error);

    /// <summary>Reads the manifest file and the metamodel snapshot it names (else the shipped one), and checks it.</summary>
    /// <param name="path">The manifest's path.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static ManifestCheck Load(string path, CancellationToken cancellationToken = default)
    {
        var read = ManifestReader.ReadFile(path);
        if (read.Document is not { } document || read.Findings.Any(f => f.Severity == DiagnosticRuleSeverity.Error))
        {
            return new ManifestCheck(read.Document, Ordered(read.Findings), Array.Empty<AssetTypeModel>(), null);
        }

        MetamodelModel metamodel;
        if (document.Metamodel is { } file)
        {
            var snapshotPath = document.ResolvePath(file.Value);
            string? text = null;
            try
            {
                text = File.ReadAllText(snapshotPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // MetamodelModel reports a file it cannot open (CSYNC046), at the manifest's line.
            }

            metamodel = MetamodelModel.Choose(new[] { new MetamodelText(snapshotPath, text) }, cancellationToken);
        }
        else
        {
            metamodel = MetamodelModel.OutOfTheBox;
        }

        return Check(read, metamodel, cancellationToken);
    }

    /// <summary>Checks a manifest already read against a metamodel.</summary>
    public static ManifestCheck Check(ManifestReadResult read, MetamodelModel metamodel, CancellationToken cancellationToken = default)
    {
        var findings = new List<Finding>(read.Findings);
        if (read.Document is not { } document)
        {
            return new ManifestCheck(null, Ordered(findings), Array.Empty<AssetTypeModel>(), null);
        }

        var (assets, plan, bound) = ManifestBinder.Bind(document, metamodel.Snapshot);
        var resolved = Resolver.Resolve(assets, new[] { plan }, Array.Empty<ScopeFileModel>(), metamodel.DomainTypeDefaults(), cancellationToken);
        var checks = MetamodelChecker.Check(assets, new[] { plan }, metamodel, cancellationToken, MetamodelChecker.ManifestOotbHint);
        foreach (var diagnostic in bound.Concat(resolved.Diagnostics).Concat(checks).Distinct())
        {
            var finding = diagnostic.ToFinding();
            // A metamodel file that cannot be opened (no place in it) is reported where the manifest names it.
            findings.Add(diagnostic.Id == DiagnosticCatalog.InvalidMetamodelFile.Id && diagnostic.Location is { Span.End: 0, LineSpan.EndLine: 0 } && document.Metamodel is { } named
                ? new Finding(finding.Rule, named.Span, finding.Severity, diagnostic.Arguments.ToArray())
                : finding);
        }

        return new ManifestCheck(document, Ordered(findings), assets, resolved);
    }

    private static List<Finding> Ordered(IEnumerable<Finding> findings) =>
        findings
            .OrderBy(f => f.Location?.Path ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Location?.StartLine ?? 0)
            .ThenBy(f => f.Location?.StartColumn ?? 0)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ToList();
}
