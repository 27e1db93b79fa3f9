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

    [Fact]
    public void IdsAreUniqueWellFormedAndNeverReused()
    {
        var descriptors = typeof(DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor))
            .Select(f => (Microsoft.CodeAnalysis.DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        // Every declared descriptor is in ById, and no two share an ID (ById would silently keep one of them).
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), DiagnosticDescriptors.ById.Keys.Order(StringComparer.Ordinal));
        Assert.All(descriptors, d => Assert.Matches("^CSYNC[0-9]{3}$", d.Id));
        Assert.All(descriptors, d => Assert.Equal("CatalogSync", d.Category));
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
