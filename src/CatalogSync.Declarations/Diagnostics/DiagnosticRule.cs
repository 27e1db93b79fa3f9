using System.Globalization;

namespace CatalogSync.Declarations.Diagnostics;

/// <summary>How serious a rule's finding is by default.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
enum DiagnosticRuleSeverity
{
    /// <summary>The declaration cannot run as written.</summary>
    Error,

    /// <summary>The declaration runs, but probably not as meant.</summary>
    Warning,
}

/// <summary>One CSYNC diagnostic: its stable ID, default severity, title and message format (composite format, <c>{0}</c>…).</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
sealed class DiagnosticRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="id">The ID, <c>CSYNCnnn</c>.</param>
    /// <param name="title">The one-line title.</param>
    /// <param name="messageFormat">The message, with <c>{0}</c>… for the finding's arguments.</param>
    /// <param name="severity">The default severity.</param>
    public DiagnosticRule(string id, string title, string messageFormat, DiagnosticRuleSeverity severity)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
    }

    /// <summary>The ID, <c>CSYNCnnn</c>.</summary>
    public string Id { get; }

    /// <summary>The one-line title.</summary>
    public string Title { get; }

    /// <summary>The message, with <c>{0}</c>… for the finding's arguments.</summary>
    public string MessageFormat { get; }

    /// <summary>The default severity.</summary>
    public DiagnosticRuleSeverity Severity { get; }

    /// <summary>The rule's docs page, relative to the repository's root: <c>docs/diagnostics/CSYNCnnn.md</c>.</summary>
    public string DocsPath => "docs/diagnostics/" + Id + ".md";

    /// <summary>The message of one finding.</summary>
    /// <param name="arguments">The finding's arguments, as many as <see cref="MessageFormat"/> has placeholders.</param>
    public string Format(params string[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <inheritdoc/>
    public override string ToString() => Id + ": " + Title;
}
