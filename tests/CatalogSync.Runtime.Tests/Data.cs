using System.Text;
using CatalogSync.Contract;

namespace CatalogSync.Runtime.Tests;

/// <summary>Test data for the generated plans, and raw batches for client tests.</summary>
public static class Data
{
    public static List<Table> Tables(int count, int columnsEach = 2) =>
        [.. Enumerable.Range(1, count).Select(i => new Table($"rt.table.{i}")
        {
            Description = $"Table {i}",
            Columns = [.. Enumerable.Range(1, columnsEach).Select(c => $"rt.col.{i}.{c}")],
        })];

    public static List<Column> Columns(int tables, int columnsEach) =>
        [.. Enumerable.Range(1, tables).SelectMany(t => Enumerable.Range(1, columnsEach).Select(c => new Column($"rt.col.{t}.{c}", c == 1 ? "int" : "varchar(20)")))];

    public static List<Schema> Schemas(int count) => [.. Enumerable.Range(1, count).Select(i => new Schema($"rt.schema.{i}"))];

    public static List<Database> Databases(int count) => [.. Enumerable.Range(1, count).Select(i => new Database($"rt.db.{i}"))];

    /// <summary>A raw batch of business terms named <c>rt.{name}</c> in domain "Terms" of community "RT Raw".</summary>
    public static ImportContent Batch(params string[] names)
    {
        var json = new StringBuilder("[{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"RT Raw\"}},")
            .Append("{\"resourceType\":\"Domain\",\"identifier\":{\"name\":\"Terms\",\"community\":{\"name\":\"RT Raw\"}},\"type\":{\"name\":\"Glossary\"}}");
        foreach (var name in names)
        {
            json.Append(",{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"rt.").Append(name)
                .Append("\",\"domain\":{\"name\":\"Terms\",\"community\":{\"name\":\"RT Raw\"}}},\"type\":{\"name\":\"Business Term\"}}");
        }

        return ImportContent.FromBytes(Encoding.UTF8.GetBytes(json.Append(']').ToString()));
    }

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
