using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CatalogSync.Plans;

/// <summary>
/// Import API v2 JSON pieces shared by the generated mappers and the <see cref="BatchWriter"/>. Every value is
/// written as culture-invariant text, as the Import API expects attribute values.
/// </summary>
public static class AssetJson
{
    // Fixed names and values, encoded once: writing them costs a copy, not a UTF-16 to UTF-8 transcoding and an escaping check.
    private static readonly JsonEncodedText ResourceTypeName = JsonEncodedText.Encode("resourceType");
    private static readonly JsonEncodedText IdentifierName = JsonEncodedText.Encode("identifier");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText CommunityName = JsonEncodedText.Encode("community");
    private static readonly JsonEncodedText DomainName = JsonEncodedText.Encode("domain");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText CommunityValue = JsonEncodedText.Encode("Community");
    private static readonly JsonEncodedText DomainValue = JsonEncodedText.Encode("Domain");
    private static readonly JsonEncodedText AssetValue = JsonEncodedText.Encode("Asset");

    /// <summary>
    /// How batches are written: compact, with only the characters JSON requires escaped (names such as
    /// <c>Kundenaufträge</c> or offsets such as <c>+02:00</c> stay readable), which the Import API reads as usual.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <c>{"resourceType":"Community","identifier":{"name":…}}</c>.</summary>
    public static void WriteCommunity(Utf8JsonWriter writer, string community)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(ResourceTypeName, CommunityValue);
        writer.WriteStartObject(IdentifierName);
        writer.WriteString(NameName, community);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"resourceType":"Domain","identifier":{…},"type":{"name":…}}</c>.</summary>
    public static void WriteDomain(Utf8JsonWriter writer, string community, string domain, string domainType)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(ResourceTypeName, DomainValue);
        writer.WritePropertyName(IdentifierName);
        WriteDomainIdentifier(writer, community, domain);
        writer.WriteStartObject(TypeName);
        writer.WriteString(NameName, domainType);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"name":domain,"community":{"name":community}}</c> as a value.</summary>
    public static void WriteDomainIdentifier(Utf8JsonWriter writer, string community, string domain)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(NameName, domain);
        writer.WriteStartObject(CommunityName);
        writer.WriteString(NameName, community);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Starts an asset resource: <c>{"resourceType":"Asset","identifier":{…},"type":{"name":…}</c>; the caller
    /// writes the other properties and ends the object.
    /// </summary>
    public static void StartAsset(Utf8JsonWriter writer, string name, string community, string domain, string assetType)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(ResourceTypeName, AssetValue);
        writer.WriteStartObject(IdentifierName);
        writer.WriteString(NameName, name);
        writer.WritePropertyName(DomainName);
        WriteDomainIdentifier(writer, community, domain);
        writer.WriteEndObject();
        writer.WriteStartObject(TypeName);
        writer.WriteString(NameName, assetType);
        writer.WriteEndObject();
    }

    /// <summary>Writes an asset reference <c>{"name":…,"domain":{…}}</c> (a relation's listed asset).</summary>
    public static void WriteAssetReference(Utf8JsonWriter writer, string name, string community, string domain)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(NameName, name);
        writer.WritePropertyName(DomainName);
        WriteDomainIdentifier(writer, community, domain);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Opens the array of values of attribute type <paramref name="attributeType"/>, opening the asset's
    /// <c>attributes</c> object first if <paramref name="attributesOpen"/> is still <see langword="false"/>.
    /// </summary>
    public static void StartAttribute(Utf8JsonWriter writer, ref bool attributesOpen, string attributeType) =>
        StartArrayIn(writer, ref attributesOpen, "attributes", attributeType);

    /// <summary>
    /// Opens the array of listed assets of relation <paramref name="relationKey"/> (<c>typeId:SOURCE</c> or
    /// <c>typeId:TARGET</c>), opening the asset's <c>relations</c> object first if needed.
    /// </summary>
    public static void StartRelation(Utf8JsonWriter writer, ref bool relationsOpen, string relationKey) =>
        StartArrayIn(writer, ref relationsOpen, "relations", relationKey);

    private static void StartArrayIn(Utf8JsonWriter writer, ref bool open, string objectName, string arrayName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!open)
        {
            writer.WriteStartObject(objectName);
            open = true;
        }

        writer.WriteStartArray(arrayName);
    }

    /// <summary>
    /// Returns <paramref name="value"/> once it is known to be valid UTF-16 text: a string holding a lone surrogate
    /// (half of a pair, such as <c>"a\uD800b"</c>) cannot be written as JSON text, and the writer's replacement
    /// (U+FFFD) would silently turn two different source values into one asset or one value.
    /// </summary>
    /// <remarks>
    /// Generated mappers call it for every string they write (names, display names, statuses, per-item domains,
    /// text attribute values, tags, relation target names). It allocates nothing: one vectorized search for a
    /// surrogate, and a closer look only at strings that have one.
    /// </remarks>
    /// <param name="value">The text, or <see langword="null"/> (returned as it is).</param>
    /// <param name="typeName">The annotated C# type, for the message.</param>
    /// <param name="member">The member that holds the text, for the message.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> holds a lone surrogate.</exception>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? CheckedText(string? value, string typeName, string member)
    {
        if (value is not null)
        {
            var first = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
            if (first >= 0)
            {
                CheckSurrogates(value, first, typeName, member);
            }
        }

        return value;
    }

    private static void CheckSurrogates(string value, int from, string typeName, string member)
    {
        for (var i = from; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++; // a pair: one character outside the Basic Multilingual Plane
                continue;
            }

            throw new InvalidOperationException(
                $"{typeName}.{member} holds a string that is not valid UTF-16: a lone surrogate U+{(int)c:X4} at index {i} of {Excerpt(value)}. "
                + "JSON cannot carry it, and replacing it with U+FFFD could merge two different values into one; fix the text in the source "
                + "(a surrogate must be half of a pair, such as \\ud83d\\ude00).");
        }
    }

    // The value with control characters and surrogates escaped, cut to a readable length: messages are logged.
    private static string Excerpt(string value)
    {
        const int Limit = 60;
        var text = new StringBuilder("\"");
        foreach (var c in value.Length > Limit ? value.AsSpan(0, Limit) : value.AsSpan())
        {
            if (char.IsSurrogate(c) || char.IsControl(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append(value.Length > Limit ? "…\"" : "\"").ToString();
    }

    // WriteValues: one attribute type's values as the array a generated mapper writes for a member that holds at most one
    // value: [] when it holds none (so that the catalog clears it), else [{"value":"…"}]. Shared by every mapper so
    // that each member is one line of generated code.

    /// <summary>Writes the attribute type <paramref name="key"/> with one text value, or none when <paramref name="value"/> is <see langword="null"/>; check the text with <see cref="CheckedText"/> first.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is not null)
        {
            WriteValue(writer, value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, bool? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, sbyte? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, byte? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, short? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, ushort? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, int? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, uint? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, ulong? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, float? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, double? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, DateTimeOffset? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, DateTime? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, DateOnly? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the attribute type <paramref name="key"/> with one value, or none when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void WriteValues(Utf8JsonWriter writer, string key, Guid? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(key);
        if (value is { } present)
        {
            WriteValue(writer, present);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one attribute value <c>{"value":"…"}</c>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(ValueName, value);
        writer.WriteEndObject();
    }

    /// <summary>Writes one attribute value: <c>true</c> or <c>false</c>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, bool value) => WriteValue(writer, value ? "true" : "false");

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, sbyte value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, byte value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, short value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, ushort value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, int value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, uint value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, long value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, ulong value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value, culture-invariant and round-trippable.</summary>
    public static void WriteValue(Utf8JsonWriter writer, float value) => WriteFormatted(writer, value, "R");

    /// <summary>Writes one attribute value, culture-invariant and round-trippable.</summary>
    public static void WriteValue(Utf8JsonWriter writer, double value) => WriteFormatted(writer, value, "R");

    /// <summary>Writes one attribute value, culture-invariant.</summary>
    public static void WriteValue(Utf8JsonWriter writer, decimal value) => WriteFormatted(writer, value, default);

    /// <summary>Writes one attribute value as ISO 8601 (<c>2024-01-31T10:00:00.0000000+00:00</c>).</summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTimeOffset value) => WriteFormatted(writer, value, "O");

    /// <summary>Writes one attribute value as ISO 8601 (<c>2024-01-31T10:00:00.0000000Z</c> for UTC).</summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTime value) => WriteFormatted(writer, value, "O");

    /// <summary>
    /// Writes one attribute value as midnight UTC of its day (<c>2024-01-31T00:00:00Z</c>): a catalog stores a date as
    /// epoch milliseconds, and a date without a time read back in any time zone as the same day only from UTC.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, DateOnly value) => WriteFormatted(writer, value, "yyyy'-'MM'-'dd'T00:00:00Z'");

    /// <summary>Writes one attribute value as <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, Guid value) => WriteFormatted(writer, value, "D");

    private static void WriteFormatted<TValue>(Utf8JsonWriter writer, TValue value, ReadOnlySpan<char> format)
        where TValue : ISpanFormattable
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[64];
        writer.WriteStartObject();
        if (value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteString(ValueName, buffer[..written]);
        }
        else
        {
            writer.WriteString(ValueName, value.ToString(format.ToString(), CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
    }
}
