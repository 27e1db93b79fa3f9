using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>A reference to another resource with its name (Collibra's <c>NamedResourceReference</c>).</summary>
public sealed record NamedResourceReference
{
    /// <summary>The resource's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The resource's kind, e.g. <c>Domain</c>.</summary>
    public required string ResourceType { get; init; }

    /// <summary>The resource's name.</summary>
    public string? Name { get; init; }
}

/// <summary>Fields every Core REST resource has.</summary>
public abstract record CatalogResource
{
    /// <summary>The resource's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The resource's kind, e.g. <c>Asset</c>.</summary>
    public abstract string ResourceType { get; }

    /// <summary>Creation time, milliseconds since the Unix epoch (UTC).</summary>
    public long CreatedOn { get; init; }

    /// <summary>Last change, milliseconds since the Unix epoch (UTC).</summary>
    public long LastModifiedOn { get; init; }

    /// <summary>Whether this is an out-of-the-box, system resource.</summary>
    public bool System { get; init; }
}

/// <summary>A community.</summary>
public sealed record Community : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Community";

    /// <summary>The name, unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The parent community, if any.</summary>
    public NamedResourceReference? Parent { get; init; }
}

/// <summary>A domain.</summary>
public sealed record Domain : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Domain";

    /// <summary>The name, unique in its community.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The domain type.</summary>
    public required NamedResourceReference Type { get; init; }

    /// <summary>The community it belongs to.</summary>
    public required NamedResourceReference Community { get; init; }

    /// <summary>Always <see langword="false"/> in the embedded catalog.</summary>
    public bool ExcludedFromAutoHyperlinking { get; init; }
}

/// <summary>An asset.</summary>
public sealed record Asset : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Asset";

    /// <summary>The full name, unique in its domain.</summary>
    public required string Name { get; init; }

    /// <summary>The display name (the full name when none was given).</summary>
    public string? DisplayName { get; init; }

    /// <summary>The domain it belongs to.</summary>
    public required NamedResourceReference Domain { get; init; }

    /// <summary>The asset type.</summary>
    public required NamedResourceReference Type { get; init; }

    /// <summary>The status.</summary>
    public required NamedResourceReference Status { get; init; }

    /// <summary>Always 0 in the embedded catalog.</summary>
    public double ArticulationScore { get; init; }

    /// <summary>Always 0 in the embedded catalog.</summary>
    public double AvgRating { get; init; }

    /// <summary>Always 0 in the embedded catalog.</summary>
    public int RatingsCount { get; init; }

    /// <summary>Always <see langword="false"/> in the embedded catalog.</summary>
    public bool ExcludedFromAutoHyperlinking { get; init; }
}

/// <summary>An attribute value of an asset.</summary>
public sealed record CatalogAttribute : CatalogResource
{
    /// <summary>The attribute kind, e.g. <c>StringAttribute</c>.</summary>
    [JsonIgnore]
    public string Kind { get; init; } = "StringAttribute";

    /// <inheritdoc/>
    public override string ResourceType => Kind;

    /// <summary>The attribute type.</summary>
    public required NamedResourceReference Type { get; init; }

    /// <summary>The asset it belongs to.</summary>
    public required NamedResourceReference Asset { get; init; }

    /// <summary>The value, as text.</summary>
    public string? Value { get; init; }
}

/// <summary>A relation between two assets.</summary>
public sealed record Relation : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Relation";

    /// <summary>The source (head) asset.</summary>
    public required NamedResourceReference Source { get; init; }

    /// <summary>The target (tail) asset.</summary>
    public required NamedResourceReference Target { get; init; }

    /// <summary>The relation type (id and <c>RelationType</c>).</summary>
    public required NamedResourceReference Type { get; init; }
}

/// <summary>A status.</summary>
public sealed record Status : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Status";

    /// <summary>The name, unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }
}

/// <summary>An asset type.</summary>
public sealed record AssetType : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "AssetType";

    /// <summary>The name, unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The public id, e.g. <c>BusinessTerm</c>.</summary>
    public string? PublicId { get; init; }

    /// <summary>The parent type, if any.</summary>
    public NamedResourceReference? Parent { get; init; }

    /// <summary>CatalogSync extension: the status new assets of this type get, and restored assets get back.</summary>
    public NamedResourceReference? DefaultStatus { get; init; }

    /// <summary>Whether display names are enabled (always <see langword="true"/>).</summary>
    public bool DisplayNameEnabled { get; init; } = true;

    /// <summary>Whether ratings are enabled (always <see langword="false"/>).</summary>
    public bool RatingEnabled { get; init; }
}

/// <summary>A domain type.</summary>
public sealed record DomainType : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "DomainType";

    /// <summary>The name, unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>The parent type, if any.</summary>
    public NamedResourceReference? Parent { get; init; }
}

/// <summary>The value kinds of attribute types.</summary>
public enum AttributeKind
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A number.</summary>
    Numeric,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>A date (milliseconds since the epoch, or ISO 8601).</summary>
    Date,
    /// <summary>One value from a list.</summary>
    SingleValueList,
    /// <summary>Several values from a list.</summary>
    MultiValueList,
}

/// <summary>An attribute type.</summary>
public sealed record AttributeType : CatalogResource
{
    /// <summary>The value kind.</summary>
    [JsonIgnore]
    public AttributeKind Kind { get; init; }

    /// <inheritdoc/>
    public override string ResourceType => Kind + "AttributeType";

    /// <summary>The name, unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// For the list kinds, the values an attribute may take (Collibra's <c>allowedValues</c>), where the catalog serves
    /// them; <see langword="null"/> otherwise.
    /// </summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>The kind as Collibra spells it, e.g. <c>STRING</c>.</summary>
    [JsonPropertyName("kind")]
    public string KindName => Kind switch
    {
        AttributeKind.SingleValueList => "SINGLE_VALUE_LIST",
        AttributeKind.MultiValueList => "MULTI_VALUE_LIST",
        _ => Kind.ToString().ToUpperInvariant(),
    };
}

/// <summary>A relation type: head (source) type, role, co-role, tail (target) type.</summary>
public sealed record RelationType : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "RelationType";

    /// <summary>The head asset type.</summary>
    public required NamedResourceReference SourceType { get; init; }

    /// <summary>The tail asset type.</summary>
    public required NamedResourceReference TargetType { get; init; }

    /// <summary>The role read from source to target, e.g. "is part of".</summary>
    public required string Role { get; init; }

    /// <summary>The role read from target to source, e.g. "contains".</summary>
    public required string CoRole { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }
}

/// <summary>A tag.</summary>
public sealed record Tag : CatalogResource
{
    /// <inheritdoc/>
    public override string ResourceType => "Tag";

    /// <summary>The tag.</summary>
    public required string Name { get; init; }
}
