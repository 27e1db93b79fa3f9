namespace CatalogSync.Cli.NoCode;

/// <summary>One record of a no-code source: its values by column, and where it is, for messages.</summary>
/// <param name="Values">The record's values by column name (a CSV header, a JSON Lines property); absent or empty is no value.</param>
/// <param name="Origin">The file and line, <c>products.csv:12</c>.</param>
internal sealed record SourceRow(IReadOnlyDictionary<string, string?> Values, string Origin)
{
    /// <summary>The column's value, <see langword="null"/> when the column is absent or empty.</summary>
    public string? this[string column] => Values.TryGetValue(column, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
