using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CatalogSync.Conformance;

/// <summary>Writes small .xlsx workbooks for the Excel tests, as Excel does: text as shared strings, numbers as numbers.</summary>
public static class Workbooks
{
    /// <summary>
    /// A workbook with the given sheets; a cell that parses as a number is written as a number, <c>date:n</c> and
    /// <c>datetime:n</c> as day n with a date format, other text as a shared string, and an empty cell is left out.
    /// </summary>
    public static byte[] Create(params (string Name, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            // Style 1 shows a date (built-in format 14), style 2 a date and time (a custom format), as Excel writes them.
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy\\-mm\\-dd\\ hh:mm" }) { Count = 1 },
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })) { Count = 1 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 3 });
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var text = rows[r][c];
                        if (text.Length == 0)
                        {
                            continue;
                        }

                        var cell = new Cell { CellReference = Letters(c + 1) + (r + 1) };
                        if (text.StartsWith("date:", StringComparison.Ordinal) || text.StartsWith("datetime:", StringComparison.Ordinal))
                        {
                            // "date:45323" is day 45323 shown as a date; "datetime:45323.5" with its time.
                            cell.StyleIndex = text.StartsWith("date:", StringComparison.Ordinal) ? 1u : 2u;
                            cell.CellValue = new CellValue(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                        }
                        else if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                        {
                            cell.CellValue = new CellValue(text);
                        }
                        else
                        {
                            if (!index.TryGetValue(text, out var i))
                            {
                                i = index.Count;
                                index[text] = i;
                                strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                            }

                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }

                        row.AppendChild(cell);
                    }

                    data.AppendChild(row);
                }

                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = name });
            }
        }

        return stream.ToArray();
    }

    private static string Letters(int column)
    {
        var letters = "";
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
