using CatalogSync.Contract;

namespace CatalogSync.Catalog.Metamodel;

/// <summary>A status of the metamodel.</summary>
public sealed record StatusInfo(Guid Id, string Name, string? Description);

/// <summary>An asset type: its parent, and the status its new (and restored) assets get.</summary>
public sealed record AssetTypeInfo(Guid Id, string Name, string? PublicId, Guid? ParentId, Guid DefaultStatusId, string? Description);

/// <summary>A domain type.</summary>
public sealed record DomainTypeInfo(Guid Id, string Name, string? Description);

/// <summary>An attribute type and the kind of its values.</summary>
public sealed record AttributeTypeInfo(Guid Id, string Name, AttributeKind Kind, string? Description);

/// <summary>A relation type: head (source) type, role, co-role, tail (target) type.</summary>
public sealed record RelationTypeInfo(Guid Id, Guid SourceTypeId, string Role, string CoRole, Guid TargetTypeId, string? Description);

/// <summary>A resource role for responsibilities.</summary>
public sealed record RoleInfo(Guid Id, string Name);

/// <summary>Everything the metamodel holds, as the store loads it.</summary>
public sealed record MetamodelData(
    IReadOnlyList<StatusInfo> Statuses,
    IReadOnlyList<AssetTypeInfo> AssetTypes,
    IReadOnlyList<DomainTypeInfo> DomainTypes,
    IReadOnlyList<AttributeTypeInfo> AttributeTypes,
    IReadOnlyList<RelationTypeInfo> RelationTypes,
    IReadOnlyList<RoleInfo> Roles);

/// <summary>The metamodel in memory, indexed by id and by name, for validating imports.</summary>
internal sealed class Metamodel
{
    public Metamodel(MetamodelData data)
    {
        Data = data;
        StatusesById = data.Statuses.ToDictionary(s => s.Id);
        StatusesByName = data.Statuses.ToDictionary(s => s.Name, StringComparer.Ordinal);
        AssetTypesById = data.AssetTypes.ToDictionary(t => t.Id);
        AssetTypesByName = data.AssetTypes.ToDictionary(t => t.Name, StringComparer.Ordinal);
        DomainTypesById = data.DomainTypes.ToDictionary(t => t.Id);
        DomainTypesByName = data.DomainTypes.ToDictionary(t => t.Name, StringComparer.Ordinal);
        AttributeTypesById = data.AttributeTypes.ToDictionary(t => t.Id);
        AttributeTypesByName = data.AttributeTypes.ToDictionary(t => t.Name, StringComparer.Ordinal);
        RelationTypesById = data.RelationTypes.ToDictionary(t => t.Id);
        RolesById = data.Roles.ToDictionary(t => t.Id);
        RolesByName = data.Roles.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public MetamodelData Data { get; }
    public IReadOnlyDictionary<Guid, StatusInfo> StatusesById { get; }
    public IReadOnlyDictionary<string, StatusInfo> StatusesByName { get; }
    public IReadOnlyDictionary<Guid, AssetTypeInfo> AssetTypesById { get; }
    public IReadOnlyDictionary<string, AssetTypeInfo> AssetTypesByName { get; }
    public IReadOnlyDictionary<Guid, DomainTypeInfo> DomainTypesById { get; }
    public IReadOnlyDictionary<string, DomainTypeInfo> DomainTypesByName { get; }
    public IReadOnlyDictionary<Guid, AttributeTypeInfo> AttributeTypesById { get; }
    public IReadOnlyDictionary<string, AttributeTypeInfo> AttributeTypesByName { get; }
    public IReadOnlyDictionary<Guid, RelationTypeInfo> RelationTypesById { get; }
    public IReadOnlyDictionary<Guid, RoleInfo> RolesById { get; }
    public IReadOnlyDictionary<string, RoleInfo> RolesByName { get; }

    /// <summary>Whether <paramref name="typeId"/> is <paramref name="ancestorId"/> or one of its sub-types.</summary>
    public bool IsA(Guid typeId, Guid ancestorId)
    {
        for (Guid? current = typeId; current is { } id; current = AssetTypesById.TryGetValue(id, out var t) ? t.ParentId : null)
        {
            if (id == ancestorId)
            {
                return true;
            }
        }

        return false;
    }
}
