using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>A name-or-id reference, e.g. a type, status or community identifier.</summary>
internal sealed record NameOrId(Guid? Id, string? Name)
{
    public bool IsEmpty => Id is null && string.IsNullOrEmpty(Name);

    public override string ToString() => Id?.ToString() ?? $"{InputText.Quote(Name)}";
}

/// <summary>Identifies a community: by id, or by name (community names are unique).</summary>
internal sealed record CommunityRef(Guid? Id, string? Name)
{
    public override string ToString() => Id is { } id ? $"community {id}" : $"community {InputText.Quote(Name)}";
}

/// <summary>Identifies a domain: by id, or by name within a community.</summary>
internal sealed record DomainRef(Guid? Id, string? Name, CommunityRef? Community)
{
    public override string ToString() => Id is { } id ? $"domain {id}" : $"domain {InputText.Quote(Name)} of {Community}";
}

/// <summary>Identifies an asset: by id, or by name within a domain.</summary>
internal sealed record AssetRef(Guid? Id, string? Name, DomainRef? Domain)
{
    public override string ToString() => Id is { } id ? $"asset {id}" : $"asset {InputText.Quote(Name)} in {Domain}";
}

/// <summary>One owner in a responsibilities map: a user or a user group, by id or name.</summary>
internal sealed record OwnerRef(string Kind, string Key);

/// <summary>The relations of one key: <c>"&lt;relationTypeId&gt;:SOURCE"</c> lists the sources of relations whose target is the asset.</summary>
internal sealed record RelationGroup(string Key, Guid TypeId, bool ListedAreSources, IReadOnlyList<AssetRef> Assets);

/// <summary>A parsed import command. Fields that were absent from the JSON are <see langword="null"/>.</summary>
internal abstract record ImportCommand
{
    /// <summary>Zero-based position in the input.</summary>
    public required int Index { get; init; }

    /// <summary>A stable hash of everything the command says, for the unchanged-resource cache.</summary>
    public required string Hash { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<OwnerRef>>? Responsibilities { get; init; }

    /// <summary>The CSV or Excel row the command was made from, named in its errors; <see langword="null"/> for JSON input.</summary>
    public TabularSource? Source { get; init; }

    public abstract ImportResourceType ResourceType { get; }

    public abstract string Describe();
}

internal sealed record CommunityCommand : ImportCommand
{
    public required CommunityRef Identifier { get; init; }
    public string? NewName { get; init; }
    public string? Description { get; init; }
    public CommunityRef? Parent { get; init; }

    public override ImportResourceType ResourceType => ImportResourceType.Community;

    public override string Describe() => "Community " + Identifier.ToString()["community ".Length..];
}

internal sealed record DomainCommand : ImportCommand
{
    public required DomainRef Identifier { get; init; }
    public string? NewName { get; init; }
    public string? Description { get; init; }
    public CommunityRef? Community { get; init; }
    public NameOrId? Type { get; init; }

    public override ImportResourceType ResourceType => ImportResourceType.Domain;

    public override string Describe() => "Domain " + Identifier.ToString()["domain ".Length..];
}

internal sealed record AssetCommand : ImportCommand
{
    public required AssetRef Identifier { get; init; }
    public string? NewName { get; init; }
    public string? DisplayName { get; init; }
    public DomainRef? Domain { get; init; }
    public NameOrId? Type { get; init; }
    public NameOrId? Status { get; init; }
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>? Attributes { get; init; }
    public IReadOnlyList<RelationGroup>? Relations { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    public override ImportResourceType ResourceType => ImportResourceType.Asset;

    public override string Describe() => "Asset " + Identifier.ToString()["asset ".Length..];
}

/// <summary>A command the reader could not turn into a valid command; reported as a validation error.</summary>
internal sealed record InvalidCommand : ImportCommand
{
    public required ImportResourceType Kind { get; init; }
    public required string Message { get; init; }
    public string Identifier { get; init; } = "";

    public override ImportResourceType ResourceType => Kind;

    public override string Describe() => Identifier;
}

/// <summary>
/// A resource that the unchanged-resource cache recognised by its hash alone, before it was read into a command: already marked
/// seen and counted <c>unchanged</c> (see <see cref="ImportCommandReader.ReadAsync(Stream, int, Func{string, bool}?, CancellationToken)"/>).
/// </summary>
internal sealed record SkippedCommand : ImportCommand
{
    public required ImportResourceType Kind { get; init; }

    public override ImportResourceType ResourceType => Kind;

    public override string Describe() => "";
}
