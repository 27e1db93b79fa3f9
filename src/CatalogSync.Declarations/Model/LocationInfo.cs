using System;
using CatalogSync.Declarations.Diagnostics;

namespace CatalogSync.Declarations.Model;

/// <summary>Characters <paramref name="Start"/> (inclusive) to <paramref name="End"/> (exclusive) of a file's text.</summary>
internal readonly record struct SourceSpan(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>Where a span starts and ends as 0-based lines and characters (as Roslyn's <c>LinePositionSpan</c>).</summary>
internal readonly record struct LineSpan(int StartLine, int StartCharacter, int EndLine, int EndCharacter);

/// <summary>
/// Where a finding points, without holding a syntax tree: the file, the span of its text and its lines. The
/// generator turns it into a Roslyn location; the CLI prints it as <see cref="FileSpan"/>.
/// </summary>
internal sealed record LocationInfo(string FilePath, SourceSpan Span, LineSpan LineSpan)
{
    /// <summary>The whole file, when nothing more precise is known (e.g. it cannot be opened).</summary>
    public static LocationInfo File(string path) => new(path, default, default);

    /// <summary>Characters <paramref name="start"/> to <paramref name="end"/> of <paramref name="text"/>, clamped to it, with their lines.</summary>
    public static LocationInfo InText(string path, string text, int start, int end)
    {
        start = Math.Max(0, Math.Min(start, text.Length));
        end = Math.Max(start, Math.Min(end, text.Length));
        var (startLine, startCharacter) = Position(text, start);
        var (endLine, endCharacter) = Position(text, end);
        return new LocationInfo(path, new SourceSpan(start, end), new LineSpan(startLine, startCharacter, endLine, endCharacter));
    }

    /// <summary>As compilers print it: 1-based lines and columns.</summary>
    public FileSpan ToFileSpan() =>
        new(FilePath, LineSpan.StartLine + 1, LineSpan.StartCharacter + 1, LineSpan.EndLine + 1, LineSpan.EndCharacter + 1);

    // Lines end at \n, \r\n or \r, as in Roslyn's SourceText, so that both report the same line and column.
    private static (int Line, int Character) Position(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                if (i + 1 >= offset)
                {
                    break;
                }

                i++;
            }

            if (c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }
}

/// <summary>
/// A finding as data: its rule's ID, location and message arguments; <paramref name="AsWarning"/> lowers an error to a
/// warning (metamodel findings against the out-of-the-box snapshot), <paramref name="Replacement"/> is the source text
/// a code fix puts in place of the located argument (the "Replacement" property).
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, bool AsWarning = false, string? Replacement = null)
{
    /// <summary>The key of the diagnostic property that holds <see cref="Replacement"/>.</summary>
    public const string ReplacementProperty = "Replacement";

    public static DiagnosticInfo Create(DiagnosticRule rule, LocationInfo? location, params string[] arguments) =>
        new(rule.Id, location, new EquatableArray<string>(arguments));

    /// <summary>The rule of <see cref="Id"/>.</summary>
    public DiagnosticRule Rule => DiagnosticCatalog.Get(Id);

    /// <summary>The severity it is reported with.</summary>
    public DiagnosticRuleSeverity Severity => AsWarning ? DiagnosticRuleSeverity.Warning : Rule.Severity;

    public bool IsError => Severity == DiagnosticRuleSeverity.Error;

    /// <summary>As the CLI reports it: the same ID and words as the compiler's diagnostic.</summary>
    public Finding ToFinding()
    {
        var arguments = new string[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return new Finding(Rule, Location?.ToFileSpan(), Severity, arguments);
    }
}
