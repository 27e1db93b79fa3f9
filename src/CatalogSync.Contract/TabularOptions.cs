namespace CatalogSync.Contract;

/// <summary>
/// How a CSV or Excel input becomes import commands: Collibra's <c>template</c> (a JSON array of commands whose strings
/// may hold <c>${n}</c>, the n-th column, from 1) and the reading options of <c>csv-job</c> and <c>excel-job</c>, with
/// the defaults of Collibra's OpenAPI (<c>dgc-importer-rest.json</c>).
/// </summary>
public sealed record TabularOptions
{
    /// <summary>The template: a JSON array of import commands with <c>${n}</c> placeholders; required.</summary>
    public required string Template { get; init; }

    /// <summary>Whether the first row is a header (skipped). Default <see langword="false"/>.</summary>
    public bool HeaderRow { get; init; }

    /// <summary>CSV: the field separator. Default <c>;</c>.</summary>
    public char Separator { get; init; } = ';';

    /// <summary>CSV: the quote character. Default <c>"</c>.</summary>
    public char Quote { get; init; } = '"';

    /// <summary>CSV: the character that escapes a quote (or itself) inside a quoted field. Default <c>\</c>.</summary>
    public char Escape { get; init; } = '\\';

    /// <summary>CSV: ignore characters outside quotes. Default <see langword="false"/>; the embedded catalog supports only the default.</summary>
    public bool StrictQuotes { get; init; }

    /// <summary>CSV: ignore whitespace before quotes. Default <see langword="false"/>; the embedded catalog supports only the default.</summary>
    public bool IgnoreLeadingWhitespace { get; init; }

    /// <summary>Excel: the sheet's name; with <see cref="SheetIndex"/> also <see langword="null"/>, the first sheet.</summary>
    public string? SheetName { get; init; }

    /// <summary>Excel: the sheet's position, from 0, used when <see cref="SheetName"/> is <see langword="null"/>.</summary>
    public int? SheetIndex { get; init; }
}
