using System.Buffers;
using System.Runtime.CompilerServices;
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

    public static async IAsyncEnumerable<ImportCommand> ReadAsync(
        Stream input,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var state = new ParseState();
            var filled = 0;
            var isFinal = false;
            var bomChecked = false;
            var commands = new List<ImportCommand>();
            while (true)
            {
                if (!isFinal)
                {
                    if (filled == buffer.Length)
                    {
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
                            buffer.AsSpan(Utf8Bom.Length, filled - Utf8Bom.Length).CopyTo(buffer);
                            filled -= Utf8Bom.Length;
                        }
                    }
                }

                commands.Clear();
                var consumed = Parse(buffer.AsSpan(0, filled), ref state, commands);
                foreach (var command in commands)
                {
                    yield return command;
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
                            : "The input is empty: send a JSON array of resources, e.g. [ { \"resourceType\": \"Asset\", … } ].");
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private struct ParseState
    {
        public JsonReaderState Reader;
        public bool Started;
        public bool Done;
        public int NextIndex;
    }

    private static int Parse(ReadOnlySpan<byte> data, ref ParseState state, List<ImportCommand> commands)
    {
        // Never the final block: an incomplete token then reads as "need more data", and the caller
        // tells a truncated input from a complete one at the end of the stream.
        var reader = new Utf8JsonReader(data, isFinalBlock: false, state.Reader);
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
                commands.Add(reader.TokenType == JsonTokenType.EndObject
                    ? ImportCommandParser.Parse(data[start..end], index)
                    : new InvalidCommand
                    {
                        Index = index,
                        Hash = "",
                        Kind = ImportResourceType.Asset,
                        Message = $"Resource {index} is {Describe(reader.TokenType)}, not a JSON object with a resourceType.",
                    });
                consumed = end;
                state.Reader = reader.CurrentState;
            }
        }
        catch (JsonException ex)
        {
            throw new MalformedImportException($"The input is not valid JSON near resource {state.NextIndex}: {ex.Message}");
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

    internal static string HashOf(ReadOnlySpan<byte> json) => Convert.ToHexString(SHA256.HashData(json));
}
