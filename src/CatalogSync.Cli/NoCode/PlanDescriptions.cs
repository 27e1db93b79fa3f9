using CatalogSync.Declarations.Model;
using CatalogSync.Plans;

namespace CatalogSync.Cli.NoCode;

/// <summary>
/// The runtime's plan description of a resolved declaration: what the generator writes as C# for a [SyncPlan]
/// (Emitter), built here at run time for a manifest without code, from the same model.
/// </summary>
internal static class PlanDescriptions
{
    public static SyncPlanDescription From(PlanOutput plan) =>
        new(plan.Name, plan.BatchSize, plan.Groups.Select(Group).ToList())
        {
            Removed = plan.Removals.Select(r => new SyncIdRemoval(r.SyncId, r.Then, r.StatusId is { } id ? Guid.Parse(id) : null, r.StatusName)).ToList(),
        };

    private static SyncGroupDescription Group(PlanGroupOutput group) =>
        new(group.SyncId, group.Strategy, group.StatusId is { } id ? Guid.Parse(id) : null, group.StatusName, group.Types.Select(Type).ToList());

    private static SyncTypeDescription Type(PlanTypeOutput type) =>
        new(type.TypeName, type.AssetType, type.Community, type.Domain, type.DomainType, type.PerItemDomain)
        {
            Attributes = type.Attributes.Select(a => new SyncAttributeDescription(a.AttributeType, a.Member, Enum.Parse<SyncValueKind>(a.SyncValueKind), a.IsSequence)).ToList(),
            Relations = type.Relations.Select(r => new SyncRelationDescription(Guid.Parse(r.RelationTypeId), r.Role, r.TargetTypeName, r.TargetAssetType, r.Member)).ToList(),
            MaxMissingPercent = type.Guard.MaxMissingPercent < 0 ? null : type.Guard.MaxMissingPercent,
            MaxMissingCount = type.Guard.MaxMissingCount < 0 ? null : type.Guard.MaxMissingCount,
            MovedFrom = type.MovedFrom,
        };
}
