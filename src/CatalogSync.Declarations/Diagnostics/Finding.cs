using System.Globalization;

namespace CatalogSync.Declarations.Diagnostics;

/// <summary>Where in a file a finding is: 1-based lines and columns, the end exclusive, as compilers print them.</summary>
/// <remarks>Creates a span.</remarks>
/// <param name="path">The file's path, as it is printed.</param>
/// <param name="startLine">The first line (1-based).</param>
/// <param name="startColumn">The first column (1-based).</param>
/// <param name="endLine">The last line (1-based).</param>
/// <param name="endColumn">The column after the last character (1-based).</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class FileSpan(string path, int startLine, int startColumn, int endLine, int endColumn)
{
    /// <summary>The file's path, as it is printed.</summary>
    public string Path { get; } = path;

    /// <summary>The first line (1-based).</summary>
    public int StartLine { get; } = startLine;

    /// <summary>The first column (1-based).</summary>
    public int StartColumn { get; } = startColumn;

    /// <summary>The last line (1-based).</summary>
    public int EndLine { get; } = endLine;

    /// <summary>The column after the last character (1-based).</summary>
    public int EndColumn { get; } = endColumn;

    /// <summary><c>path(line,column)</c>, the MSBuild canonical form editors and CI logs link to.</summary>
    public override string ToString() =>
        Path + "(" + StartLine.ToString(CultureInfo.InvariantCulture) + "," + StartColumn.ToString(CultureInfo.InvariantCulture) + ")";
}

/// <summary>One mistake found in a declaration: the rule, its message and where it is.</summary>
/// <remarks>Creates a finding.</remarks>
/// <param name="rule">The rule broken.</param>
/// <param name="location">Where, or <see langword="null"/> for the whole declaration.</param>
/// <param name="severity">The severity it is reported with (a rule's default, or lowered, e.g. against the shipped metamodel).</param>
/// <param name="arguments">The arguments of the rule's message.</param>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class Finding(DiagnosticRule rule, FileSpan? location, DiagnosticRuleSeverity severity, params string[] arguments)
{
    /// <summary>The rule broken.</summary>
    public DiagnosticRule Rule { get; } = rule;

    /// <summary>Where, or <see langword="null"/> for the whole declaration.</summary>
    public FileSpan? Location { get; } = location;

    /// <summary>The severity it is reported with.</summary>
    public DiagnosticRuleSeverity Severity { get; } = severity;

    /// <summary>The message.</summary>
    public string Message { get; } = rule.Format(arguments);

    /// <summary>
    /// As a compiler prints it, so that editors and CI logs link to the line: <c>m.sync.yaml(12,5): error CSYNC009: …</c>
    /// (without a location, <c>error CSYNC009: …</c>).
    /// </summary>
    public override string ToString() =>
        (Location is null ? "" : Location + ": ") + (Severity == DiagnosticRuleSeverity.Error ? "error " : "warning ") + Rule.Id + ": " + Message;
}
