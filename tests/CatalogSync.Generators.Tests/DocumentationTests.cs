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
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }

        var pages = Directory.GetFiles(directory, "CSYNC*.md").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);
        Assert.Equal(DiagnosticDescriptors.ById.Keys.Order(StringComparer.Ordinal), pages);
    }

    [Fact]
    public void IdsAreDenseAndStable()
    {
        var ids = DiagnosticDescriptors.ById.Keys.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"CSYNC{i:000}"), ids);
        Assert.All(DiagnosticDescriptors.ById.Values, d => Assert.Equal("CatalogSync", d.Category));
    }

    private static string DocsDirectory([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "docs", "diagnostics"));
}
