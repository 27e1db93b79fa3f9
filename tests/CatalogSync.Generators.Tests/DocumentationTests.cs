using System.Runtime.CompilerServices;

namespace CatalogSync.Generators.Tests;

public sealed class DocumentationTests
{
    [Fact]
    public void EveryDiagnosticHasAPageAndIsListedInTheIndex()
    {
        var directory = DocsDirectory();
        var index = File.ReadAllText(Path.Combine(directory, "README.md"));
        foreach (var descriptor in DiagnosticDescriptors.ById.Values)
        {
            var page = Path.Combine(directory, descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no page {page}.");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}\n", text, StringComparison.Ordinal);
            Assert.Contains($"**Severity:** {descriptor.DefaultSeverity}", text, StringComparison.Ordinal);
            Assert.Contains("## Example", text, StringComparison.Ordinal);
            Assert.Contains("## How to fix it", text, StringComparison.Ordinal);
            Assert.Contains($"| [{descriptor.Id}]({descriptor.Id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", index, StringComparison.Ordinal);
            AssertHelpLink(descriptor);
        }

        var pages = Directory.GetFiles(directory, "CSYNC*.md").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);
        Assert.Equal(DiagnosticDescriptors.ById.Keys.Order(StringComparer.Ordinal), pages);
    }

    /// <summary>
    /// IDs that were used once and removed: never given to another diagnostic, because a suppression, an
    /// .editorconfig severity or a search for the old ID would then silently apply to a different mistake.
    /// </summary>
    private static readonly string[] RetiredIds = [];

    /// <summary>
    /// Roslyn's release tracking analyzer sees only descriptors written as literals; ours come from the declarations
    /// core's catalogue, so this checks the release notes against it: every rule once, with its severity and title.
    /// </summary>
    [Fact]
    public void TheReleaseNotesListEveryRuleOfTheCatalogueWithItsSeverityAndTitle()
    {
        var listed = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "diagnostics", name)))
            .Where(line => line.StartsWith("CSYNC", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('|').Select(cell => cell.Trim())))
            .Order(StringComparer.Ordinal);
        var catalogue = CatalogSync.Declarations.Diagnostics.DiagnosticCatalog.All
            .Select(rule => $"{rule.Id} | CatalogSync | {rule.Severity} | {rule.Title}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(catalogue, listed);
    }

    /// <summary>Each page says what the catalogue says: its heading is the ID and title, its severity and message format the rule's.</summary>
    [Fact]
    public void EachPageShowsTheTitleSeverityAndMessageOfTheCatalogue()
    {
        Assert.All(CatalogSync.Declarations.Diagnostics.DiagnosticCatalog.All, rule =>
        {
            var lines = File.ReadAllLines(Path.Combine(DocsDirectory(), rule.Id + ".md"));
            Assert.Equal($"# {rule.Id}: {rule.Title}", lines[0]);
            Assert.Contains($"**Severity:** {rule.Severity} · **Category:** CatalogSync", lines);
            var message = Assert.Single(lines, l => l.StartsWith("Message: `", StringComparison.Ordinal));
            Assert.StartsWith($"Message: `{rule.MessageFormat}`", message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void IdsAreUniqueWellFormedAndNeverReused()
    {
        var descriptors = typeof(CatalogSync.Declarations.Diagnostics.DiagnosticCatalog).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(CatalogSync.Declarations.Diagnostics.DiagnosticRule))
            .Select(f => (CatalogSync.Declarations.Diagnostics.DiagnosticRule)f.GetValue(null)!)
            .ToList();

        // Every rule of the catalogue is in All and became a descriptor, and no two share an ID (ById would silently keep one).
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), CatalogSync.Declarations.Diagnostics.DiagnosticCatalog.All.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), DiagnosticDescriptors.ById.Keys.Order(StringComparer.Ordinal));
        Assert.All(descriptors, d => Assert.Matches("^CSYNC[0-9]{3}$", d.Id));
        Assert.All(DiagnosticDescriptors.ById.Values, d => Assert.Equal("CatalogSync", d.Category));
        Assert.Empty(descriptors.Select(d => d.Id).Intersect(RetiredIds, StringComparer.Ordinal));
        Assert.Equal(RetiredIds.Length, RetiredIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void HelpLinksAreAbsoluteAndComeFromTheOneMSBuildProperty()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        var baseUrl = Assert.Single(props.Descendants("CatalogSyncDocsBaseUrl")).Value;

        Assert.Equal(DiagnosticDescriptors.HelpLinkBase, baseUrl + "docs/diagnostics/");
        Assert.All(DiagnosticDescriptors.ById.Values, AssertHelpLink);
    }

    /// <summary>The help link of <paramref name="descriptor"/>: an absolute http(s) URL an IDE can open, ending in the docs page's path.</summary>
    internal static void AssertHelpLink(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor)
    {
        Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var uri), $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not an absolute URL.");
        Assert.Contains(uri.Scheme, new[] { "https", "http" });
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + descriptor.Id + ".md", descriptor.HelpLinkUri);
        Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", uri.AbsolutePath, StringComparison.Ordinal);
    }

    private static string DocsDirectory() => Path.Combine(RepositoryRoot(), "docs", "diagnostics");

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
