using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>The resource kinds an import reports on (Collibra's import resource type enum).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportResourceType>))]
public enum ImportResourceType
{
    /// <summary>A community.</summary>
    [JsonStringEnumMemberName("COMMUNITY")] Community,
    /// <summary>A domain.</summary>
    [JsonStringEnumMemberName("DOMAIN")] Domain,
    /// <summary>An asset.</summary>
    [JsonStringEnumMemberName("ASSET")] Asset,
    /// <summary>An attribute.</summary>
    [JsonStringEnumMemberName("ATTRIBUTE")] Attribute,
    /// <summary>A relation.</summary>
    [JsonStringEnumMemberName("RELATION")] Relation,
    /// <summary>A complex relation (not supported by the embedded catalog).</summary>
    [JsonStringEnumMemberName("COMPLEX_RELATION")] ComplexRelation,
    /// <summary>A mapping (not supported by the embedded catalog).</summary>
    [JsonStringEnumMemberName("MAPPING")] Mapping,
    /// <summary>A responsibility.</summary>
    [JsonStringEnumMemberName("RESPONSIBILITY")] Responsibility,
}

/// <summary>Final state of an import, as in <see cref="ImportSummary.ImportJobState"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportJobState>))]
public enum ImportJobState
{
    /// <summary>Every command succeeded.</summary>
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    /// <summary>The import failed and changed nothing.</summary>
    [JsonStringEnumMemberName("FAILED")] Failed,
    /// <summary>Valid commands were committed, invalid ones reported.</summary>
    [JsonStringEnumMemberName("COMPLETED_WITH_ERRORS")] CompletedWithErrors,
    /// <summary>The import was cancelled and changed nothing.</summary>
    [JsonStringEnumMemberName("ABORTED")] Aborted,
}

/// <summary>Whether an error was found while validating the input or while applying it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportErrorType>))]
public enum ImportErrorType
{
    /// <summary>The command is invalid (bad JSON, unknown type or status, missing identifier part…).</summary>
    [JsonStringEnumMemberName("VALIDATION")] Validation,
    /// <summary>The command was valid but could not be applied.</summary>
    [JsonStringEnumMemberName("RUNTIME")] Runtime,
}

/// <summary>Counters of an import (Collibra's <c>ImportCounters</c>, plus CatalogSync's extensions).</summary>
public sealed record ImportCounters
{
    /// <summary>Resources created.</summary>
    public int Added { get; init; }

    /// <summary>Resources removed.</summary>
    public int Removed { get; init; }

    /// <summary>Resources changed.</summary>
    public int Updated { get; init; }

    /// <summary>CatalogSync extension: resources that were sent but already matched the catalog, so nothing was written.</summary>
    public int Unchanged { get; init; }

    /// <summary>CatalogSync extension: missing assets whose status was changed by a <c>CHANGE_STATUS</c> finalization.</summary>
    public int Retired { get; init; }

    /// <summary>CatalogSync extension: previously retired assets that reappeared and got their type's default status back.</summary>
    public int Restored { get; init; }

    /// <summary>The sum of two counter sets.</summary>
    public static ImportCounters operator +(ImportCounters left, ImportCounters right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new ImportCounters
        {
            Added = left.Added + right.Added,
            Removed = left.Removed + right.Removed,
            Updated = left.Updated + right.Updated,
            Unchanged = left.Unchanged + right.Unchanged,
            Retired = left.Retired + right.Retired,
            Restored = left.Restored + right.Restored,
        };
    }

    /// <summary>Named alternative to the <c>+</c> operator.</summary>
    public static ImportCounters Add(ImportCounters left, ImportCounters right) => left + right;
}

/// <summary>A reference to a resource's type, e.g. "Business Term" (Collibra's <c>CategoryReference</c>).</summary>
public sealed record CategoryReference
{
    /// <summary>The type's id.</summary>
    public Guid Id { get; init; }

    /// <summary>The type's name.</summary>
    public string Name { get; init; } = "";
}

/// <summary>Counters for one type of resource, e.g. the assets of type "Business Term".</summary>
public sealed record SubcategorySummary
{
    /// <summary>The asset or domain type.</summary>
    public required CategoryReference Category { get; init; }

    /// <summary>Its counters.</summary>
    public required ImportCounters Counters { get; init; }
}

/// <summary>Counters for one resource kind (Collibra's <c>ResourceTypeSummary</c>).</summary>
public sealed record ResourceTypeSummary
{
    /// <summary>The resource kind.</summary>
    public required ImportResourceType ResourceType { get; init; }

    /// <summary>The kind's total counters.</summary>
    public required ImportCounters Counters { get; init; }

    /// <summary>Counters per asset or domain type.</summary>
    public IReadOnlyList<SubcategorySummary> Subcategories { get; init; } = [];
}

/// <summary>The summary of an import job (Collibra's <c>ImportSummary</c>).</summary>
public sealed record ImportSummary
{
    /// <summary>Counters per resource kind.</summary>
    public IReadOnlyList<ResourceTypeSummary> ResourceTypes { get; init; } = [];

    /// <summary>How many errors were reported.</summary>
    public int ErrorsCount { get; init; }

    /// <summary>The import's final state.</summary>
    public ImportJobState ImportJobState { get; init; }

    /// <summary>Counters of one resource kind, or zeros when the job did not touch it.</summary>
    public ImportCounters CountersFor(ImportResourceType resourceType) =>
        ResourceTypes.FirstOrDefault(r => r.ResourceType == resourceType)?.Counters ?? new ImportCounters();
}

/// <summary>Where an import error comes from (Collibra's <c>ImportCommandReference</c>).</summary>
public sealed record ImportCommandReference
{
    /// <summary>Zero-based positions of the command in the input file.</summary>
    public IReadOnlyList<int> Indices { get; init; } = [];

    /// <summary>The command's identifier as text, e.g. <c>Asset 'Orders' in domain 'Sales' of community 'Warehouse'</c>.</summary>
    public string Identifier { get; init; } = "";
}

/// <summary>One error of an import job (Collibra's <c>ImportError</c>).</summary>
public sealed record ImportError
{
    /// <summary>Validation or runtime.</summary>
    public ImportErrorType ErrorType { get; init; }

    /// <summary>The kind of resource the failing command was about.</summary>
    public ImportResourceType ResourceType { get; init; }

    /// <summary>What is wrong and how to fix it.</summary>
    public required string ErrorMessage { get; init; }

    /// <summary>The failing command.</summary>
    public ImportCommandReference Command { get; init; } = new();
}

/// <summary>A page of results (Collibra's <c>PagedResponse…</c> schemas).</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed record PagedResponse<T>
{
    /// <summary>The total number of matching results (possibly capped by <c>countLimit</c>).</summary>
    public long Total { get; init; }

    /// <summary>The offset of the first result.</summary>
    public long Offset { get; init; }

    /// <summary>The page size that was applied.</summary>
    public long Limit { get; init; }

    /// <summary>The results of this page.</summary>
    public IReadOnlyList<T> Results { get; init; } = [];

    /// <summary>
    /// With cursor paging (Collibra's <c>cursor</c> parameter of <c>GET /assets</c>): the cursor of the next page, to
    /// send as <c>cursor</c>; <see langword="null"/> (and absent from the JSON) on the last page and without cursor paging.
    /// </summary>
    public string? NextCursor { get; init; }
}

/// <summary>A known synchronization (Collibra's <c>SynchronizationInfo</c>).</summary>
public sealed record SynchronizationInfo
{
    /// <summary>The synchronization id.</summary>
    public required string SynchronizationId { get; init; }
}
