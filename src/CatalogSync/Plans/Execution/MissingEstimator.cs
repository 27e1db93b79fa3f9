using System.Text.Json;
using System.Text.Json.Serialization;
using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// For a preview against an endpoint that does not simulate synchronizations: an upper bound of what a group's
/// finalization would remove or retire, by comparing the identities (asset name + domain) the sources wrote with the
/// catalog's assets of the group's types in the domains the sources write to, read through <see cref="ICatalogReader"/>
/// (Core REST, paged). It counts every such asset the sources no longer name, including assets the synchronization ID
/// does not own (which a finalization would leave alone): hence "at most".
/// </summary>
internal static class MissingEstimator
{
    private const int PageSize = 1000;

    /// <summary>The asset identities in an Import API JSON file: asset type → (community, domain) → names.</summary>
    public static async Task<Dictionary<string, Dictionary<(string Community, string Domain), HashSet<string>>>> ReadIdentitiesAsync(Stream file, CancellationToken cancellationToken)
    {
        var identities = new Dictionary<string, Dictionary<(string, string), HashSet<string>>>(StringComparer.OrdinalIgnoreCase);
        file.Position = 0;
        await foreach (var resource in JsonSerializer.DeserializeAsyncEnumerable(file, PreviewJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false))
        {
            if (!resource.TryGetProperty("resourceType", out var kind) || kind.GetString() != "Asset"
                || !resource.TryGetProperty("identifier", out var identifier)
                || !resource.TryGetProperty("type", out var type) || !type.TryGetProperty("name", out var typeName))
            {
                continue;
            }

            var name = identifier.GetProperty("name").GetString()!;
            var domain = identifier.GetProperty("domain");
            var key = (domain.GetProperty("community").GetProperty("name").GetString()!, domain.GetProperty("name").GetString()!);
            var assetType = typeName.GetString()!;
            if (!identities.TryGetValue(assetType, out var byDomain))
            {
                identities[assetType] = byDomain = [];
            }

            if (!byDomain.TryGetValue(key, out var names))
            {
                byDomain[key] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            names.Add(name);
        }

        return identities;
    }

    /// <summary>
    /// Per asset type of the group, how many assets of that type in the group's domains the sources do not name (for
    /// <see cref="MissingStrategy.ChangeStatus"/>: and that do not have the missing status already), as
    /// <see cref="ImportCounters.Removed"/> or <see cref="ImportCounters.Retired"/> by the group's strategy.
    /// </summary>
    public static Task<IReadOnlyList<SubcategorySummary>> EstimateAsync(
        ICatalogReader reader,
        SyncGroupDescription group,
        Guid? statusId,
        Dictionary<string, Dictionary<(string Community, string Domain), HashSet<string>>> identities,
        CancellationToken cancellationToken) =>
        EstimateAsync(
            reader,
            group,
            statusId,
            identities.ToDictionary(i => i.Key, i => i.Value.Keys.ToHashSet(), StringComparer.OrdinalIgnoreCase),
            (assetType, community, domain, name) => identities.TryGetValue(assetType, out var byDomain) && byDomain.TryGetValue((community, domain), out var names) && names.Contains(name),
            cancellationToken);

    /// <summary>
    /// The same count for a run, which holds no names: <paramref name="domains"/> says where the group's items of each
    /// asset type were written, <paramref name="present"/> (asset type, community, domain, name) whether an item of the
    /// run lands on a catalog asset (the run's <see cref="SourceIdentityChecker.Contains"/>).
    /// </summary>
    public static async Task<IReadOnlyList<SubcategorySummary>> EstimateAsync(
        ICatalogReader reader,
        SyncGroupDescription group,
        Guid? statusId,
        IReadOnlyDictionary<string, HashSet<(string Community, string Domain)>> domains,
        Func<string, string, string, string, bool> present,
        CancellationToken cancellationToken)
    {
        var result = new List<SubcategorySummary>();
        foreach (var assetType in group.Types.Select(t => t.AssetType).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var byDomain = domains.TryGetValue(assetType, out var found) ? new HashSet<(string Community, string Domain)>(found) : [];
            foreach (var type in group.Types.Where(t => string.Equals(t.AssetType, assetType, StringComparison.OrdinalIgnoreCase)))
            {
                if (type.Domain is not null)
                {
                    byDomain.Add((type.Community, type.Domain));
                }

                if (type.PerItemDomain || type.Domain is null)
                {
                    // Items choose their domain: a domain the source stopped naming altogether (a dropped schema) is
                    // not among those written to, so every domain of the community is read. More than the ID owns:
                    // still an upper bound, never a lower one.
                    await AddCommunityDomainsAsync(reader, type.Community, byDomain, cancellationToken).ConfigureAwait(false);
                }
            }

            var typeRef = (await reader.FindAssetTypesAsync(assetType, NameMatchMode.Exact, cancellationToken: cancellationToken).ConfigureAwait(false))
                .Results.FirstOrDefault(t => string.Equals(t.Name, assetType, StringComparison.OrdinalIgnoreCase));
            if (typeRef is null)
            {
                continue; // the catalog has no such type yet, so no asset of it can go missing
            }

            var missing = 0;
            foreach (var (communityName, domainName) in byDomain)
            {
                var domainId = await FindDomainAsync(reader, communityName, domainName, cancellationToken).ConfigureAwait(false);
                if (domainId is null)
                {
                    continue;
                }

                for (var offset = 0; ; offset += PageSize)
                {
                    var page = await reader.FindAssetsAsync(
                        new AssetQuery { DomainId = domainId, TypeIds = [typeRef.Id], TypeInheritance = false, Paging = new Paging { Offset = offset, Limit = PageSize } },
                        cancellationToken).ConfigureAwait(false);
                    missing += page.Results.Count(a => !present(assetType, communityName, domainName, a.Name) && (group.Strategy != MissingStrategy.ChangeStatus || a.Status.Id != statusId));
                    if (page.Results.Count < PageSize)
                    {
                        break;
                    }
                }
            }

            var counters = group.Strategy switch
            {
                MissingStrategy.RemoveResources => new ImportCounters { Removed = missing },
                MissingStrategy.ChangeStatus => new ImportCounters { Retired = missing },
                _ => new ImportCounters(),
            };
            result.Add(new SubcategorySummary { Category = new CategoryReference { Id = typeRef.Id, Name = typeRef.Name }, Counters = counters });
        }

        return result;
    }

    private static async Task AddCommunityDomainsAsync(ICatalogReader reader, string communityName, HashSet<(string Community, string Domain)> domains, CancellationToken cancellationToken)
    {
        var communities = await reader.FindCommunitiesAsync(communityName, NameMatchMode.Exact, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (communities.Results.FirstOrDefault(c => string.Equals(c.Name, communityName, StringComparison.Ordinal)) is not { } community)
        {
            return;
        }

        for (var offset = 0; ; offset += PageSize)
        {
            var page = await reader.FindDomainsAsync(communityId: community.Id, paging: new Paging { Offset = offset, Limit = PageSize }, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var domain in page.Results)
            {
                domains.Add((communityName, domain.Name));
            }

            if (page.Results.Count < PageSize)
            {
                return;
            }
        }
    }

    private static async Task<Guid?> FindDomainAsync(ICatalogReader reader, string communityName, string domainName, CancellationToken cancellationToken)
    {
        var communities = await reader.FindCommunitiesAsync(communityName, NameMatchMode.Exact, cancellationToken: cancellationToken).ConfigureAwait(false);
        var community = communities.Results.FirstOrDefault(c => string.Equals(c.Name, communityName, StringComparison.Ordinal));
        if (community is null)
        {
            return null;
        }

        var domains = await reader.FindDomainsAsync(domainName, NameMatchMode.Exact, community.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return domains.Results.FirstOrDefault(d => string.Equals(d.Name, domainName, StringComparison.Ordinal))?.Id;
    }
}

/// <summary>Reflection-free metadata to stream an Import API file's resources one at a time.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class PreviewJsonContext : JsonSerializerContext;
