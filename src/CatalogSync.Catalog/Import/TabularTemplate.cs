using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>The template of a CSV or Excel import is not usable; nothing can be read with it.</summary>
internal sealed class InvalidTemplateException(string message) : Exception(message);

/// <summary>
/// Collibra's CSV/Excel <c>template</c>, compiled once per job: a JSON array of import commands whose strings may hold
/// <c>${n}</c> (the n-th column, from 1). Each row gives every command of the template, written as the same JSON a
/// client would send, so the commands (and their hashes) are exactly those of the JSON path.
/// </summary>
/// <remarks>
/// An empty cell means "no value" rather than an empty string (docs/semantics.md, rule 38): a string whose placeholders
/// are all empty is left out, and so is an object or array whose placeholders are all empty (an attribute value, a
/// relation target, a whole <c>attributes</c> or <c>relations</c> object), and a command whose placeholders are all
/// empty is not given at all. Literal parts of the template never keep such a part alive: a relation target with a
/// fixed domain and an empty name is no relation.
/// </remarks>
internal sealed partial class TabularTemplate
{
    private readonly List<Node> _commands;

    private TabularTemplate(List<Node> commands)
    {
        _commands = commands;
    }

    /// <summary>How many commands each row gives at most.</summary>
    public int CommandsPerRow => _commands.Count;

    /// <summary>For each command of the template, the column of each attribute type whose value is exactly one placeholder.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, int>> AttributeColumns { get; private set; } = [];

    [GeneratedRegex(@"\$\{([^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Compiles a template.</summary>
    /// <exception cref="InvalidTemplateException">It is not a JSON array of objects, or a placeholder is not <c>${n}</c> with n ≥ 1.</exception>
    public static TabularTemplate Parse(string template)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(template, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidTemplateException($"The template is not valid JSON ({ex.Message}): send a JSON array of import commands whose strings hold ${{1}}, ${{2}}, … for the columns.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                throw new InvalidTemplateException("The template must be a non-empty JSON array of import commands, e.g. [ { \"resourceType\": \"Asset\", \"identifier\": { \"name\": \"${1}\", … } } ].");
            }

            var commands = new List<Node>();
            var columns = new List<IReadOnlyDictionary<string, int>>();
            var index = 0;
            foreach (var command in root.EnumerateArray())
            {
                if (command.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidTemplateException($"Command {index} of the template is not a JSON object: each element is one import command.");
                }

                commands.Add(Compile(command, $"command {index}"));
                columns.Add(FindAttributeColumns(command));
                index++;
            }

            return new TabularTemplate(commands) { AttributeColumns = columns };
        }
    }

    private static Dictionary<string, int> FindAttributeColumns(JsonElement command)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (command.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var attribute in attributes.EnumerateObject())
            {
                if (attribute.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var item in attribute.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                        && Placeholder().Match(value.GetString()!) is { Success: true } match && match.Length == value.GetString()!.Length
                        && int.TryParse(match.Groups[1].ValueSpan, out var column))
                    {
                        result.TryAdd(attribute.Name, column);
                    }
                }
            }
        }

        return result;
    }

    private static Node Compile(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var properties = new List<(string, Node)>();
                    foreach (var property in element.EnumerateObject())
                    {
                        properties.Add((property.Name, Compile(property.Value, where)));
                    }

                    return new ObjectNode(properties);
                }

            case JsonValueKind.Array:
                return new ArrayNode([.. element.EnumerateArray().Select(e => Compile(e, where))]);
            case JsonValueKind.String:
                {
                    var text = element.GetString()!;
                    var matches = Placeholder().Matches(text);
                    if (matches.Count == 0)
                    {
                        return new LiteralNode(element.GetRawText());
                    }

                    var parts = new List<(string Literal, int Column)>();
                    var at = 0;
                    foreach (Match match in matches)
                    {
                        if (!int.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var column) || column < 1)
                        {
                            throw new InvalidTemplateException($"The template's {where} has the placeholder {InputText.Quote(match.Value)}: placeholders are ${{n}}, the n-th column counted from 1 (${{1}}, ${{2}}, …).");
                        }

                        parts.Add((text[at..match.Index], column));
                        at = match.Index + match.Length;
                    }

                    return new TextNode(parts, text[at..]);
                }

            default:
                return new LiteralNode(element.GetRawText());
        }
    }

    /// <summary>Writes the commands of one row; <see langword="null"/> for a command whose placeholders are all empty.</summary>
    /// <param name="cells">The row's cells, the first column at index 0; a column beyond them is empty.</param>
    /// <param name="command">Which command of the template.</param>
    /// <param name="output">Where the command's JSON is written.</param>
    /// <returns>Whether the command was written.</returns>
    public bool TryWrite(IReadOnlyList<string> cells, int command, IBufferWriter<byte> output)
    {
        var node = _commands[command];
        if (node.IsAbsent(cells))
        {
            return false;
        }

        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        node.Write(writer, cells);
        writer.Flush();
        return true;
    }

    private static string Cell(IReadOnlyList<string> cells, int column) => column <= cells.Count ? cells[column - 1] : "";

    private abstract class Node
    {
        /// <summary>Whether the node holds a placeholder (at any depth).</summary>
        public abstract bool Dynamic { get; }

        /// <summary>Whether, for this row, the node holds placeholders and all of them are empty.</summary>
        public abstract bool IsAbsent(IReadOnlyList<string> cells);

        public abstract void Write(Utf8JsonWriter writer, IReadOnlyList<string> cells);
    }

    private sealed class LiteralNode(string rawJson) : Node
    {
        private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(rawJson);

        public override bool Dynamic => false;

        public override bool IsAbsent(IReadOnlyList<string> cells) => false;

        // Valid JSON already: it came out of the parsed template.
        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> cells) => writer.WriteRawValue(_utf8, skipInputValidation: true);
    }

    private sealed class TextNode(List<(string Literal, int Column)> parts, string tail) : Node
    {
        public override bool Dynamic => true;

        public override bool IsAbsent(IReadOnlyList<string> cells) => parts.TrueForAll(p => Cell(cells, p.Column).Length == 0);

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> cells)
        {
            if (parts.Count == 1 && parts[0].Literal.Length == 0 && tail.Length == 0)
            {
                writer.WriteStringValue(Cell(cells, parts[0].Column));
                return;
            }

            var text = new StringBuilder();
            foreach (var (literal, column) in parts)
            {
                text.Append(literal).Append(Cell(cells, column));
            }

            writer.WriteStringValue(text.Append(tail).ToString());
        }
    }

    private sealed class ObjectNode(List<(string Name, Node Value)> properties) : Node
    {
        public override bool Dynamic { get; } = properties.Exists(p => p.Value.Dynamic);

        public override bool IsAbsent(IReadOnlyList<string> cells) =>
            Dynamic && properties.TrueForAll(p => !p.Value.Dynamic || p.Value.IsAbsent(cells));

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> cells)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                if (value.Dynamic && value.IsAbsent(cells))
                {
                    continue;
                }

                writer.WritePropertyName(name);
                value.Write(writer, cells);
            }

            writer.WriteEndObject();
        }
    }

    private sealed class ArrayNode(List<Node> items) : Node
    {
        public override bool Dynamic { get; } = items.Exists(i => i.Dynamic);

        public override bool IsAbsent(IReadOnlyList<string> cells) =>
            Dynamic && items.TrueForAll(i => i.Dynamic && i.IsAbsent(cells));

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> cells)
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                if (item.Dynamic && item.IsAbsent(cells))
                {
                    continue;
                }

                item.Write(writer, cells);
            }

            writer.WriteEndArray();
        }
    }
}
