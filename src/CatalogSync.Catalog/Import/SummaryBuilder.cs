using CatalogSync.Catalog.Storage;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Import;

/// <summary>Counts what a job did, per resource kind and per type, into Collibra's <see cref="ImportSummary"/> shape.</summary>
internal sealed class SummaryBuilder(Metamodel.Metamodel metamodel)
{
    public enum Change { Added, Updated, Unchanged, Removed, Retired, Restored }

    private readonly Dictionary<(ImportResourceType Kind, Guid TypeId), int[]> _counts = [];

    public void Count(ImportResourceType kind, Guid typeId, Change change, int amount = 1)
    {
        if (amount == 0)
        {
            return;
        }

        if (!_counts.TryGetValue((kind, typeId), out var counters))
        {
            counters = new int[6];
            _counts[(kind, typeId)] = counters;
        }

        counters[(int)change] += amount;
    }

    public void Count(IEnumerable<TypeCount> counts, Change change)
    {
        foreach (var c in counts)
        {
            var kind = c.Kind switch
            {
                OwnedKind.Community => ImportResourceType.Community,
                OwnedKind.Domain => ImportResourceType.Domain,
                _ => ImportResourceType.Asset,
            };
            Count(kind, c.TypeId, change, c.Count);
        }
    }

    public void Clear() => _counts.Clear();

    public int Total(Change change) => _counts.Values.Sum(c => c[(int)change]);

    public int Total(ImportResourceType kind, Change change) => _counts.Where(c => c.Key.Kind == kind).Sum(c => c.Value[(int)change]);

    public ImportSummary Build(int errorsCount, ImportJobState state)
    {
        var kinds = _counts
            .GroupBy(c => c.Key.Kind)
            .OrderBy(g => g.Key)
            .Select(g => new ResourceTypeSummary
            {
                ResourceType = g.Key,
                Counters = g.Select(c => ToCounters(c.Value)).Aggregate(new ImportCounters(), (a, b) => a + b),
                Subcategories = g.Where(c => c.Key.TypeId != Guid.Empty)
                    .Select(c => new SubcategorySummary { Category = Category(c.Key.Kind, c.Key.TypeId), Counters = ToCounters(c.Value) })
                    .OrderBy(s => s.Category.Name, StringComparer.Ordinal)
                    .ToList(),
            })
            .ToList();
        return new ImportSummary { ResourceTypes = kinds, ErrorsCount = errorsCount, ImportJobState = state };
    }

    private static ImportCounters ToCounters(int[] c) => new()
    {
        Added = c[(int)Change.Added],
        Updated = c[(int)Change.Updated],
        Unchanged = c[(int)Change.Unchanged],
        Removed = c[(int)Change.Removed],
        Retired = c[(int)Change.Retired],
        Restored = c[(int)Change.Restored],
    };

    private CategoryReference Category(ImportResourceType kind, Guid typeId) => new()
    {
        Id = typeId,
        Name = kind switch
        {
            ImportResourceType.Asset when metamodel.AssetTypesById.TryGetValue(typeId, out var t) => t.Name,
            ImportResourceType.Domain when metamodel.DomainTypesById.TryGetValue(typeId, out var d) => d.Name,
            ImportResourceType.Attribute when metamodel.AttributeTypesById.TryGetValue(typeId, out var a) => a.Name,
            ImportResourceType.Relation when metamodel.RelationTypesById.TryGetValue(typeId, out var r) => $"{metamodel.AssetTypesById[r.SourceTypeId].Name} {r.Role} {metamodel.AssetTypesById[r.TargetTypeId].Name}",
            _ => typeId.ToString(),
        },
    };
}
