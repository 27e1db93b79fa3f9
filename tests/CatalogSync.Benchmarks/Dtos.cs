using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogSync.Benchmarks;

/// <summary>
/// The usual alternative: map each object to DTOs (as Mapperly would generate, or by hand) and let System.Text.Json
/// serialize them by reflection.
/// </summary>
public static class ReflectionDtos
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteBatch(Utf8JsonWriter writer, IReadOnlyList<BenchTable> tables)
    {
        writer.WriteStartArray();
        JsonSerializer.Serialize(writer, new ResourceDto { ResourceType = "Community", Identifier = new IdentifierDto { Name = HandWritten.Community } }, Options);
        JsonSerializer.Serialize(writer, new ResourceDto { ResourceType = "Domain", Identifier = Domain(HandWritten.TablesDomain), Type = new NameDto { Name = "Physical Data Dictionary" } }, Options);
        foreach (var table in tables)
        {
            JsonSerializer.Serialize(writer, Map(table), Options);
            if (writer.BytesPending >= 64 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>The mapping a mapper generator would emit.</summary>
    public static ResourceDto Map(BenchTable table)
    {
        var attributes = new Dictionary<string, List<ValueDto>>
        {
            ["Description"] = table.Description is { } description ? [new ValueDto { Value = description }] : [],
        };

        attributes["Row Count"] = [new ValueDto { Value = table.RowCount.ToString(CultureInfo.InvariantCulture) }];
        attributes["Last Sync Date"] = [new ValueDto { Value = table.LastSync.ToString("O", CultureInfo.InvariantCulture) }];
        return new ResourceDto
        {
            ResourceType = "Asset",
            Identifier = new IdentifierDto { Name = table.Name, Domain = Domain(HandWritten.TablesDomain) },
            Type = new NameDto { Name = "Table" },
            DisplayName = table.Label ?? table.Name,
            Attributes = attributes,
            Relations = new Dictionary<string, List<IdentifierDto>>
            {
                ["00000000-0000-0000-0000-000000007042:SOURCE"] = [.. table.Columns.Select(c => new IdentifierDto { Name = c, Domain = Domain(HandWritten.ColumnsDomain) })],
            },
            Tags = [.. table.Tags ?? []],
        };
    }

    private static IdentifierDto Domain(string name) => new() { Name = name, Community = new NameDto { Name = HandWritten.Community } };

    public sealed class ResourceDto
    {
        public required string ResourceType { get; init; }

        public required IdentifierDto Identifier { get; init; }

        public NameDto? Type { get; init; }

        public string? DisplayName { get; init; }

        public Dictionary<string, List<ValueDto>>? Attributes { get; init; }

        public Dictionary<string, List<IdentifierDto>>? Relations { get; init; }

        public List<string>? Tags { get; init; }
    }

    public sealed class IdentifierDto
    {
        public required string Name { get; init; }

        public IdentifierDto? Domain { get; init; }

        public NameDto? Community { get; init; }
    }

    public sealed class NameDto
    {
        public required string Name { get; init; }
    }

    public sealed class ValueDto
    {
        public required string Value { get; init; }
    }
}
