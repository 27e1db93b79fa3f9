using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>
/// Checks the template and reading options of a CSV or Excel request, and keeps them at the head of the job's spool
/// file: one magic line, one line of JSON, then the input as it was sent. The job journal keeps only the spool path,
/// so a job resumed after a restart reads the same input with the same options.
/// </summary>
internal static class TabularSpool
{
    // JSON input starts with '[', whitespace or a byte order mark: it can never start with this line.
    private static readonly byte[] Magic = "#catalogsync-tabular-input/1\n"u8.ToArray();

    /// <summary>The longest header read back (the template is bounded by the HTTP host's text-part limit).</summary>
    private const int MaxHeaderLength = 64 << 20;

    /// <summary>Refuses, before any job exists, what no row could be read with.</summary>
    /// <exception cref="CatalogApiException">400: no template, a template that is not one, or unusable CSV options.</exception>
    public static void Validate(ImportFormat format, TabularOptions? options)
    {
        var name = format.ToString().ToUpperInvariant();
        if (options is null || string.IsNullOrWhiteSpace(options.Template))
        {
            throw new CatalogApiException(400, "templateRequired",
                $"{name} input needs a template: a JSON array of import commands whose strings hold ${{1}}, ${{2}}, … for the columns (the 'template' part; Collibra's OpenAPI requires it for CSV and Excel alike).");
        }

        try
        {
            TabularTemplate.Parse(options.Template);
        }
        catch (InvalidTemplateException ex)
        {
            throw new CatalogApiException(400, "invalidTemplate", ex.Message);
        }

        if (format == ImportFormat.Csv)
        {
            if (options.StrictQuotes || options.IgnoreLeadingWhitespace)
            {
                throw new CatalogApiException(400, "csvOptionNotSupported",
                    $"The embedded catalog reads CSV with strictQuotes=false and ignoreLeadingWhitespace=false only (Collibra's defaults); {(options.StrictQuotes ? "strictQuotes" : "ignoreLeadingWhitespace")}=true is not supported: leave it out, or quote the fields without spaces before the quotes.");
            }

            if (options.Separator == options.Quote || options.Separator == options.Escape || options.Separator is '\r' or '\n' || options.Quote is '\r' or '\n' || options.Escape is '\r' or '\n')
            {
                throw new CatalogApiException(400, "invalidCsvOption",
                    $"The CSV separator ({InputText.Quote(options.Separator.ToString())}) must differ from the quote ({InputText.Quote(options.Quote.ToString())}) and the escape ({InputText.Quote(options.Escape.ToString())}), and none of them may be a line break.");
            }
        }

        if (format == ImportFormat.Excel && options.SheetIndex is < 0)
        {
            throw new CatalogApiException(400, "invalidPart", $"sheetIndex counts sheets from 0; {options.SheetIndex} is not a sheet.");
        }
    }

    public static async Task WriteHeaderAsync(Stream spool, ImportFormat format, TabularOptions options, CancellationToken cancellationToken)
    {
        await spool.WriteAsync(Magic, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", format.ToString());
            writer.WriteString("template", options.Template);
            writer.WriteBoolean("headerRow", options.HeaderRow);
            writer.WriteString("separator", options.Separator.ToString());
            writer.WriteString("quote", options.Quote.ToString());
            writer.WriteString("escape", options.Escape.ToString());
            writer.WriteBoolean("strictQuotes", options.StrictQuotes);
            writer.WriteBoolean("ignoreLeadingWhitespace", options.IgnoreLeadingWhitespace);
            if (options.SheetName is { } sheetName)
            {
                writer.WriteString("sheetName", sheetName);
            }

            if (options.SheetIndex is { } sheetIndex)
            {
                writer.WriteNumber("sheetIndex", sheetIndex);
            }

            writer.WriteEndObject();
        }

        // Utf8JsonWriter escapes line breaks inside strings: the header is one line.
        buffer.WriteByte((byte)'\n');
        buffer.Position = 0;
        await buffer.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the header of a spool file; <see langword="null"/> (and the stream back at its start) for JSON input.</summary>
    public static async Task<(ImportFormat Format, TabularOptions Options)?> ReadHeaderAsync(Stream spool, CancellationToken cancellationToken)
    {
        var head = new byte[Magic.Length];
        var read = await spool.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < head.Length || !head.AsSpan().SequenceEqual(Magic))
        {
            spool.Position = 0;
            return null;
        }

        using var line = new MemoryStream();
        var one = new byte[1];
        while (await spool.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != (byte)'\n')
        {
            if (line.Length >= MaxHeaderLength)
            {
                throw new MalformedImportException("The job's spool file has a damaged header: send the request again.");
            }

            line.WriteByte(one[0]);
        }

        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        var options = new TabularOptions
        {
            Template = root.GetProperty("template").GetString()!,
            HeaderRow = root.GetProperty("headerRow").GetBoolean(),
            Separator = root.GetProperty("separator").GetString()![0],
            Quote = root.GetProperty("quote").GetString()![0],
            Escape = root.GetProperty("escape").GetString()![0],
            StrictQuotes = root.GetProperty("strictQuotes").GetBoolean(),
            IgnoreLeadingWhitespace = root.GetProperty("ignoreLeadingWhitespace").GetBoolean(),
            SheetName = root.TryGetProperty("sheetName", out var sheetName) ? sheetName.GetString() : null,
            SheetIndex = root.TryGetProperty("sheetIndex", out var sheetIndex) ? sheetIndex.GetInt32() : null,
        };
        return (Enum.Parse<ImportFormat>(root.GetProperty("format").GetString()!), options);
    }
}

/// <summary>
/// A read-only view of a seekable stream from <c>offset</c> on: the Excel reader needs a stream that starts where the
/// workbook (a zip archive, whose offsets count from its first byte) starts, after the spool header.
/// </summary>
internal sealed class OffsetStream(Stream inner, long offset) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length - offset;

    public override long Position
    {
        get => inner.Position - offset;
        set => inner.Position = value + offset;
    }

    public override int Read(byte[] buffer, int offset1, int count) => inner.Read(buffer, offset1, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset1, SeekOrigin origin) => origin switch
    {
        SeekOrigin.Begin => inner.Seek(offset1 + offset, SeekOrigin.Begin) - offset,
        SeekOrigin.Current => inner.Seek(offset1, SeekOrigin.Current) - offset,
        _ => inner.Seek(offset1, SeekOrigin.End) - offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();

    // The spool file stays open for the job; the Excel reader closing its package must not close it.
    protected override void Dispose(bool disposing)
    {
    }
}
