using System.Text.Json;
using CatalogSync.Declarations.Model;
using CatalogSync.Plans;

namespace CatalogSync.Cli.NoCode;

/// <summary>
/// The no-code mapper: writes a source record as the same Import API resource a generated mapper writes for a C# type
/// with the same declaration (the model's "members" are the record's columns). Every declared attribute type, relation,
/// the display name and the tags are written on every record, an empty value as an empty array, so that the catalog
/// follows the source; a list column holds several values split by <see cref="ListSeparator"/>.
/// </summary>
internal sealed class RowMapper : AssetMapper<SourceRow>
{
    private readonly MapperModel _model;

    public RowMapper(MapperModel model, char listSeparator = ';')
        : base(model.Type.TypeName, model.Type.AssetType, model.Type.Community, model.Type.Domain, model.Type.DomainType)
    {
        _model = model;
        ListSeparator = listSeparator;
    }

    /// <summary>What separates the values of a list column (tags, relations, multi-value attributes).</summary>
    public char ListSeparator { get; }

    private AssetTypeModel Type => _model.Type;

    /// <inheritdoc/>
    public override string? GetName(SourceRow item) => AssetJson.CheckedText(NotNull(item)[Type.NameMember!], TypeName, Type.NameMember!);

    /// <inheritdoc/>
    public override string GetDomain(SourceRow item) =>
        Type.DomainMember is { } column && NotNull(item)[column] is { } domain ? AssetJson.CheckedText(domain, TypeName, column)! : base.GetDomain(item);

    /// <inheritdoc/>
    public override void WriteAsset(Utf8JsonWriter writer, SourceRow item, string community, string domain)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var nameColumn = Type.NameMember!;
        var name = StartAsset(writer, NotNull(item)[nameColumn], nameColumn + " (" + item.Origin + ")", community, domain);
        if (Type.DisplayNameMember is { } displayColumn)
        {
            writer.WriteString("displayName", item[displayColumn] is { } displayName ? AssetJson.CheckedText(displayName, TypeName, displayColumn) : name);
        }

        if (Type.StatusMember is { } statusColumn && item[statusColumn] is { } status)
        {
            writer.WriteStartObject("status");
            writer.WriteString("name", AssetJson.CheckedText(status, TypeName, statusColumn));
            writer.WriteEndObject();
        }

        if (Type.Attributes.Count > 0)
        {
            writer.WriteStartObject("attributes");
            foreach (var attribute in Type.Attributes)
            {
                writer.WriteStartArray(attribute.AttributeType);
                foreach (var value in Values(item, attribute.Member, attribute.Shape.IsSequence))
                {
                    AssetJson.WriteValue(writer, AssetJson.CheckedText(value, TypeName, attribute.Member)!);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (_model.Relations.Count > 0)
        {
            writer.WriteStartObject("relations");
            foreach (var relation in _model.Relations)
            {
                writer.WriteStartArray(relation.Mapping.Key);
                foreach (var target in Values(item, relation.Mapping.Member, relation.Mapping.IsSequence))
                {
                    AssetJson.WriteAssetReference(writer, AssetJson.CheckedText(target, TypeName, relation.Mapping.Member)!, relation.Community, relation.Domain);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (Type.TagsMember is { } tagsColumn)
        {
            writer.WriteStartArray("tags");
            foreach (var tag in Values(item, tagsColumn, sequence: true))
            {
                writer.WriteStringValue(AssetJson.CheckedText(tag, TypeName, tagsColumn));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private IEnumerable<string> Values(SourceRow item, string column, bool sequence)
    {
        if (item[column] is not { } text)
        {
            yield break;
        }

        if (!sequence)
        {
            yield return text;
            yield break;
        }

        foreach (var part in text.Split(ListSeparator))
        {
            var value = part.Trim();
            if (value.Length > 0)
            {
                yield return value;
            }
        }
    }
}
