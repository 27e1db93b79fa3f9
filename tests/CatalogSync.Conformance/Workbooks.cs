using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CatalogSync.Conformance;

/// <summary>Writes small .xlsx workbooks for the Excel tests, as Excel does: text as shared strings, numbers as numbers.</summary>
public static class Workbooks
{
    /// <summary>A workbook with the given sheets; a cell that parses as a number is written as a number, an empty one is left out.</summary>
    public static byte[] Create(params (string Name, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
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
                        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
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
