using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>
/// Source-generated System.Text.Json metadata for every contract type, with Collibra's camelCase
/// names. The server writes responses with it and the HTTP client reads them with it.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(ImportSummary))]
[JsonSerializable(typeof(PagedResponse<ImportError>))]
[JsonSerializable(typeof(PagedResponse<SynchronizationInfo>))]
[JsonSerializable(typeof(PagedResponse<Community>))]
[JsonSerializable(typeof(PagedResponse<Domain>))]
[JsonSerializable(typeof(PagedResponse<Asset>))]
[JsonSerializable(typeof(PagedResponse<CatalogAttribute>))]
[JsonSerializable(typeof(PagedResponse<Relation>))]
[JsonSerializable(typeof(PagedResponse<Status>))]
[JsonSerializable(typeof(PagedResponse<AssetType>))]
[JsonSerializable(typeof(PagedResponse<DomainType>))]
[JsonSerializable(typeof(PagedResponse<AttributeType>))]
[JsonSerializable(typeof(PagedResponse<RelationType>))]
[JsonSerializable(typeof(IReadOnlyList<Tag>))]
[JsonSerializable(typeof(Community))]
[JsonSerializable(typeof(Domain))]
[JsonSerializable(typeof(Asset))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(AssetType))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(CatalogCapabilities))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
