using System.Collections.Immutable;
using CatalogSync.Declarations.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators;

/// <summary>
/// The CSYNC diagnostics as Roslyn descriptors, made from the declarations core's catalogue
/// (<see cref="DiagnosticCatalog"/>), which the CLI reports from too. IDs are stable: never renumber or reuse one.
/// </summary>
public static class DiagnosticDescriptors
{
    private const string Category = "CatalogSync";

    /// <summary>
    /// The start of every diagnostic's help link, an absolute URL an IDE can open: the MSBuild property
    /// <c>CatalogSyncDocsBaseUrl</c> (Directory.Build.props) followed by <c>docs/diagnostics/</c>; the link ends in
    /// <c>CSYNCnnn.md</c>.
    /// </summary>
    public const string HelpLinkBase = ThisAssembly.DocsBaseUrl + "docs/diagnostics/";

    /// <summary>
    /// The key of <see cref="Diagnostic.Properties"/> that holds the text to put in place of the string literal at the
    /// diagnostic's location, when one string fixes the mistake ("did you mean …?"); the code fix applies it.
    /// </summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>All descriptors by ID.</summary>
    public static ImmutableDictionary<string, DiagnosticDescriptor> ById { get; } = DiagnosticCatalog.All.ToImmutableDictionary(r => r.Id, ToDescriptor);

    internal static System.Collections.Generic.IEnumerable<DiagnosticDescriptor> All => ById.Values;

    // The IDs are constants of the catalogue, not of this call; docs/diagnostics/AnalyzerReleases.*.md list them, and
    // DocumentationTests checks those files against the catalogue.
#pragma warning disable RS1017 // DiagnosticId for analyzers must be a non-null constant
    private static DiagnosticDescriptor ToDescriptor(DiagnosticRule rule) =>
        new(rule.Id, rule.Title, rule.MessageFormat, Category, rule.Severity == DiagnosticRuleSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true, helpLinkUri: HelpLinkBase + rule.Id + ".md");
#pragma warning restore RS1017
}
