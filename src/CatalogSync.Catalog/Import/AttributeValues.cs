using System.Globalization;
using System.Text.RegularExpressions;

namespace CatalogSync.Catalog.Import;

/// <summary>
/// The strict, culture-invariant grammar of numeric and date attribute values (docs/semantics.md, rule 4). Lenient
/// parsing corrupts data without a word: with the .NET defaults "1,5" reads as 15 (a thousands separator), "NaN" and
/// "Infinity" are numbers, "01/02/2024" is read US-style and "12.5" becomes 5 December of the current year.
/// </summary>
internal static partial class AttributeValues
{
    /// <summary>What a numeric value may look like, for messages.</summary>
    public const string NumberRule =
        "write digits with an optional sign, '.' as the decimal separator and an optional exponent (1234.5, -2, 1.5E-3), without thousands separators, spaces, NaN or Infinity.";

    /// <summary>What a date value may look like, for messages.</summary>
    public const string DateRule =
        "write whole milliseconds since 1970-01-01T00:00:00Z (1706745600000) or ISO 8601 in its extended form: 2024-02-01, 2024-02-01T10:30Z, 2024-02-01T10:30:00.123+01:00 (UTC when no offset is given).";

    // Collibra stores numbers as Java numbers; this is the plain decimal notation that every client writes the same way.
    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EpochPattern();

    // ISO 8601, extended format: a calendar date, optionally a time (minutes, seconds, up to 7 fraction digits) and a
    // zone (Z or ±HH:mm). The parsers check the ranges (month 13, 30 February, hour 25).
    private static readonly string[] DateFormats = BuildDateFormats();

    private static string[] BuildDateFormats()
    {
        var times = new[] { "", "'T'HH':'mm", "'T'HH':'mm':'ss", "'T'HH':'mm':'ss'.'FFFFFFF" };
        var zones = new[] { "", "'Z'", "zzz" };
        var formats = new List<string>();
        foreach (var time in times)
        {
            foreach (var zone in zones)
            {
                if (time.Length == 0 && zone.Length > 0)
                {
                    continue;
                }

                formats.Add("yyyy'-'MM'-'dd" + time + zone);
            }
        }

        return [.. formats];
    }

    /// <summary>The value in its stored form, or <see langword="null"/> when it is not a number of the grammar.</summary>
    public static string? NormalizeNumber(string value)
    {
        if (!NumberPattern().IsMatch(value))
        {
            return null;
        }

        // Integers and decimals keep every digit (row counts, money); only what a decimal cannot hold goes through double.
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            return exact.ToString(CultureInfo.InvariantCulture);
        }

        // 1e400 is no number a catalog can store: double would make it Infinity.
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The value as epoch milliseconds, or <see langword="null"/> when it is neither epoch milliseconds nor ISO 8601.</summary>
    public static string? NormalizeDate(string value)
    {
        if (EpochPattern().IsMatch(value))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? ms.ToString(CultureInfo.InvariantCulture)
                : null;
        }

        return DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
            : null;
    }
}
