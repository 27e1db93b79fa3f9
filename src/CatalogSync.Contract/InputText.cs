using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CatalogSync.Contract;

/// <summary>
/// How messages (job messages, import errors, HTTP error answers, log lines) quote values that came from the
/// input: short values whole, long ones cut to a short prefix followed by their length, so that a hostile
/// 50 MB value costs a few dozen bytes in every message that names it.
/// </summary>
public static class InputText
{
    /// <summary>The longest value that is quoted whole.</summary>
    public const int MaxQuotedLength = 80;

    /// <summary>How many characters of a longer value are kept.</summary>
    public const int PrefixLength = 40;

    /// <summary>The longest message that is stored or answered whole; longer ones are cut (a safety net behind <see cref="Quote"/>).</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>
    /// Quotes a value from the input in single quotes: <c>'sales.orders'</c>, or for a long value
    /// <c>'aaaaaaaa…' (52428800 characters)</c>.
    /// </summary>
    /// <param name="value">The value as it was given; <see langword="null"/> is written <c>null</c>.</param>
    public static string Quote(string? value) => Format(value, '\'');

    /// <summary>Like <see cref="Quote"/>, in double quotes (for JSON property names and keys).</summary>
    /// <param name="value">The value as it was given.</param>
    public static string QuoteName(string? value) => Format(value, '"');

    private static string Format(string? value, char quote)
    {
        if (value is null)
        {
            return "null";
        }

        if (value.Length <= MaxQuotedLength)
        {
            return quote + value + quote;
        }

        var cut = PrefixLength;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return quote + value[..cut] + "…" + quote + " (" + value.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary>Cuts a whole message to <see cref="MaxMessageLength"/> characters, saying how long it was.</summary>
    /// <param name="message">The message; <see langword="null"/> stays <see langword="null"/>.</param>
    [return: NotNullIfNotNull(nameof(message))]
    public static string? Bound(string? message)
    {
        if (message is null || message.Length <= MaxMessageLength)
        {
            return message;
        }

        var cut = MaxMessageLength - 60;
        if (char.IsHighSurrogate(message[cut - 1]))
        {
            cut--;
        }

        return message[..cut] + "… (message cut: " + message.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
    }
}
