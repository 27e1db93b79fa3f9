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

    /// <summary>
    /// Checks, before anything is sent, that every CSV file of the source has a header with each mapped column: a
    /// misspelt column would otherwise read as empty on every record, and clear that value in the catalog. (A JSON Lines
    /// record may leave a property out, which is no value, so JSON Lines files are not checked here.)
    /// </summary>
    /// <returns>The problems, one per file and column; empty when every column is there.</returns>
    public static async Task<IReadOnlyList<string>> CheckColumnsAsync(string path, char delimiter, IReadOnlyCollection<string> columns, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        IReadOnlyList<string> files;
        try
        {
            files = FilesOf(path);
        }
        catch (FileNotFoundException e)
        {
            return [e.Message];
        }

        if (files.Count == 0)
        {
            return [$"The folder '{path}' holds no .csv, .jsonl or .ndjson file."];
        }

        foreach (var file in files.Where(f => FormatOf(f) == SourceFormat.Csv))
        {
            string[] header;
            try
            {
                var rows = await ReadCsvHeaderAsync(file, delimiter, cancellationToken).ConfigureAwait(false);
                await using (rows.ConfigureAwait(false))
                {
                    header = rows.Columns;
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
                continue;
            }

            foreach (var column in columns.Where(c => !header.Contains(c, StringComparer.Ordinal)))
            {
                var nearest = Declarations.ClosestNames.Nearest(column, header, 3);
                problems.Add($"{Path.GetFileName(file)}: the column '{column}' is not in the header ({string.Join(", ", header.Select(h => "'" + h + "'"))})"
                    + (nearest.Count > 0 ? "; " + Declarations.ClosestNames.DidYouMean(nearest) : "") + ".");
            }
        }

        return problems;
    }

    private static async Task<CsvHeader> ReadCsvHeaderAsync(string file, char delimiter, CancellationToken cancellationToken)
    {
        var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            var reader = await CsvDataReader.CreateAsync(text, Options(delimiter), cancellationToken).ConfigureAwait(false);
            return new CsvHeader(text, reader, [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)]);
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            text.Dispose();
            throw new InvalidDataException($"{Path.GetFileName(file)}:1: the header row cannot be read: {e.Message}", e);
        }
    }

    private sealed class CsvHeader(StreamReader text, CsvDataReader reader, string[] columns) : IAsyncDisposable
    {
        public string[] Columns => columns;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            text.Dispose();
        }
    }

    private static CsvDataReaderOptions Options(char delimiter) => new()
    {
        HasHeaders = true,
        Delimiter = delimiter,
        CsvStyle = CsvStyle.Standard,
        Comment = '\0',
        MaxBufferSize = MaxRecordSize,
        ResultSetMode = ResultSetMode.SingleResult,
    };

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
        var options = Options(delimiter);
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
