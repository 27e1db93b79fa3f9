using System.Text.Json;

namespace CatalogSync.Benchmarks;

/// <summary>What a careful developer writes by hand with <see cref="Utf8JsonWriter"/>: pre-encoded names, no helpers.</summary>
public static class HandWritten
{
    private static readonly JsonEncodedText ResourceType = JsonEncodedText.Encode("resourceType");
    private static readonly JsonEncodedText Identifier = JsonEncodedText.Encode("identifier");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Domain = JsonEncodedText.Encode("domain");
    private static readonly JsonEncodedText CommunityName = JsonEncodedText.Encode("community");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("displayName");
    private static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText Relations = JsonEncodedText.Encode("relations");
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Asset = JsonEncodedText.Encode("Asset");
    private static readonly JsonEncodedText Table = JsonEncodedText.Encode("Table");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("Description");
    private static readonly JsonEncodedText RowCount = JsonEncodedText.Encode("Row Count");
    private static readonly JsonEncodedText LastSync = JsonEncodedText.Encode("Last Sync Date");
    private static readonly JsonEncodedText ColumnOf = JsonEncodedText.Encode("00000000-0000-0000-0000-000000007042:SOURCE");

    public const string Community = "Bench Warehouse";
    public const string TablesDomain = "Bench tables";
    public const string ColumnsDomain = "Bench columns";

    public static void WriteBatch(Utf8JsonWriter writer, IReadOnlyList<BenchTable> tables)
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString(ResourceType, "Community");
        writer.WriteStartObject(Identifier);
        writer.WriteString(Name, Community);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString(ResourceType, "Domain");
        writer.WritePropertyName(Identifier);
        DomainIdentifier(writer, TablesDomain);
        writer.WriteStartObject(Type);
        writer.WriteString(Name, "Physical Data Dictionary");
        writer.WriteEndObject();
        writer.WriteEndObject();
        Span<char> number = stackalloc char[64];
        foreach (var table in tables)
        {
            writer.WriteStartObject();
            writer.WriteString(ResourceType, Asset);
            writer.WriteStartObject(Identifier);
            writer.WriteString(Name, table.Name);
            writer.WritePropertyName(Domain);
            DomainIdentifier(writer, TablesDomain);
            writer.WriteEndObject();
            writer.WriteStartObject(Type);
            writer.WriteString(Name, Table);
            writer.WriteEndObject();
            writer.WriteString(DisplayName, table.Label ?? table.Name);
            writer.WriteStartObject(Attributes);
            writer.WriteStartArray(Description);
            if (table.Description is { } description)
            {
                writer.WriteStartObject();
                writer.WriteString(Value, description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            writer.WriteStartArray(RowCount);
            writer.WriteStartObject();
            table.RowCount.TryFormat(number, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteString(Value, number[..written]);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray(LastSync);
            writer.WriteStartObject();
            table.LastSync.TryFormat(number, out written, "O", System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteString(Value, number[..written]);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            // Every declared key on every send, empty when the source has no value, as the generated mapper does.
            writer.WriteStartObject(Relations);
            writer.WriteStartArray(ColumnOf);
            foreach (var column in table.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString(Name, column);
                writer.WritePropertyName(Domain);
                DomainIdentifier(writer, ColumnsDomain);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray(Tags);
            foreach (var tag in table.Tags ?? [])
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();

            writer.WriteEndObject();
            if (writer.BytesPending >= 64 * 1024)
            {
                writer.Flush(); // as the batch writer does: never buffer more than a chunk
            }
        }

        writer.WriteEndArray();
    }

    private static void DomainIdentifier(Utf8JsonWriter writer, string domain)
    {
        writer.WriteStartObject();
        writer.WriteString(Name, domain);
        writer.WriteStartObject(CommunityName);
        writer.WriteString(Name, Community);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
