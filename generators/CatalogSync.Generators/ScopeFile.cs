using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators;

/// <summary>One type recorded in the scope file: which synchronization ID carries it, and in which plan.</summary>
internal sealed record ScopeEntry(string SyncId, string Plan, string AssetType, string Community, string? Domain, LocationInfo? Location)
{
    /// <summary>What identifies the assets in the catalog: a change of any part is a different scope.</summary>
    public string Identity => ScopeFile.Identity(AssetType, Community, Domain);
}

/// <summary>The project's scope file, parsed: its entries, or why it cannot be read.</summary>
internal sealed record ScopeFileModel(string FileName, EquatableArray<ScopeEntry> Entries, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsValid => Diagnostics.IsEmpty;
}

/// <summary>
/// Reads <c>catalogsync.scopes.json</c> (an <c>AdditionalFiles</c> item; written by <c>catalog-sync scopes update</c>).
/// A small JSON reader of its own: the generator runs on netstandard2.0 inside the compiler and carries no JSON
/// library, and every mistake needs a line and column in the file.
/// </summary>
internal static class ScopeFile
{
    public const string FileName = "catalogsync.scopes.json";

    public static bool IsScopeFile(string path) =>
        string.Equals(Path.GetFileName(path), FileName, StringComparison.OrdinalIgnoreCase);

    public static string Identity(string assetType, string community, string? domain) =>
        assetType + "\u001f" + community + "\u001f" + (domain ?? "\u0000per-item");

    public static ScopeFileModel Parse(string path, SourceText? text, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var entries = new List<ScopeEntry>();
        if (text is null)
        {
            return Invalid(path, name, null, "the file cannot be opened");
        }

        var content = text.ToString();
        Node root;
        try
        {
            root = new Reader(content).ReadDocument();
        }
        catch (FormatException e)
        {
            var at = e.Data["at"] is int position ? position : 0;
            return Invalid(path, name, Locate(path, text, at, at), e.Message);
        }

        if (root.Kind != NodeKind.Object)
        {
            return Invalid(path, name, Locate(path, text, root), "it is not a JSON object");
        }

        if (root.Get("version") is not { Kind: NodeKind.Number, Text: "1" })
        {
            return Invalid(path, name, Locate(path, text, root.Get("version") ?? root), "\"version\" must be 1");
        }

        if (root.Get("syncIds") is not { Kind: NodeKind.Array } ids)
        {
            return Invalid(path, name, Locate(path, text, root), "it has no \"syncIds\" array");
        }

        foreach (var id in ids.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var syncId = id.Get("syncId");
            if (id.Kind != NodeKind.Object || syncId is not { Kind: NodeKind.String } || id.Get("types") is not { Kind: NodeKind.Array } types)
            {
                return Invalid(path, name, Locate(path, text, id), "each entry of \"syncIds\" needs a string \"syncId\" and a \"types\" array");
            }

            var plan = id.Get("plan") is { Kind: NodeKind.String } p ? p.Text : "";
            foreach (var type in types.Items)
            {
                var assetType = type.Get("assetType");
                var community = type.Get("community");
                var domain = type.Get("domain");
                if (type.Kind != NodeKind.Object || assetType is not { Kind: NodeKind.String } || community is not { Kind: NodeKind.String }
                    || domain is not ({ Kind: NodeKind.String } or { Kind: NodeKind.Null } or null))
                {
                    return Invalid(path, name, Locate(path, text, type), "each type needs string \"assetType\" and \"community\" values, and \"domain\" a string or null (per-item domains)");
                }

                entries.Add(new ScopeEntry(syncId.Text, plan, assetType.Text, community.Text, domain is { Kind: NodeKind.String } ? domain.Text : null, Locate(path, text, type)));
            }
        }

        return new ScopeFileModel(name, entries.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static ScopeFileModel Invalid(string path, string name, LocationInfo? location, string problem) =>
        new(name, EquatableArray<ScopeEntry>.Empty, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InvalidScopeFile, location ?? new LocationInfo(path, default, default), name, problem) }.ToEquatableArray());

    private static LocationInfo Locate(string path, SourceText text, Node node) => Locate(path, text, node.Start, node.End);

    private static LocationInfo Locate(string path, SourceText text, int start, int end)
    {
        start = Math.Max(0, Math.Min(start, text.Length));
        end = Math.Max(start, Math.Min(end, text.Length));
        var span = TextSpan.FromBounds(start, end);
        return new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
    }

    private enum NodeKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    private sealed class Node(NodeKind kind, int start)
    {
        public NodeKind Kind { get; } = kind;

        public int Start { get; } = start;

        public int End { get; set; }

        public string Text { get; set; } = "";

        public List<Node> Items { get; } = [];

        public List<KeyValuePair<string, Node>> Properties { get; } = [];

        public Node? Get(string name)
        {
            foreach (var property in Properties)
            {
                if (property.Key == name)
                {
                    return property.Value;
                }
            }

            return null;
        }
    }

    private sealed class Reader(string text)
    {
        private const int MaxDepth = 64;
        private int _position;

        public Node ReadDocument()
        {
            var node = ReadValue(0);
            SkipWhitespace();
            if (_position < text.Length)
            {
                throw Error("unexpected text after the JSON value");
            }

            return node;
        }

        private Node ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("it is nested too deeply");
            }

            SkipWhitespace();
            if (_position >= text.Length)
            {
                throw Error("the file ends where a value was expected");
            }

            var c = text[_position];
            switch (c)
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    {
                        var start = _position;
                        var value = ReadString();
                        return new Node(NodeKind.String, start) { Text = value, End = _position };
                    }

                case 't':
                    return ReadLiteral("true", NodeKind.True);
                case 'f':
                    return ReadLiteral("false", NodeKind.False);
                case 'n':
                    return ReadLiteral("null", NodeKind.Null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        var start = _position;
                        while (_position < text.Length && "+-0123456789.eE".IndexOf(text[_position]) >= 0)
                        {
                            _position++;
                        }

                        var number = text.Substring(start, _position - start);
                        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                        {
                            throw Error("'" + number + "' is not a number", start);
                        }

                        return new Node(NodeKind.Number, start) { Text = number, End = _position };
                    }

                    throw Error("unexpected character '" + c + "'");
            }
        }

        private Node ReadObject(int depth)
        {
            var node = new Node(NodeKind.Object, _position);
            _position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                node.End = _position;
                return node;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("a property name in double quotes was expected");
                }

                var name = ReadString();
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("':' was expected after the property name");
                }

                _position++;
                node.Properties.Add(new KeyValuePair<string, Node>(name, ReadValue(depth + 1)));
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == '}')
                {
                    node.End = _position;
                    return node;
                }

                if (next != ',')
                {
                    throw Error("',' or '}' was expected", _position - 1);
                }
            }
        }

        private Node ReadArray(int depth)
        {
            var node = new Node(NodeKind.Array, _position);
            _position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                node.End = _position;
                return node;
            }

            while (true)
            {
                node.Items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == ']')
                {
                    node.End = _position;
                    return node;
                }

                if (next != ',')
                {
                    throw Error("',' or ']' was expected", _position - 1);
                }
            }
        }

        private string ReadString()
        {
            var start = _position;
            _position++;
            var builder = new StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("a string is not closed", start);
                }

                var c = text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\')
                {
                    if (_position >= text.Length)
                    {
                        throw Error("a string is not closed", start);
                    }

                    var e = text[_position++];
                    switch (e)
                    {
                        case '"':
                            builder.Append('"');
                            break;
                        case '\\':
                            builder.Append('\\');
                            break;
                        case '/':
                            builder.Append('/');
                            break;
                        case 'b':
                            builder.Append('\b');
                            break;
                        case 'f':
                            builder.Append('\f');
                            break;
                        case 'n':
                            builder.Append('\n');
                            break;
                        case 'r':
                            builder.Append('\r');
                            break;
                        case 't':
                            builder.Append('\t');
                            break;
                        case 'u':
                            if (_position + 4 > text.Length || !int.TryParse(text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("'\\u' needs four hex digits", _position - 2);
                            }

                            builder.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            throw Error("'\\" + e + "' is not a JSON escape", _position - 2);
                    }
                }
                else if (c < ' ')
                {
                    throw Error("a string holds a control character; escape it", _position - 1);
                }
                else
                {
                    builder.Append(c);
                }
            }
        }

        private Node ReadLiteral(string literal, NodeKind kind)
        {
            var start = _position;
            if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected text; a value (object, array, string, number, true, false or null) was expected");
            }

            _position += literal.Length;
            return new Node(kind, start) { End = _position };
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void SkipWhitespace()
        {
            while (_position < text.Length && (text[_position] == ' ' || text[_position] == '\t' || text[_position] == '\n' || text[_position] == '\r' || text[_position] == '\uFEFF'))
            {
                _position++;
            }
        }

        private FormatException Error(string message, int? at = null)
        {
            var exception = new FormatException(message);
            exception.Data["at"] = at ?? _position;
            return exception;
        }
    }
}
