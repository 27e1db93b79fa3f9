using System;

namespace CatalogSync.Declarations.Model;

// The declaration model: what a [SyncAsset] type, a [SyncPlan] class or a sync manifest declares, and what the
// generator emits from it. Strings, numbers, enums and EquatableArray only, never a symbol, syntax node or
// compilation (this library does not reference Roslyn), so the models compare by value and cache in the generator's
// incremental pipeline, and the CLI checks a manifest with the same rules.

/// <summary>The value types a mapped member can hold.</summary>
internal enum ValueKind
{
    String,
    Boolean,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    DateTime,
    DateOnly,
    Guid,
    Enum,
}

/// <summary>
/// A member's shape: the scalar kind, whether it is a sequence, and where null checks are needed
/// (<paramref name="ContainerNullable"/>: the member itself; <paramref name="ElementNullable"/>: each value).
/// </summary>
internal sealed record ValueShape(ValueKind Kind, string? EnumType, bool IsSequence, bool ContainerNullable, bool ElementNullable);

/// <summary>An enum used by a mapped member, with one name per distinct value.</summary>
internal sealed record EnumModel(string FullName, string MethodName, EquatableArray<string> Members);

/// <summary>A member mapped to an attribute type.</summary>
internal sealed record AttributeMapping(string AttributeType, string Member, ValueShape Shape);

/// <summary>A member mapped to a relation; the target's container is resolved across types.</summary>
internal sealed record RelationMapping(
    string RelationTypeId,
    RelationRole Role,
    string TargetKey,
    string TargetName,
    string TargetShortName,
    string Member,
    bool IsSequence,
    bool ContainerNullable,
    LocationInfo? Location)
{
    /// <summary>The Import API's relation key, <c>typeId:SOURCE</c> or <c>typeId:TARGET</c>.</summary>
    public string Key => RelationTypeId + ":" + Role.ToString().ToUpperInvariant();
}

/// <summary>A declared missing policy.</summary>
internal sealed record PolicyModel(MissingStrategy Strategy, string? StatusId, string? StatusName)
{
    public static PolicyModel Default { get; } = new(MissingStrategy.RemoveResources, null, null);

    public string Describe() => Strategy switch
    {
        MissingStrategy.ChangeStatus when StatusId is not null => "ChangeStatus to status " + StatusId,
        MissingStrategy.ChangeStatus => "ChangeStatus to status '" + StatusName + "'",
        _ => Strategy.ToString(),
    };
}

/// <summary>The per-type deletion guard of [MissingPolicy]: -1 takes the run's.</summary>
internal sealed record GuardModel(int MaxMissingPercent, int MaxMissingCount)
{
    public static GuardModel None { get; } = new(-1, -1);
}

/// <summary>One [SyncAsset] type, parsed. <c>IsNameable</c>: generated code can name the type (no CSYNC019 on the type itself).</summary>
internal sealed record AssetTypeModel(
    string Key,
    string TypeName,
    string ShortName,
    string Namespace,
    string MapperName,
    bool IsPublic,
    bool IsReferenceType,
    bool IsNameable,
    string AssetType,
    string Community,
    string? Domain,
    string DomainType,
    string? SyncId,
    string? MovedFrom,
    PolicyModel? Policy,
    GuardModel Guard,
    string? NameMember,
    string? DisplayNameMember,
    string? StatusMember,
    string? TagsMember,
    bool TagsContainerNullable,
    string? DomainMember,
    EquatableArray<AttributeMapping> Attributes,
    EquatableArray<RelationMapping> Relations,
    EquatableArray<EnumModel> Enums,
    LocationInfo? Location,
    LocationInfo? AttributeLocation,
    EquatableArray<DiagnosticInfo> Diagnostics,
    MetamodelRefs Refs)
{
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public PolicyModel EffectivePolicy => Policy ?? PolicyModel.Default;

    public string MapperFullName => "global::" + (Namespace.Length == 0 ? "" : Namespace + ".") + MapperName;
}

/// <summary>A [RemovedSyncId] of a plan: the ID, what becomes of its assets and the status for ChangeStatus (and where it is given).</summary>
internal sealed record RemovalModel(string SyncId, RemovedAssets Then, string? StatusId, string? StatusName, LocationInfo? Location, LocationInfo? StatusLocation = null);

/// <summary>A type listed in a [SyncPlan].</summary>
internal sealed record PlanTypeReference(string Key, string TypeName, string ShortName, LocationInfo? Location);

/// <summary>One [SyncPlan] class, parsed.</summary>
internal sealed record PlanModel(
    string Namespace,
    string ClassName,
    string Name,
    bool NamePinned,
    int BatchSize,
    EquatableArray<PlanTypeReference> Types,
    EquatableArray<RemovalModel> Removals,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>A relation whose listed assets' container is known.</summary>
internal sealed record ResolvedRelation(RelationMapping Mapping, string Community, string Domain);

/// <summary>Everything needed to emit one mapper.</summary>
internal sealed record MapperModel(AssetTypeModel Type, EquatableArray<ResolvedRelation> Relations);

/// <summary>One type of a plan's group, as emitted.</summary>
internal sealed record PlanTypeOutput(
    string TypeName,
    string AssetType,
    string Community,
    string? Domain,
    string DomainType,
    bool PerItemDomain,
    EquatableArray<PlanAttributeOutput> Attributes,
    EquatableArray<PlanRelationOutput> Relations,
    GuardModel Guard,
    string? MovedFrom);

/// <summary>A mapped attribute as the plan description states it: <c>SyncValueKind</c> is the runtime enum's member name.</summary>
internal sealed record PlanAttributeOutput(string AttributeType, string Member, string SyncValueKind, bool IsSequence);

/// <summary>A mapped relation as the plan description states it, with the listed assets' asset type resolved.</summary>
internal sealed record PlanRelationOutput(string RelationTypeId, RelationRole Role, string TargetTypeName, string TargetAssetType, string Member);

/// <summary>One synchronization ID of a plan, as emitted.</summary>
internal sealed record PlanGroupOutput(string SyncId, MissingStrategy Strategy, string? StatusId, string? StatusName, EquatableArray<PlanTypeOutput> Types);

/// <summary>One RunAsync parameter.</summary>
internal sealed record PlanParameter(string Key, string TypeName, string AssetType, string ParameterName, string MapperFullName);

/// <summary>
/// Everything needed to emit one plan. A <paramref name="IsStub"/> plan has errors: it gets the same members, which
/// throw, so that its call sites compile and the errors that are reported are the plan's own (no CS0117 at each call).
/// </summary>
internal sealed record PlanOutput(
    string Namespace,
    string ClassName,
    string Name,
    int BatchSize,
    bool IsPublic,
    EquatableArray<PlanGroupOutput> Groups,
    EquatableArray<PlanParameter> Parameters,
    EquatableArray<RemovalOutput> Removals,
    bool IsStub = false);

/// <summary>A [RemovedSyncId] as emitted (no location).</summary>
internal sealed record RemovalOutput(string SyncId, RemovedAssets Then, string? StatusId, string? StatusName);

/// <summary>The whole compilation's result: what to emit and what to report.</summary>
internal sealed record GenerationModel(
    EquatableArray<MapperModel> Mappers,
    EquatableArray<PlanOutput> Plans,
    EquatableArray<DiagnosticInfo> Diagnostics);

internal static class Strings
{
    public static bool IsNullOrWhiteSpace(string? value)
    {
        if (value is null)
        {
            return true;
        }

        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsUuid(string? value) => value is not null && Guid.TryParseExact(value, "D", out _);

    /// <summary>A UUID written in another format (no hyphens, braces, parentheses) in the expected one; null for anything else.</summary>
    public static string? UuidReplacement(string? value) =>
        value is not null && !IsUuid(value) && Guid.TryParse(value.Trim(), out var uuid) ? uuid.ToString("D") : null;
}
