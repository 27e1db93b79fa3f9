namespace CatalogSync.Declarations.Model;

// What a declaration names of the catalog's metamodel, with the location of each name, for the metamodel check.

/// <summary>A string argument as written: its value and the location of its literal.</summary>
internal sealed record NameRef(string Value, LocationInfo? Location);

/// <summary>An enum member a list attribute can receive, and where it is declared.</summary>
internal sealed record EnumMemberRef(string Name, LocationInfo? Location);

/// <summary>A [CatalogAttribute] as the metamodel check needs it: the name's literal, and what the member can hold.</summary>
internal sealed record AttributeRef(
    NameRef Name,
    string Member,
    string MemberType,
    ValueShape Shape,
    EquatableArray<EnumMemberRef> EnumMembers,
    NameRef? ConstantValue);

/// <summary>A [Relation] as the metamodel check needs it: the id's and the role's locations and the listed type.</summary>
internal sealed record RelationRef(NameRef TypeId, string Role, LocationInfo? RoleLocation, string TargetKey, string TargetShortName, string Member);

/// <summary>Everything of one [SyncAsset] type that names something of the metamodel.</summary>
internal sealed record MetamodelRefs(
    NameRef AssetType,
    NameRef? DomainType,
    NameRef? StatusId,
    NameRef? StatusName,
    EquatableArray<AttributeRef> Attributes,
    EquatableArray<RelationRef> Relations)
{
    public static MetamodelRefs None { get; } = new(new NameRef("", null), null, null, null, EquatableArray<AttributeRef>.Empty, EquatableArray<RelationRef>.Empty);
}
