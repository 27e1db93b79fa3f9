using System;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators;

// The declaration model lives in the declarations core (src/CatalogSync.Declarations/Model), which has no Roslyn
// reference: here are only the conversions between its locations and findings and Roslyn's.

/// <summary>Roslyn locations to and from the core's <see cref="LocationInfo"/>.</summary>
internal static class RoslynLocations
{
    extension(LocationInfo)
    {
        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null)
            {
                return null;
            }

            var span = location.SourceSpan;
            var lines = location.GetLineSpan().Span;
            return new LocationInfo(location.SourceTree.FilePath, new SourceSpan(span.Start, span.End),
                new LineSpan(lines.Start.Line, lines.Start.Character, lines.End.Line, lines.End.Character));
        }

        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : LocationInfo.From(node.GetLocation());
    }

    /// <summary>
    /// The location in the compilation's own tree when <paramref name="trees"/> has it: only such a location lets the
    /// compiler apply <c>#pragma warning disable</c>, <c>[SuppressMessage]</c> and an IDE attach code fixes. A path
    /// that is no syntax tree (the scope file, a manifest) stays a file location.
    /// </summary>
    public static Location ToLocation(this LocationInfo location, SourceTrees trees)
    {
        var span = TextSpan.FromBounds(location.Span.Start, location.Span.End);
        if (trees.Find(location.FilePath) is { } tree && span.End <= tree.Length)
        {
            return Location.Create(tree, span);
        }

        var lines = location.LineSpan;
        return Location.Create(location.FilePath, span, new LinePositionSpan(new LinePosition(lines.StartLine, lines.StartCharacter), new LinePosition(lines.EndLine, lines.EndCharacter)));
    }

    public static Diagnostic ToDiagnostic(this DiagnosticInfo diagnostic, SourceTrees trees)
    {
        var descriptor = DiagnosticDescriptors.ById[diagnostic.Id];
        var properties = diagnostic.Replacement is null ? null : System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(DiagnosticInfo.ReplacementProperty, diagnostic.Replacement);
        return Diagnostic.Create(
            descriptor,
            diagnostic.Location?.ToLocation(trees),
            diagnostic.AsWarning ? DiagnosticSeverity.Warning : descriptor.DefaultSeverity,
            additionalLocations: null,
            properties,
            messageArgs: System.Linq.Enumerable.ToArray<object>(diagnostic.Arguments));
    }
}

/// <summary>The compilation's syntax trees by path, looked up only when there is a diagnostic to place.</summary>
internal sealed class SourceTrees(Compilation compilation)
{
    private System.Collections.Generic.Dictionary<string, SyntaxTree>? _byPath;

    public SyntaxTree? Find(string path)
    {
        if (_byPath is null)
        {
            _byPath = new System.Collections.Generic.Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                _byPath[tree.FilePath] = tree;
            }
        }

        return _byPath.TryGetValue(path, out var found) ? found : null;
    }
}
