using System.Globalization;
using System.Runtime.CompilerServices;

namespace WarehouseInventory;

/// <summary>
/// Reads an inventory snapshot: a CSV file with one line per column
/// (<c>schema;table;table_description;row_count;tags;column;data_type;nullable;position</c>, as Collibra's CSV examples separate fields),
/// sorted by table. Each source streams the file again, so nothing is held whole in memory.
/// </summary>
public sealed class Inventory(string path)
{
    private sealed record Line(string Schema, string Table, string Description, long RowCount, string[] Tags, string Column, string DataType, bool Nullable, int Position)
    {
        public string TableName => $"{Schema}.{Table}";
    }

    public async IAsyncEnumerable<WarehouseSchema> SchemasAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var line in ReadAsync(cancellationToken))
        {
            if (seen.Add(line.Schema))
            {
                yield return new WarehouseSchema(line.Schema);
            }
        }
    }

    public async IAsyncEnumerable<WarehouseTable> TablesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? previous = null;
        await foreach (var line in ReadAsync(cancellationToken))
        {
            if (line.TableName != previous)
            {
                previous = line.TableName;
                yield return new WarehouseTable
                {
                    FullName = line.TableName,
                    Label = line.Table,
                    Description = line.Description,
                    RowCount = line.RowCount,
                    Schema = line.Schema,
                    Tags = line.Tags,
                };
            }
        }
    }

    public async IAsyncEnumerable<WarehouseColumn> ColumnsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in ReadAsync(cancellationToken))
        {
            yield return new WarehouseColumn
            {
                FullName = $"{line.TableName}.{line.Column}",
                DataType = line.DataType,
                IsNullable = line.Nullable,
                Position = line.Position,
                Table = line.TableName,
            };
        }
    }

    private async IAsyncEnumerable<Line> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            if (number++ == 0 || text.Length == 0)
            {
                continue; // the header
            }

            var f = text.Split(';');
            if (f.Length != 9)
            {
                throw new FormatException($"{Path.GetFileName(path)}, line {number}: expected 9 fields separated by ';', found {f.Length}.");
            }

            yield return new Line(
                f[0], f[1], f[2], long.Parse(f[3], CultureInfo.InvariantCulture),
                f[4].Split('|', StringSplitOptions.RemoveEmptyEntries), f[5], f[6],
                bool.Parse(f[7]), int.Parse(f[8], CultureInfo.InvariantCulture));
        }
    }
}
