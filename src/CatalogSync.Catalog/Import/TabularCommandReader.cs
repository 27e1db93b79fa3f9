using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CatalogSync.Contract;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Sylvan.Data.Csv;

namespace CatalogSync.Catalog.Import;

/// <summary>Where a command made from a CSV or Excel row came from, for its errors.</summary>
/// <param name="Row">The row, as a person finds it in the file: "Row 3 of the CSV file", "Row 3 of sheet 'Assets'".</param>
/// <param name="AttributeColumns">The column of each attribute type whose template value is exactly one placeholder.</param>
/// <param name="ColumnName">How the file names a column: "column 4", "column D".</param>
internal sealed record TabularSource(string Row, IReadOnlyDictionary<string, int> AttributeColumns, Func<int, string> ColumnName)
{
    /// <summary>The attribute type's column, named as the file names it, when the template maps it to one.</summary>
    public string? ColumnOf(string attributeType) => AttributeColumns.TryGetValue(attributeType, out var column) ? ColumnName(column) : null;
}

/// <summary>
/// Reads CSV (Sylvan.Data.Csv) and Excel (DocumentFormat.OpenXml's SAX reader) one row at a time and turns each row
/// into the template's commands, parsed by <see cref="ImportCommandParser"/> exactly like JSON input: a sheet or file
/// is never held in memory whole, only one row (and, for Excel, the workbook's shared strings).
/// </summary>
internal static class TabularCommandReader
{
    /// <summary>The rows of the input as cells (the first column at index 0), with the row's name for messages.</summary>
    private delegate IAsyncEnumerable<(string Row, List<string> Cells)> RowSource(CancellationToken cancellationToken);

    public static async IAsyncEnumerable<ImportCommand> ReadAsync(
        Stream input,
        ImportFormat format,
        TabularOptions options,
        int maxResourceSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TabularTemplate template;
        try
        {
            template = TabularTemplate.Parse(options.Template);
        }
        catch (InvalidTemplateException ex)
        {
            throw new MalformedImportException(ex.Message);
        }

        Func<int, string> columnName = format == ImportFormat.Excel ? c => "column " + ColumnLetters(c) : c => "column " + c.ToString(CultureInfo.InvariantCulture);
        var rows = format == ImportFormat.Excel ? ExcelRowsAsync(input, options, cancellationToken) : CsvRowsAsync(input, options, maxResourceSize, cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var index = 0;
        await foreach (var (row, cells) in rows.ConfigureAwait(false))
        {
            for (var k = 0; k < template.CommandsPerRow; k++)
            {
                buffer.ResetWrittenCount();
                if (!template.TryWrite(cells, k, buffer))
                {
                    continue;
                }

                if (buffer.WrittenCount > maxResourceSize)
                {
                    throw new MalformedImportException($"{row} makes command {k} of the template larger than {maxResourceSize} bytes, the largest resource this catalog reads. Nothing after it was read.");
                }

                var command = ImportCommandParser.Parse(buffer.WrittenMemory.ToArray(), index++);
                yield return command with { Source = new TabularSource(row, template.AttributeColumns[k], columnName) };
            }
        }
    }

    private static bool IsBlank(List<string> cells) => cells.TrueForAll(c => c.Length == 0);

    // Bytes that are not UTF-8 decode as U+FFFF, a noncharacter no text holds, so the cell that has them is named in the
    // error; replacing them with U+FFFD and going on would make two different names one asset (the JSON path refuses too).
    private const char NotUtf8 = '\uFFFF';

    private static readonly Encoding NotUtf8Marked =
        Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(NotUtf8.ToString()));

    // ---- CSV ------------------------------------------------------------------------------------

    private static async IAsyncEnumerable<(string Row, List<string> Cells)> CsvRowsAsync(
        Stream input,
        TabularOptions options,
        int maxResourceSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = options.Separator,
            Quote = options.Quote,
            Escape = options.Escape,
            CsvStyle = CsvStyle.Standard,
            // Collibra's CSV has no comment lines: a row that starts with '#' is data.
            Comment = '\0',
            MaxBufferSize = Math.Max(64 * 1024, maxResourceSize),
            OwnsReader = false,
            ResultSetMode = ResultSetMode.SingleResult,
        };
        using var text = new StreamReader(input, NotUtf8Marked, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        CsvDataReader reader;
        try
        {
            reader = await CsvDataReader.CreateAsync(text, csvOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (CsvConfigurationException ex)
        {
            throw new MalformedImportException($"The CSV options cannot be used together ({ex.Message}): separator, quote and escape must be different characters.");
        }

        await using (reader.ConfigureAwait(false))
        {
            var row = 0;
            while (true)
            {
                row++;
                string? failure = null;
                try
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (CsvRecordTooLargeException)
                {
                    failure = $"Row {row} of the CSV file is larger than {csvOptions.MaxBufferSize} characters, the largest row this catalog reads (an unclosed quote makes the rest of the file one field). Nothing after it was read.";
                }

                catch (CsvFormatException ex)
                {
                    failure = $"Row {row} of the CSV file, column {ex.FieldOrdinal + 1}: {ex.Message}"
                        + (options.Escape != options.Quote && ex.Message.Contains("unescaped quote", StringComparison.OrdinalIgnoreCase)
                            ? $" Inside a quoted field a quote is written {options.Escape}{options.Quote} with escape {InputText.Quote(options.Escape.ToString())}; for quotes doubled as \"\" (as spreadsheets write them) send escape={options.Quote}."
                            : "")
                        + " Nothing after it was read.";
                }
                if (failure is not null)
                {
                    throw new MalformedImportException(failure);
                }

                if (row == 1 && options.HeaderRow)
                {
                    continue;
                }

                var cells = new List<string>(reader.RowFieldCount);
                for (var i = 0; i < reader.RowFieldCount; i++)
                {
                    var cell = reader.GetString(i);
                    if (cell.Contains(NotUtf8, StringComparison.Ordinal))
                    {
                        throw new MalformedImportException($"Row {row} of the CSV file, column {i + 1}: the cell has bytes that are not UTF-8 text (or the noncharacter U+FFFF): save the file as UTF-8. Nothing after it was read.");
                    }

                    cells.Add(cell);
                }

                if (!IsBlank(cells))
                {
                    yield return ($"Row {row} of the CSV file", cells);
                }
            }
        }
    }

    // ---- Excel ----------------------------------------------------------------------------------

    private static async IAsyncEnumerable<(string Row, List<string> Cells)> ExcelRowsAsync(
        Stream input,
        TabularOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(input, isEditable: false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or ArgumentException)
        {
            throw new MalformedImportException($"The file is not an Excel workbook (.xlsx, Office Open XML): {ex.Message} Save it as an .xlsx workbook, or send CSV to csv-job.");
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new MalformedImportException("The Excel file has no workbook part: save it as an .xlsx workbook.");
            var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            var sheet = SelectSheet(sheets, options);
            var sheetLabel = $"sheet {InputText.Quote(sheet.Name?.Value)}";
            if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart worksheet)
            {
                throw new MalformedImportException($"The Excel {sheetLabel} is not a worksheet (a chart sheet?): choose a sheet with cells by sheetName or sheetIndex.");
            }

            var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
            var dates = new ExcelDates(workbook);
            using var reader = OpenXmlReader.Create(worksheet);
            var first = true;
            var lastRow = 0u;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                // One row element at a time: the reader never loads the sheet.
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value ?? lastRow + 1;
                lastRow = number;
                if (first)
                {
                    first = false;
                    if (options.HeaderRow)
                    {
                        continue;
                    }
                }

                var cells = new List<string>();
                var position = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnOfReference(reference) : position + 1;
                    if (column < 1 || column <= position)
                    {
                        throw new MalformedImportException($"Row {number} of Excel {sheetLabel}: cell {InputText.Quote(cell.CellReference?.Value)} is out of order. Save the workbook again with Excel or LibreOffice.");
                    }

                    while (cells.Count < column - 1)
                    {
                        cells.Add("");
                    }

                    cells.Add(CellText(cell, sharedStrings, dates, number, column, sheetLabel));
                    position = column;
                }

                if (!IsBlank(cells))
                {
                    yield return ($"Row {number} of Excel {sheetLabel}", cells);
                }
            }
        }
    }

    private static Sheet SelectSheet(List<Sheet> sheets, TabularOptions options)
    {
        var names = string.Join(", ", sheets.Select((s, i) => $"{i}: {InputText.Quote(s.Name?.Value)}"));
        if (sheets.Count == 0)
        {
            throw new MalformedImportException("The Excel workbook has no sheet.");
        }

        if (options.SheetName is { } name)
        {
            return sheets.Find(s => s.Name?.Value == name)
                ?? throw new MalformedImportException($"The Excel workbook has no sheet named {InputText.Quote(name)}; its sheets are {names}.");
        }

        if (options.SheetIndex is { } index)
        {
            return index >= 0 && index < sheets.Count
                ? sheets[index]
                : throw new MalformedImportException($"The Excel workbook has no sheet at index {index} (sheetIndex counts from 0); its sheets are {names}.");
        }

        return sheets[0];
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var result = new List<string>();
        if (part is null)
        {
            return result;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                result.Add(ItemText((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return result;
    }

    // A rich text item is runs of text; phonetic guides (rPh) are not part of the value.
    private static string ItemText(OpenXmlElement item) =>
        item.GetFirstChild<Text>() is { } plain
            ? plain.Text
            : string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? ""));

    private static string CellText(Cell cell, List<string> sharedStrings, ExcelDates dates, uint row, int column, string sheetLabel)
    {
        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < sharedStrings.Count
                ? sharedStrings[i]
                : throw new MalformedImportException($"Row {row} of Excel {sheetLabel}, column {ColumnLetters(column)}: the cell refers to shared string {InputText.Quote(value)}, which the workbook does not have. Save the workbook again.");
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? ItemText(inline) : "";
        }

        if (type == CellValues.Boolean)
        {
            return value == "1" ? "true" : value == "0" ? "false" : value;
        }

        if (type == CellValues.Error)
        {
            throw new MalformedImportException($"Row {row} of Excel {sheetLabel}, column {ColumnLetters(column)}: the cell holds the Excel error {InputText.Quote(value)}. Fix the formula or type the value.");
        }

        if (type == CellValues.Date)
        {
            // Strict Open XML stores dates as ISO 8601 text already.
            return value;
        }

        // Excel stores a date as a day number with a date format: such a cell is the date it shows, in ISO 8601.
        // Other numbers are taken as written in the file, culture-invariant.
        return dates.IsDate(cell.StyleIndex?.Value) && dates.ToIso(value) is { } iso ? iso : value;
    }

    /// <summary>Which cell styles are date formats, and how the workbook counts days (1900 or 1904).</summary>
    private sealed class ExcelDates
    {
        // Excel's built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
        private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

        private readonly bool[] _dateStyles;
        private readonly bool _date1904;

        public ExcelDates(WorkbookPart workbook)
        {
            _date1904 = workbook.Workbook?.WorkbookProperties?.Date1904?.Value == true;
            var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
            var custom = new Dictionary<uint, string>();
            foreach (var format in stylesheet?.NumberingFormats?.Elements<NumberingFormat>() ?? [])
            {
                if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
                {
                    custom[id] = code;
                }
            }

            _dateStyles = [.. (stylesheet?.CellFormats?.Elements<CellFormat>() ?? []).Select(f =>
                f.NumberFormatId?.Value is { } id && (BuiltInDateFormats.Contains(id) || (custom.TryGetValue(id, out var code) && IsDateCode(code))))];
        }

        public bool IsDate(uint? style) => style is { } s && s < _dateStyles.Length && _dateStyles[s];

        // A format code shows a date when it has a day, month, year, hour or second outside quotes, escapes and [colors].
        private static bool IsDateCode(string code)
        {
            var inQuotes = false;
            var inBrackets = false;
            for (var i = 0; i < code.Length; i++)
            {
                var c = code[i];
                if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (!inQuotes && c == '[')
                {
                    inBrackets = true;
                }
                else if (inBrackets && c == ']')
                {
                    inBrackets = false;
                }
                else if (!inQuotes && !inBrackets && c == '\\')
                {
                    i++;
                }
                else if (!inQuotes && !inBrackets && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                {
                    return true;
                }
            }

            return false;
        }

        public string? ToIso(string value)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days < 0 || days > 2_958_465)
            {
                return null;
            }

            // Day 1 is 1904-01-02 or 1900-01-01; the 1900 system counts a 29 February 1900 (day 60) that never was.
            var epoch = _date1904 ? new DateTime(1904, 1, 1) : days < 61 ? new DateTime(1899, 12, 31) : new DateTime(1899, 12, 30);

            // Excel has no time zone: the date is written without one (read as UTC, docs/semantics.md rule 4).
            var date = epoch.AddMilliseconds(Math.Round(days * 86_400_000));
            return date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture)
                : date.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff", CultureInfo.InvariantCulture);
        }
    }

    private static int ColumnOfReference(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                column = (column * 26) + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }

        return column;
    }

    private static string ColumnLetters(int column)
    {
        var letters = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return letters.ToString();
    }
}
