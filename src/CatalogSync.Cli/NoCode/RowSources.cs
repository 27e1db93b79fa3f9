using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Sylvan.Data.Csv;

namespace CatalogSync.Cli.NoCode;

/// <summary>The formats a no-code source can be in.</summary>
internal enum SourceFormat
{
    /// <summary>Comma-separated values with a header row (RFC 4180 quoting).</summary>
    Csv,

    /// <summary>JSON Lines: one JSON object per line; its properties are the columns.</summary>
    JsonLines,
}

/// <summary>
/// Reads the records of a no-code source: a CSV or JSON Lines file, or a folder of them (read in name order). Records
/// are streamed, never all held in memory; a malformed one stops the read with its file and line, before anything of
/// the run is finalized.
/// </summary>
internal static class RowSources
{
    /// <summary>The largest record read (a CSV row, a JSON line), as an unclosed quote otherwise makes the rest of a file one field.</summary>
    public const int MaxRecordSize = 1 << 20;

    /// <summary>The format of a file by its extension; <see langword="null"/> for another extension.</summary>
    public static SourceFormat? FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => SourceFormat.Csv,
        ".JSONL" or ".NDJSON" => SourceFormat.JsonLines,
        _ => null,
    };

    /// <summary>The files of a source path: the file itself, or the CSV and JSON Lines files of a folder, in name order.</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a folder is there.</exception>
    public static IReadOnlyList<string> FilesOf(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            return [.. Directory.EnumerateFiles(path).Where(f => FormatOf(f) is not null).Order(StringComparer.Ordinal)];
        }

        throw new FileNotFoundException($"The source '{path}' is neither a file nor a folder.", path);
    }

    /// <summary>Every record of the source's files.</summary>
    public static async IAsyncEnumerable<SourceRow> ReadAsync(string path, char delimiter = ',', [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in FilesOf(path))
        {
            var rows = FormatOf(file) == SourceFormat.JsonLines ? ReadJsonLinesAsync(file, cancellationToken) : ReadCsvAsync(file, delimiter, cancellationToken);
            await foreach (var row in rows.ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    private static async IAsyncEnumerable<SourceRow> ReadCsvAsync(string file, char delimiter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = delimiter,
            CsvStyle = CsvStyle.Standard,
            Comment = '\0',
            MaxBufferSize = MaxRecordSize,
            ResultSetMode = ResultSetMode.SingleResult,
        };
        var name = Path.GetFileName(file);
        using var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        CsvDataReader reader;
        try
        {
            reader = await CsvDataReader.CreateAsync(text, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{name}:1: the header row cannot be read: {e.Message}", e);
        }

        await using (reader.ConfigureAwait(false))
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var line = 1;
            while (true)
            {
                line++;
                try
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException or DecoderFallbackException)
                {
                    throw new InvalidDataException($"{name}: record {line - 1} cannot be read: {e.Message}", e);
                }

                var values = new Dictionary<string, string?>(columns.Length, StringComparer.Ordinal);
                for (var i = 0; i < columns.Length && i < reader.RowFieldCount; i++)
                {
                    values[columns[i]] = reader.GetString(i);
                }

                yield return new SourceRow(values, name + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static async IAsyncEnumerable<SourceRow> ReadJsonLinesAsync(string file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        using var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (true)
        {
            string? json;
            try
            {
                json = await text.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"{name}:{line + 1}: the line is not UTF-8: {e.Message}", e);
            }

            if (json is null)
            {
                yield break;
            }

            line++;
            if (json.Length > MaxRecordSize)
            {
                throw new InvalidDataException($"{name}:{line}: the line is longer than {MaxRecordSize} characters, the longest record read.");
            }

            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }

            yield return new SourceRow(ParseObject(json, name, line), name + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // A property's value as the text a column would hold: strings as they are, numbers and booleans as written, an
    // array of them as a list joined by ';' (the default list separator), null as no value.
    private static Dictionary<string, string?> ParseObject(string json, string name, int line)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{name}:{line}: a JSON Lines record must be an object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(';', property.Value.EnumerateArray().Select(e => Scalar(e, name, line, property.Name)).OfType<string>())
                    : Scalar(property.Value, name, line, property.Name);
            }

            return values;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}:{line}: the line is not JSON: {e.Message}", e);
        }
    }

    private static string? Scalar(JsonElement value, string name, int line, string property) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new InvalidDataException($"{name}:{line}: the property '{property}' is {value.ValueKind.ToString().ToLowerInvariant()}; a column holds a string, a number, a boolean or an array of them."),
    };
}
