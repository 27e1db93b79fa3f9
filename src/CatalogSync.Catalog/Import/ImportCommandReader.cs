using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>The input is not valid JSON, or not a JSON array of resources; nothing of it can be trusted.</summary>
internal sealed class MalformedImportException(string message) : Exception(message);

/// <summary>
/// Reads Import API v2 JSON (an array of resource objects) as a stream: one resource at a time is
/// held in memory, however large the file.
/// </summary>
internal static class ImportCommandReader
{
    private const int InitialBufferSize = 64 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The largest single resource read by default: 16 MiB of JSON.</summary>
    public const int DefaultMaxResourceSize = 16 << 20;

    public static IAsyncEnumerable<ImportCommand> ReadAsync(Stream input, CancellationToken cancellationToken = default) =>
        ReadAsync(input, DefaultMaxResourceSize, null, cancellationToken);

    public static IAsyncEnumerable<ImportCommand> ReadAsync(Stream input, int maxResourceSize, CancellationToken cancellationToken = default) =>
        ReadAsync(input, maxResourceSize, null, cancellationToken);

    /// <param name="input">The JSON file.</param>
    /// <param name="maxResourceSize">
    /// The largest resource (one element of the array, in bytes) that is read: a larger one fails the
    /// input, since one resource is held in memory whole while it is parsed.
    /// </param>
    /// <param name="skipUnchanged">
    /// Given a resource's hash, consumes the resource when the unchanged-resource cache knows it (marks it seen, counts
    /// it) and returns <see langword="true"/>: the resource is then yielded as a <see cref="SkippedCommand"/>, never
    /// read into a command (its JSON is parsed once, for the canonical hash). It is called when the resource's turn comes, after every earlier command was applied (a command may
    /// forget the cached hash of a later one).
    /// </param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<ImportCommand> ReadAsync(
        Stream input,
        int maxResourceSize,
        Func<string, bool>? skipUnchanged,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, Math.Max(1024, maxResourceSize)));
        try
        {
            var state = new ParseState();
            var filled = 0;
            var isFinal = false;
            var bomChecked = false;
            var elements = new List<Element>();
            while (true)
            {
                if (!isFinal)
                {
                    if (filled == buffer.Length)
                    {
                        if (filled >= maxResourceSize)
                        {
                            throw new MalformedImportException(
                                $"Resource {state.NextIndex} (from byte {state.Offset} of the file) is larger than {maxResourceSize} bytes, the largest resource this catalog reads: "
                                + "split its values, or leave out what the catalog does not need. Nothing after it was read.");
                        }

                        // One element does not fit: grow the buffer (only as large as the largest resource).
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        isFinal = true;
                    }

                    filled += read;
                    if (!bomChecked)
                    {
                        if (filled < Utf8Bom.Length && !isFinal)
                        {
                            continue;
                        }

                        // Files saved by Windows tools often start with a UTF-8 byte order mark; it is not JSON.
                        bomChecked = true;
                        if (buffer.AsSpan(0, filled).StartsWith(Utf8Bom))
                        {
                            state.Offset = Utf8Bom.Length;
                            buffer.AsSpan(Utf8Bom.Length, filled - Utf8Bom.Length).CopyTo(buffer);
                            filled -= Utf8Bom.Length;
                        }
                    }
                }

                elements.Clear();
                var consumed = Parse(buffer.AsMemory(0, filled), ref state, elements);
                foreach (var element in elements)
                {
                    if (element.Token != JsonTokenType.EndObject)
                    {
                        yield return new InvalidCommand
                        {
                            Index = element.Index,
                            Hash = "",
                            Kind = ImportResourceType.Asset,
                            Message = $"Resource {element.Index} is {Describe(element.Token)}, not a JSON object with a resourceType.",
                        };
                        continue;
                    }

                    // Hashed and parsed only now, when the element's turn comes (see skipUnchanged); one parse gives both.
                    var json = buffer.AsMemory(element.Start, element.End - element.Start);
                    yield return ImportCommandParser.ParseOrSkip(json, element.Index, state.Offset + element.Start, skipUnchanged);
                }

                if (state.Done)
                {
                    await EnsureOnlyWhitespaceRemainsAsync(input, buffer.AsMemory(consumed, filled - consumed), cancellationToken).ConfigureAwait(false);
                    yield break;
                }

                if (isFinal)
                {
                    throw new MalformedImportException(
                        state.Started
                            ? "The input ends before its JSON array is closed: the file is truncated or not valid JSON."
                            : DescribeUnstarted(buffer.AsSpan(consumed, filled - consumed)));
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                state.Offset += consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One element of the array, found but not parsed yet: where it is in the buffer.
    private readonly record struct Element(int Start, int End, int Index, JsonTokenType Token);

    private struct ParseState
    {
        public JsonReaderState Reader;
        public bool Started;
        public bool Done;
        public int NextIndex;

        /// <summary>Where the unread data starts in the file.</summary>
        public long Offset;
    }

    // The whole input has been seen and no array started: it is empty, or a lone value such as 123.
    private static string DescribeUnstarted(ReadOnlySpan<byte> rest)
    {
        if (rest.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "The input is empty: send a JSON array of resources, e.g. [ { \"resourceType\": \"Asset\", … } ].";
        }

        var reader = new Utf8JsonReader(rest, isFinalBlock: true, default);
        try
        {
            if (reader.Read())
            {
                return $"The input must be a JSON array of resources, but it is {Describe(reader.TokenType)}: send [ {{ \"resourceType\": \"Asset\", … }} ].";
            }
        }
        catch (JsonException ex)
        {
            return $"The input is not valid JSON: {ex.Message} Send a JSON array of resources.";
        }

        return "The input is empty: send a JSON array of resources, e.g. [ { \"resourceType\": \"Asset\", … } ].";
    }

    private static int Parse(ReadOnlyMemory<byte> data, ref ParseState state, List<Element> elements)
    {
        // Never the final block: an incomplete token then reads as "need more data", and the caller
        // tells a truncated input from a complete one at the end of the stream.
        var reader = new Utf8JsonReader(data.Span, isFinalBlock: false, state.Reader);
        var consumed = 0;
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var beforeConsumed = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    state.Reader = before;
                    return beforeConsumed;
                }

                if (!state.Started)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new MalformedImportException(
                            $"The input must be a JSON array of resources, but it starts with {Describe(reader.TokenType)}.");
                    }

                    state.Started = true;
                    consumed = (int)reader.BytesConsumed;
                    state.Reader = reader.CurrentState;
                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
                {
                    state.Done = true;
                    return (int)reader.BytesConsumed;
                }

                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    state.Reader = before;
                    return beforeConsumed;
                }

                var end = (int)reader.BytesConsumed;
                var index = state.NextIndex++;
                elements.Add(new Element(start, end, index, reader.TokenType));
                consumed = end;
                state.Reader = reader.CurrentState;
            }
        }
        catch (JsonException ex)
        {
            throw new MalformedImportException($"The input is not valid JSON near resource {state.NextIndex} (after byte {state.Offset + consumed} of the file): {ex.Message}");
        }
    }

    private static async Task EnsureOnlyWhitespaceRemainsAsync(Stream input, ReadOnlyMemory<byte> rest, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            foreach (var b in rest.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    throw new MalformedImportException("The input has content after the end of its JSON array.");
                }
            }

            var read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            rest = buffer.AsMemory(0, read);
        }
    }

    // Names compare as UTF-8 bytes, which orders them as code points; a name with an escape is unescaped first.
    private static int CompareNames(JsonProperty a, JsonProperty b)
    {
        var x = JsonMarshal.GetRawUtf8PropertyName(a);
        var y = JsonMarshal.GetRawUtf8PropertyName(b);
        return x.IndexOf((byte)'\\') < 0 && y.IndexOf((byte)'\\') < 0
            ? x.SequenceCompareTo(y)
            : string.CompareOrdinal(a.Name, b.Name);
    }

    private static void WriteName(Utf8JsonWriter writer, JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0 && System.Text.Unicode.Utf8.IsValid(raw))
        {
            writer.WritePropertyName(raw);
        }
        else
        {
            writer.WritePropertyName(property.Name);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject or JsonTokenType.EndObject => "an object",
        JsonTokenType.StartArray or JsonTokenType.EndArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    // The first half of a SHA-256 (16 bytes, stored as they are): collisions stay out of reach, and the ownership rows
    // (one per resource) keep half the bytes.
    internal static string HashOf(ReadOnlySpan<byte> json) => Convert.ToHexString(SHA256.HashData(json).AsSpan(0, 16));

    /// <summary>
    /// The hash of what a resource says, not of how its JSON is written: properties sorted, no whitespace, strings
    /// escaped one way. So the same resource sent pretty-printed, compact, with its properties in another order, or
    /// made from a CSV or Excel row by a template, has one hash and is skipped as unchanged (docs/semantics.md, rule 24).
    /// </summary>
    /// <param name="root">The parsed resource.</param>
    /// <param name="json">Its text, hashed as it is when a string in it is not text (such a resource is refused anyway).</param>
    internal static string CanonicalHashOf(JsonElement root, ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                WriteCanonical(writer, root);
            }

            return HashOf(buffer.WrittenSpan);
        }
        catch (InvalidOperationException)
        {
            return HashOf(json);
        }
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    writer.WriteStartObject();
                    var count = 0;
                    foreach (var _ in element.EnumerateObject())
                    {
                        count++;
                    }

                    var properties = ArrayPool<JsonProperty>.Shared.Rent(count);
                    try
                    {
                        count = 0;
                        foreach (var property in element.EnumerateObject())
                        {
                            properties[count++] = property;
                        }

                        // Resources are small objects, often already in order: an insertion sort is cheaper than any other here.
                        for (var i = 1; i < count; i++)
                        {
                            var current = properties[i];
                            var j = i - 1;
                            while (j >= 0 && CompareNames(properties[j], current) > 0)
                            {
                                properties[j + 1] = properties[j];
                                j--;
                            }

                            properties[j + 1] = current;
                        }

                        for (var i = 0; i < count; i++)
                        {
                            WriteName(writer, properties[i]);
                            WriteCanonical(writer, properties[i].Value);
                        }
                    }
                    finally
                    {
                        ArrayPool<JsonProperty>.Shared.Return(properties, clearArray: true);
                    }

                    writer.WriteEndObject();
                    break;
                }
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    // No escape in the input: its bytes (between the quotes) are the text itself, checked as UTF-8 here.
                    var text = raw[1..^1];
                    if (!System.Text.Unicode.Utf8.IsValid(text))
                    {
                        throw new InvalidOperationException("Not UTF-8 text.");
                    }

                    writer.WriteStringValue(text);
                }
                else
                {
                    writer.WriteStringValue(element.GetString());
                }

                break;
            default:
                // Numbers keep their text (1.0 and 1 may be different values to a client); true, false and null are one way.
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}
