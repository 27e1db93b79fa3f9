using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CatalogSync.Declarations.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CatalogSync.Manifests;

/// <summary>The kind of a <see cref="YamlTreeNode"/>.</summary>
internal enum YamlTreeKind
{
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// One node of a manifest's YAML, as built from YamlDotNet's event stream (never its representation model, which
/// expands aliases): the reader's limits hold while it is built, so its size is bounded.
/// </summary>
internal sealed class YamlTreeNode
{
    public YamlTreeNode(YamlTreeKind kind, FileSpan span, string value, ScalarStyle style)
    {
        Kind = kind;
        Span = span;
        Value = value;
        Style = style;
    }

    public YamlTreeKind Kind { get; }

    public FileSpan Span { get; set; }

    /// <summary>A scalar's text; empty for collections.</summary>
    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>A mapping's entries, in order (keys may repeat; the reader reports it).</summary>
    public List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Entries { get; } = [];

    /// <summary>A sequence's items.</summary>
    public List<YamlTreeNode> Items { get; } = [];

    /// <summary>A plain <c>null</c>, <c>~</c> or nothing: YAML's null.</summary>
    public bool IsNull => Kind == YamlTreeKind.Scalar && Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>Builds a <see cref="YamlTreeNode"/> tree from the event stream, refusing what the limits exclude at the first event beyond them.</summary>
internal static class YamlTree
{
    private sealed class Frame(YamlTreeNode node)
    {
        public YamlTreeNode Node { get; } = node;

        public YamlTreeNode? PendingKey { get; set; }
    }

    /// <summary>The root node, or <see langword="null"/> with one finding in <paramref name="findings"/> (or none: an empty stream).</summary>
    public static YamlTreeNode? Build(string path, string text, List<Finding> findings)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        YamlTreeNode? root = null;
        var documents = 0;
        var nodes = 0;
        var last = new Mark(0, 1, 1);
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                switch (current)
                {
                    case DocumentStart:
                        if (++documents > ManifestLimits.MaxDocuments)
                        {
                            findings.Add(Refuse(path, current, "it has a second YAML document", Number(ManifestLimits.MaxDocuments) + " document per file"));
                            return null;
                        }

                        break;
                    case AnchorAlias alias:
                        findings.Add(new Finding(DiagnosticCatalog.ManifestAnchorOrTag, Span(path, current.Start, current.End), DiagnosticRuleSeverity.Error,
                            "alias", "*" + alias.Value, "write the value out where it is needed"));
                        return null;
                    case NodeEvent node when !node.Anchor.IsEmpty:
                        findings.Add(new Finding(DiagnosticCatalog.ManifestAnchorOrTag, Span(path, current.Start, current.End), DiagnosticRuleSeverity.Error,
                            "anchor", "&" + node.Anchor, "write the value out where it is needed, without '&" + node.Anchor + "'"));
                        return null;
                    case NodeEvent node when !node.Tag.IsEmpty:
                        findings.Add(new Finding(DiagnosticCatalog.ManifestAnchorOrTag, Span(path, current.Start, current.End), DiagnosticRuleSeverity.Error,
                            "tag", node.Tag.ToString(), "remove the tag; a manifest's values are plain text, numbers, mappings and sequences"));
                        return null;
                }

                if (current is not (Scalar or MappingStart or SequenceStart or MappingEnd or SequenceEnd))
                {
                    continue;
                }

                if (current is MappingEnd or SequenceEnd)
                {
                    var done = stack.Pop().Node;
                    done.Span = new FileSpan(path, done.Span.StartLine, done.Span.StartColumn, Line(current.End), Column(current.End));
                    Add(done);
                    continue;
                }

                if (++nodes > ManifestLimits.MaxNodes)
                {
                    findings.Add(Refuse(path, current, "it has more than " + Number(ManifestLimits.MaxNodes) + " nodes", Number(ManifestLimits.MaxNodes) + " keys, values, mappings and sequences"));
                    return null;
                }

                if (current is Scalar scalar)
                {
                    if (scalar.Value.Length > ManifestLimits.MaxScalarLength)
                    {
                        findings.Add(Refuse(path, current, "a value has " + Number(scalar.Value.Length) + " characters", Number(ManifestLimits.MaxScalarLength) + " characters"));
                        return null;
                    }

                    Add(new YamlTreeNode(YamlTreeKind.Scalar, Span(path, current.Start, current.End), scalar.Value, scalar.Style));
                    continue;
                }

                if (stack.Count + 1 > ManifestLimits.MaxDepth)
                {
                    findings.Add(Refuse(path, current, "it is nested more than " + Number(ManifestLimits.MaxDepth) + " levels deep", Number(ManifestLimits.MaxDepth) + " levels"));
                    return null;
                }

                stack.Push(new Frame(new YamlTreeNode(current is MappingStart ? YamlTreeKind.Mapping : YamlTreeKind.Sequence, Span(path, current.Start, current.End), "", ScalarStyle.Any)));
            }
        }
        catch (YamlException exception)
        {
            findings.Add(new Finding(DiagnosticCatalog.ManifestSyntax, Span(path, exception.Start, exception.End), DiagnosticRuleSeverity.Error, Reason(exception)));
            return null;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            // YamlDotNet's scanner fails on some broken input with a plain exception instead of a YamlException (an
            // unclosed flow sequence followed by a key, for one): still a syntax error, located after the last event it read.
            findings.Add(new Finding(DiagnosticCatalog.ManifestSyntax, Span(path, last, last), DiagnosticRuleSeverity.Error,
                "the YAML parser stopped after line " + Number(Line(last)) + ", column " + Number(Column(last)) + " (" + exception.Message.TrimEnd('.') + ")"));
            return null;
        }

        return root;

        void Add(YamlTreeNode node)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }

            var parent = stack.Peek();
            if (parent.Node.Kind == YamlTreeKind.Sequence)
            {
                parent.Node.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                parent.PendingKey = node;
            }
            else
            {
                parent.Node.Entries.Add(new KeyValuePair<YamlTreeNode, YamlTreeNode>(parent.PendingKey, node));
                parent.PendingKey = null;
            }
        }
    }

    /// <summary>A span from YamlDotNet's marks (1-based lines and columns, the end after the last character).</summary>
    public static FileSpan Span(string path, Mark start, Mark end) =>
        new(path, Line(start), Column(start), Math(Line(end), Line(start)), Line(end) > Line(start) ? Column(end) : Math(Column(end), Column(start)));

    private static int Math(int value, int atLeast) => value < atLeast ? atLeast : value;

    private static int Line(Mark mark) => mark.Line < 1 ? 1 : (int)System.Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => mark.Column < 1 ? 1 : (int)System.Math.Min(mark.Column, int.MaxValue);

    private static Finding Refuse(string path, ParsingEvent at, string what, string limit) =>
        new(DiagnosticCatalog.ManifestTooLarge, Span(path, at.Start, at.End), DiagnosticRuleSeverity.Error, what, limit);

    /// <summary>YamlDotNet's message without the marks it starts with ("(Line: 1, Col: 2, Idx: 1) - (…): "), which the location already gives.</summary>
    private static string Reason(YamlException exception)
    {
        var message = exception.Message;
        if (message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var end = message.IndexOf("): ", message.IndexOf(") - (", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
            if (end > 0)
            {
                message = message.Substring(end + 3);
            }
        }

        message = message.Trim().TrimEnd('.');
        return message.Length == 0 ? "the YAML parser stopped here" : message;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
