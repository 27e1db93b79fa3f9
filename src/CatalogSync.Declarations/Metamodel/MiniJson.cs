using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CatalogSync.Contract;

// Linked into the source generator (netstandard2.0, inside the compiler, no JSON library) and compiled into
// CatalogSync.Contract: one reader for the scope file and the metamodel snapshot, keeping every value's position so
// that a mistake in a file can be reported at its line and column.

/// <summary>A small JSON reader that keeps each value's position in the text.</summary>
internal static class MiniJson
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="MiniJsonException"/> with the position of the mistake.</summary>
    public static JsonNode Parse(string text) => new Reader(text).ReadDocument();

    private sealed class Reader(string text)
    {
        private const int MaxDepth = 64;
        private int _position;

        public JsonNode ReadDocument()
        {
            var node = ReadValue(0);
            SkipWhitespace();
            if (_position < text.Length)
            {
                throw Error("unexpected text after the JSON value");
            }

            return node;
        }

        private JsonNode ReadValue(int depth)
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
                        return new JsonNode(JsonNodeKind.String, start) { Text = value, End = _position };
                    }

                case 't':
                    return ReadLiteral("true", JsonNodeKind.True);
                case 'f':
                    return ReadLiteral("false", JsonNodeKind.False);
                case 'n':
                    return ReadLiteral("null", JsonNodeKind.Null);
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

                        return new JsonNode(JsonNodeKind.Number, start) { Text = number, End = _position };
                    }

                    throw Error("unexpected character '" + c + "'");
            }
        }

        private JsonNode ReadObject(int depth)
        {
            var node = new JsonNode(JsonNodeKind.Object, _position);
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
                node.Properties.Add(new KeyValuePair<string, JsonNode>(name, ReadValue(depth + 1)));
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

        private JsonNode ReadArray(int depth)
        {
            var node = new JsonNode(JsonNodeKind.Array, _position);
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

        private JsonNode ReadLiteral(string literal, JsonNodeKind kind)
        {
            var start = _position;
            if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected text; a value (object, array, string, number, true, false or null) was expected");
            }

            _position += literal.Length;
            return new JsonNode(kind, start) { End = _position };
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void SkipWhitespace()
        {
            while (_position < text.Length && (text[_position] == ' ' || text[_position] == '\t' || text[_position] == '\n' || text[_position] == '\r' || text[_position] == '\uFEFF'))
            {
                _position++;
            }
        }

        private MiniJsonException Error(string message, int? at = null) => new(message, at ?? _position);
    }
}

/// <summary>The kind of a JSON value.</summary>
internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with its position: <see cref="Start"/> and <see cref="End"/> are character offsets.</summary>
internal sealed class JsonNode(JsonNodeKind kind, int start)
{
    public JsonNodeKind Kind { get; } = kind;

    public int Start { get; } = start;

    public int End { get; set; }

    public string Text { get; set; } = "";

    public List<JsonNode> Items { get; } = [];

    public List<KeyValuePair<string, JsonNode>> Properties { get; } = [];

    public JsonNode? Get(string name)
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

/// <summary>A JSON syntax error at <see cref="Position"/> (a character offset).</summary>
internal sealed class MiniJsonException(string message, int position) : Exception(message)
{
    /// <summary>Where the mistake is.</summary>
    public int Position { get; } = position;
}
