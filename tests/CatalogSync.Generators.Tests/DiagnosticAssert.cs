using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// Asserts a generator run's diagnostics against <c>{|CSYNCnnn:text|}</c> markers in /src/File0.cs: exactly those
/// (any other one fails), their spans and messages, their docs pages, and that the generated code still compiles.
/// </summary>
internal static class DiagnosticAssert
{
    public static void Verify(IReadOnlyList<(string Path, string Text)> files, string markup, params string[] messages)
    {
        var (source, markers) = GeneratorHarness.ParseMarkup(markup);
        var result = GeneratorHarness.RunWithFiles(files, source);

        var compilerErrors = result.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id is not ("CS0117" or "CS0103")).ToList();
        Assert.True(compilerErrors.Count == 0, "The test source itself does not compile:\n" + string.Join("\n", compilerErrors));

        var actual = result.GeneratorDiagnostics
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var expected = markers.OrderBy(m => m.Span.Start).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var describe = string.Join("\n", actual.Select(d => $"  {d.Id} at {d.Location.SourceSpan} '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}': {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.True(expected.Count == actual.Count, $"Expected {expected.Count} diagnostic(s), got {actual.Count}:\n{describe}");
        Assert.Equal(expected.Count, messages.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].Span, actual[i].Location.SourceSpan);
            Assert.Equal("/src/File0.cs", actual[i].Location.GetLineSpan().Path);
            Assert.Equal(messages[i], actual[i].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            DocumentationTests.AssertHelpLink(actual[i].Descriptor);
        }

        // Invalid input never yields half-written code: whatever was generated compiles.
        var generatedErrors = result.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && !tree.FilePath.StartsWith("/src/", StringComparison.Ordinal))
            .ToList();
        Assert.True(generatedErrors.Count == 0, "Generated code does not compile:\n" + string.Join("\n", generatedErrors));
    }
}
