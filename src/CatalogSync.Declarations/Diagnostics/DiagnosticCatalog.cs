using System.Collections.Generic;

namespace CatalogSync.Declarations.Diagnostics;

/// <summary>
/// Every CSYNC diagnostic as plain data: the source generator turns each into a Roslyn descriptor, the CLI prints the
/// same IDs with the same words. IDs are stable: never renumber or reuse one (docs/diagnostics/README.md).
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class DiagnosticCatalog
{
    /// <summary>CSYNC001: a [SyncAsset] type has no [AssetName] member.</summary>
    public static readonly DiagnosticRule MissingAssetName = Error(
        "CSYNC001",
        "A [SyncAsset] type needs an [AssetName] member",
        "'{0}' has no [AssetName] member: mark the string member that holds the asset's full name with [AssetName]");

    /// <summary>CSYNC002: a single-valued role is on more than one member.</summary>
    public static readonly DiagnosticRule DuplicateRole = Error(
        "CSYNC002",
        "A member role is given more than once",
        "'{0}' marks both '{1}' and '{2}' with [{3}]: keep [{3}] on exactly one member");

    /// <summary>CSYNC003: ChangeStatus without a status.</summary>
    public static readonly DiagnosticRule ChangeStatusWithoutStatus = Error(
        "CSYNC003",
        "MissingStrategy.ChangeStatus needs a status",
        "'{0}' changes the status of missing assets but names no status: add StatusId = \"00000000-0000-0000-0000-000000005066\" (Missing from source) or StatusName = \"…\"");

    /// <summary>CSYNC004: StatusId is not a UUID.</summary>
    public static readonly DiagnosticRule StatusIdNotUuid = Error(
        "CSYNC004",
        "StatusId must be a UUID",
        "StatusId '{0}' on '{1}' is not a UUID: give the status id as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, e.g. 00000000-0000-0000-0000-000000005066, or use StatusName");

    /// <summary>CSYNC005: a status with a strategy that does not use it.</summary>
    public static readonly DiagnosticRule StatusWithoutEffect = Warning(
        "CSYNC005",
        "The status has no effect with this strategy",
        "{0} on '{1}' has no effect with MissingStrategy.{2}: only MissingStrategy.ChangeStatus uses a status; remove {0} or change the strategy");

    /// <summary>CSYNC006: [MissingPolicy] on a type without [SyncAsset].</summary>
    public static readonly DiagnosticRule PolicyWithoutSyncAsset = Warning(
        "CSYNC006",
        "[MissingPolicy] has no effect without [SyncAsset]",
        "[MissingPolicy] on '{0}' has no effect because '{0}' has no [SyncAsset]: add [SyncAsset(...)] or remove [MissingPolicy]");

    /// <summary>CSYNC007: both StatusId and StatusName.</summary>
    public static readonly DiagnosticRule StatusIdAndName = Error(
        "CSYNC007",
        "Give StatusId or StatusName, not both",
        "'{0}' gives both StatusId and StatusName: keep one (a StatusId must be a status id of the catalog, a StatusName is looked up in the catalog at run time)");

    /// <summary>CSYNC008: no [MissingPolicy].</summary>
    public static readonly DiagnosticRule MissingPolicy = Warning(
        "CSYNC008",
        "A [SyncAsset] type should declare a [MissingPolicy]",
        "'{0}' declares no [MissingPolicy], so the catalog's default applies: assets that disappear from the source are REMOVED at finalization; add [MissingPolicy(MissingStrategy.RemoveResources)] to confirm, or choose ChangeStatus or Ignore");

    /// <summary>CSYNC009: invalid synchronization ID or plan name.</summary>
    public static readonly DiagnosticRule InvalidSyncId = Error(
        "CSYNC009",
        "Invalid synchronization ID",
        "{0} '{1}' is invalid: {2}");

    /// <summary>CSYNC010: same asset type and domain under different synchronization IDs.</summary>
    public static readonly DiagnosticRule ConflictingSyncIds = Error(
        "CSYNC010",
        "Assets of one type and domain are written under different synchronization IDs",
        "'{0}' (plan '{7}') writes '{1}' assets in domain '{2}' of community '{3}' under synchronization ID '{4}', but '{5}' (plan '{8}') writes them under '{6}': the finalization of one ID would treat the other's assets as its own; use one SyncId for both (and one plan), or different domains");

    /// <summary>CSYNC011: one synchronization ID with different missing policies.</summary>
    public static readonly DiagnosticRule ConflictingPolicies = Error(
        "CSYNC011",
        "One synchronization ID has different missing policies",
        "Synchronization ID '{0}' holds '{1}' ({2}) and '{3}' ({4}), but Collibra finalizes a whole ID with one strategy: give both the same [MissingPolicy] or different SyncId values");

    /// <summary>CSYNC012: the same attribute type or relation is mapped twice.</summary>
    public static readonly DiagnosticRule DuplicateMapping = Error(
        "CSYNC012",
        "An attribute type or relation is mapped twice",
        "'{0}' maps {1} on both '{2}' and '{3}': map it on one member (use a sequence for several values)");

    /// <summary>CSYNC013: unsupported member type.</summary>
    public static readonly DiagnosticRule UnsupportedMemberType = Error(
        "CSYNC013",
        "Unsupported member type",
        "[{0}] member '{1}' has type '{2}', which is not supported: use {3}");

    /// <summary>CSYNC014: relation type id not a UUID.</summary>
    public static readonly DiagnosticRule RelationTypeIdNotUuid = Error(
        "CSYNC014",
        "Relation type id must be a UUID",
        "Relation type id '{0}' on '{1}' is not a UUID: give the relation type's id, e.g. \"00000000-0000-0000-0000-000000007042\" (Column is part of Table)");

    /// <summary>CSYNC015: relation to a type that the plan does not synchronize.</summary>
    public static readonly DiagnosticRule RelationTargetNotInPlan = Error(
        "CSYNC015",
        "Relation to a type the plan does not synchronize",
        "'{0}' relates to '{1}', which plan '{2}' does not synchronize, so the related assets may not exist: add typeof({3}) to the [SyncPlan]");

    /// <summary>CSYNC016: the [SyncPlan] class has the wrong shape.</summary>
    public static readonly DiagnosticRule PlanNotStaticPartial = Error(
        "CSYNC016",
        "A [SyncPlan] class must be a top-level static partial class",
        "[SyncPlan] class '{0}' {1}: declare it as a non-generic 'static partial class' directly in a namespace");

    /// <summary>CSYNC017: a [SyncAsset] type that no plan includes.</summary>
    public static readonly DiagnosticRule TypeNotInPlan = Warning(
        "CSYNC017",
        "A [SyncAsset] type is not synchronized by any plan",
        "No [SyncPlan] includes '{0}', so it is never synchronized: add typeof({1}) to a [SyncPlan]");

    /// <summary>CSYNC018: BatchSize out of range.</summary>
    public static readonly DiagnosticRule InvalidBatchSize = Error(
        "CSYNC018",
        "BatchSize must be between 3 and 50 000",
        "BatchSize {0} of plan '{1}' is out of range: the Import API takes at most 50000 resources per batch, and a batch needs room for an asset with its community and domain (3); use a value from 3 to 50000");

    /// <summary>CSYNC019: a type the generated code cannot use.</summary>
    public static readonly DiagnosticRule TypeNotAccessible = Error(
        "CSYNC019",
        "Type not usable by generated code",
        "'{0}' cannot be used by the generated code because {1}: make it a non-generic class, record or struct that is public or internal (and nested only in public or internal types)");

    /// <summary>CSYNC020: a member the generated code cannot read.</summary>
    public static readonly DiagnosticRule MemberNotReadable = Error(
        "CSYNC020",
        "Member not readable by generated code",
        "Member '{0}' cannot be read by the generated code because {1}: use an instance field or a property with a public or internal getter");

    /// <summary>CSYNC021: a required [SyncAsset] property is missing.</summary>
    public static readonly DiagnosticRule MissingSyncAssetProperty = Error(
        "CSYNC021",
        "[SyncAsset] needs AssetType, Community and Domain",
        "[SyncAsset] on '{0}' has no {1}: {2}");

    /// <summary>CSYNC022: relation cycle.</summary>
    public static readonly DiagnosticRule RelationCycle = Error(
        "CSYNC022",
        "Relations form a cycle",
        "Plan '{0}' cannot order {1} because their relations form a cycle ({2}): a related asset must be imported before the asset that lists it; declare the relation on one side only");

    /// <summary>CSYNC023: relation to a type with a per-item domain.</summary>
    public static readonly DiagnosticRule RelationTargetPerItemDomain = Error(
        "CSYNC023",
        "Relation to a type with a per-item domain",
        "'{0}' relates to '{1}', whose items choose their domain with [AssetDomain], so a name alone does not say where the related asset is: remove [AssetDomain] from '{1}' or declare the relation from '{1}'s side");

    /// <summary>CSYNC024: a type that is not a [SyncAsset] type of this project.</summary>
    public static readonly DiagnosticRule NotASyncAsset = Error(
        "CSYNC024",
        "Type is not a [SyncAsset] type",
        "'{0}' is used {1} but is not a [SyncAsset] type declared in this project: add [SyncAsset(...)] to it");

    /// <summary>CSYNC025: a type listed twice in a plan.</summary>
    public static readonly DiagnosticRule DuplicatePlanType = Warning(
        "CSYNC025",
        "A type is listed twice in a [SyncPlan]",
        "Plan '{0}' lists '{1}' more than once: remove the repeated typeof({2})");

    /// <summary>CSYNC026: a plan without types.</summary>
    public static readonly DiagnosticRule EmptyPlan = Error(
        "CSYNC026",
        "A [SyncPlan] needs at least one type",
        "Plan '{0}' lists no type: name the [SyncAsset] types it synchronizes, e.g. [SyncPlan(typeof(Table), typeof(Column))]");

    /// <summary>CSYNC027: an invalid attribute argument.</summary>
    public static readonly DiagnosticRule InvalidArgument = Error(
        "CSYNC027",
        "Invalid attribute argument",
        "{0} on '{1}' is invalid: {2}");

    /// <summary>CSYNC028: one domain declared with different domain types.</summary>
    public static readonly DiagnosticRule ConflictingDomainTypes = Error(
        "CSYNC028",
        "One domain is declared with different domain types",
        "'{0}' declares domain '{1}' of community '{2}' with type '{3}', but '{4}' declares it with type '{5}': a domain has one type; give both the same DomainType");

    /// <summary>CSYNC029: the plan class already declares a member the generator adds.</summary>
    public static readonly DiagnosticRule PlanMemberConflict = Error(
        "CSYNC029",
        "A [SyncPlan] class declares a member the generator adds",
        "[SyncPlan] class '{0}' already declares '{1}', which the generator adds to every plan: rename or remove your '{1}'");

    /// <summary>CSYNC030: a type recorded in the scope file under one synchronization ID now has another, with no MovedFrom.</summary>
    public static readonly DiagnosticRule UndeclaredMove = Error(
        "CSYNC030",
        "A type moved to another synchronization ID without a declared move",
        "'{0}' ({1} in '{2}') is recorded under synchronization ID '{3}' in {4}, but its ID is now '{5}': the new ID would re-create its assets without their curated data and the old one would delete them. Declare the move with [SyncAsset(MovedFrom = \"{3}\")] or keep the ID with SyncId = \"{3}\", then run 'catalog-sync scopes update'");

    /// <summary>CSYNC031: a type of a plan is not recorded in the scope file.</summary>
    public static readonly DiagnosticRule UnrecordedType = Warning(
        "CSYNC031",
        "A type is not recorded in the scope file",
        "'{0}' ({1} in '{2}', synchronization ID '{3}') is not recorded in {4}: run 'catalog-sync scopes update' on the built assembly to record it");

    /// <summary>CSYNC032: a scope recorded in the scope file is no longer synchronized by any plan, and no removal is declared.</summary>
    public static readonly DiagnosticRule UndeclaredRemoval = Error(
        "CSYNC032",
        "A recorded type is no longer synchronized and its removal is not declared",
        "{0} records {1} in '{2}' under synchronization ID '{3}' (plan '{4}'), but no plan synchronizes it any more: {5}");

    /// <summary>CSYNC033: MovedFrom names an ID that a type of a plan still uses.</summary>
    public static readonly DiagnosticRule MovedFromInUse = Error(
        "CSYNC033",
        "A type can only move out of an ID that no type uses any more",
        "'{0}' declares MovedFrom = \"{1}\", but '{2}' still uses that synchronization ID: its finalization would delete what moved. Move every type out of '{1}', or keep '{0}' in it");

    /// <summary>CSYNC034: a [RemovedSyncId] names an ID that a type of a plan still uses.</summary>
    public static readonly DiagnosticRule RemovedSyncIdInUse = Error(
        "CSYNC034",
        "A removed synchronization ID is still used",
        "[RemovedSyncId(\"{0}\")] on '{1}' names an ID that '{2}' still uses: remove the declaration, or move '{2}' to another ID");

    /// <summary>CSYNC035: the scope file cannot be read.</summary>
    public static readonly DiagnosticRule InvalidScopeFile = Error(
        "CSYNC035",
        "The scope file cannot be read",
        "The scope file {0} cannot be read: {1}. Write it again with 'catalog-sync scopes update'");

    /// <summary>CSYNC036: two plans use one synchronization ID.</summary>
    public static readonly DiagnosticRule SyncIdSharedByPlans = Error(
        "CSYNC036",
        "Two plans use one synchronization ID",
        "Plans '{0}' and '{1}' both use synchronization ID '{2}': each would finalize it and delete the other's assets. Give the plans distinct names with [SyncPlan(Name = …)] or the types distinct SyncIds");

    /// <summary>CSYNC037: an asset type the metamodel does not have.</summary>
    public static readonly DiagnosticRule UnknownAssetType = Error(
        "CSYNC037",
        "Asset type not in the metamodel",
        "The asset type '{0}' of '{1}' is not in the metamodel: {2}{3}");

    /// <summary>CSYNC038: a domain type the metamodel does not have.</summary>
    public static readonly DiagnosticRule UnknownDomainType = Error(
        "CSYNC038",
        "Domain type not in the metamodel",
        "The domain type '{0}' of '{1}' is not in the metamodel: {2}{3}");

    /// <summary>CSYNC039: an attribute type the metamodel does not have.</summary>
    public static readonly DiagnosticRule UnknownAttributeType = Error(
        "CSYNC039",
        "Attribute type not in the metamodel",
        "The attribute type '{0}' of '{1}' is not in the metamodel: {2}{3}");

    /// <summary>CSYNC040: a relation type id that is not a relation type of the metamodel.</summary>
    public static readonly DiagnosticRule UnknownRelationType = Error(
        "CSYNC040",
        "Relation type not in the metamodel",
        "Relation type id '{0}' on '{1}' is not a relation type of the metamodel: {2}{3}");

    /// <summary>CSYNC041: a relation whose listed assets are on the other side of the relation type.</summary>
    public static readonly DiagnosticRule WrongRelationRole = Error(
        "CSYNC041",
        "The relation role is the wrong way round",
        "'{0}' lists its '{1}' assets with RelationRole.{2}, but in '{3}' they are the {4}: use RelationRole.{5}{6}");

    /// <summary>CSYNC042: a relation type that does not connect the two asset types.</summary>
    public static readonly DiagnosticRule RelationDoesNotConnect = Error(
        "CSYNC042",
        "The relation type does not connect these asset types",
        "'{0}' relates '{2}' to '{1}' assets with relation type {3} ({4}), which connects neither way round: {5}{6}");

    /// <summary>CSYNC043: a status name or id the metamodel does not have.</summary>
    public static readonly DiagnosticRule UnknownStatus = Error(
        "CSYNC043",
        "Status not in the metamodel",
        "{0} '{1}' on '{2}' is not a status of the metamodel: {3}{4}");

    /// <summary>CSYNC044: an attribute type whose kind the member's type cannot hold.</summary>
    public static readonly DiagnosticRule AttributeKindMismatch = Error(
        "CSYNC044",
        "The member's type does not fit the attribute type's kind",
        "'{0}' maps the {1} attribute type '{2}' on a member of type '{3}': {4}{5}");

    /// <summary>CSYNC045: a value a list attribute type does not allow.</summary>
    public static readonly DiagnosticRule ValueNotAllowed = Error(
        "CSYNC045",
        "Value not allowed by the list attribute type",
        "'{0}' can write '{1}' to the list attribute type '{2}', which allows only {3}: {4}{5}");

    /// <summary>CSYNC046: the metamodel snapshot cannot be read.</summary>
    public static readonly DiagnosticRule InvalidMetamodelFile = Error(
        "CSYNC046",
        "The metamodel snapshot cannot be read",
        "The metamodel snapshot {0} cannot be read: {1}. Fix it, or write it again with 'catalog-sync metamodel pull'");

    /// <summary>CSYNC047: an attribute type the metamodel does not assign to the asset type.</summary>
    public static readonly DiagnosticRule AttributeNotAssigned = Error(
        "CSYNC047",
        "Attribute type not assigned to the asset type",
        "'{0}' maps the attribute type '{1}', which the metamodel does not assign to the asset type '{2}' (assigned: {3}): the catalog would refuse the value; {4}{5}");

    /// <summary>CSYNC048: a relation type the metamodel does not assign to an asset type at one of its ends.</summary>
    public static readonly DiagnosticRule RelationNotAssigned = Error(
        "CSYNC048",
        "Relation type not assigned to the asset type",
        "'{0}' maps the relation type {1} ({2}), which the metamodel does not assign to the asset type '{3}': the catalog would refuse the relation; {4}{5}");

    /// <summary>CSYNC049: a domain type that the metamodel does not let hold the asset type.</summary>
    public static readonly DiagnosticRule DomainTypeNotAssigned = Error(
        "CSYNC049",
        "The domain type does not hold the asset type",
        "The domain type '{0}' of '{1}' does not hold the asset type '{2}' in the metamodel (it is assigned to {3}): {4}{5}");

    /// <summary>CSYNC050: a YAML manifest is not valid YAML.</summary>
    public static readonly DiagnosticRule ManifestSyntax = Error(
        "CSYNC050",
        "The manifest is not valid YAML",
        "The manifest is not valid YAML: {0}");

    /// <summary>CSYNC051: a key the manifest format does not have.</summary>
    public static readonly DiagnosticRule ManifestUnknownKey = Error(
        "CSYNC051",
        "Unknown key in the manifest",
        "Unknown key '{0}' in {1}: {2}");

    /// <summary>CSYNC052: a manifest value of the wrong kind (a mapping for a scalar, text for a number, …).</summary>
    public static readonly DiagnosticRule ManifestWrongValue = Error(
        "CSYNC052",
        "A manifest value has the wrong type",
        "{0} must be {1}, but it is {2}");

    /// <summary>CSYNC053: a key the manifest needs is not given.</summary>
    public static readonly DiagnosticRule ManifestMissingKey = Error(
        "CSYNC053",
        "A required key is missing from the manifest",
        "{0} needs '{1}': {2}");

    /// <summary>CSYNC054: a key given twice in one mapping of the manifest.</summary>
    public static readonly DiagnosticRule ManifestDuplicateKey = Error(
        "CSYNC054",
        "A key is given twice in the manifest",
        "'{0}' is given twice in {1} (first on line {2}): keep one, YAML does not say which would win");

    /// <summary>CSYNC055: a value that is not one of the values the key allows.</summary>
    public static readonly DiagnosticRule ManifestUnknownValue = Error(
        "CSYNC055",
        "A manifest value is not one of the allowed values",
        "{0} '{1}' is not valid: use {2}{3}");

    /// <summary>CSYNC056: the manifest holds no YAML at all.</summary>
    public static readonly DiagnosticRule ManifestEmpty = Error(
        "CSYNC056",
        "The manifest is empty",
        "The manifest is empty: write at least 'version: 1' and its 'types' (docs/manifest.md)");

    /// <summary>CSYNC057: the manifest is not UTF-8 text (NUL bytes, invalid UTF-8, control characters).</summary>
    public static readonly DiagnosticRule ManifestNotText = Error(
        "CSYNC057",
        "The manifest is not a text file",
        "The manifest is not a text file: {0}; a manifest is YAML in UTF-8, so it was not parsed");

    /// <summary>CSYNC058: the manifest is beyond one of the reader's limits (size, depth, nodes, scalar length, documents).</summary>
    public static readonly DiagnosticRule ManifestTooLarge = Error(
        "CSYNC058",
        "The manifest exceeds a limit",
        "The manifest exceeds a limit: {0} (the limit is {1}); it was not read further");

    /// <summary>CSYNC059: a YAML anchor, alias or tag, which the format does not use.</summary>
    public static readonly DiagnosticRule ManifestAnchorOrTag = Error(
        "CSYNC059",
        "YAML anchors, aliases and tags are not allowed in a manifest",
        "The manifest uses the YAML {0} '{1}', which a manifest does not allow: {2}; it was not read further");

    /// <summary>CSYNC060: a manifest entry that completes a C# type, read where there is no compiler (the CLI).</summary>
    public static readonly DiagnosticRule ManifestTypeNeedsCompiler = Warning(
        "CSYNC060",
        "A manifest entry that completes a C# type is checked by the compiler",
        "'{0}' completes the C# type '{1}', which only the compiler sees: list the manifest as an AdditionalFiles item of the project to check it, and run it from the app's code; the CLI checks and runs the entries without code");

    /// <summary>CSYNC061: a manifest relation whose target is no entry of the manifest.</summary>
    public static readonly DiagnosticRule ManifestRelationTarget = Error(
        "CSYNC061",
        "A manifest relation targets no entry of the manifest",
        "The relation of '{0}' in column '{1}' targets '{2}', which is no entry of the manifest: {3}");

    /// <summary>CSYNC062: two manifest entries with the same name.</summary>
    public static readonly DiagnosticRule ManifestDuplicateEntry = Error(
        "CSYNC062",
        "Two manifest entries have the same name",
        "'{0}' names two entries of the manifest (the first on line {1}): give each entry its own name, which relations refer to");

    /// <summary>Every rule, in ID order.</summary>
    public static IReadOnlyList<DiagnosticRule> All { get; } = new[]
    {
        MissingAssetName, DuplicateRole, ChangeStatusWithoutStatus, StatusIdNotUuid, StatusWithoutEffect,
        PolicyWithoutSyncAsset, StatusIdAndName, MissingPolicy, InvalidSyncId, ConflictingSyncIds,
        ConflictingPolicies, DuplicateMapping, UnsupportedMemberType, RelationTypeIdNotUuid, RelationTargetNotInPlan,
        PlanNotStaticPartial, TypeNotInPlan, InvalidBatchSize, TypeNotAccessible, MemberNotReadable,
        MissingSyncAssetProperty, RelationCycle, RelationTargetPerItemDomain, NotASyncAsset, DuplicatePlanType,
        EmptyPlan, InvalidArgument, ConflictingDomainTypes, PlanMemberConflict, UndeclaredMove,
        UnrecordedType, UndeclaredRemoval, MovedFromInUse, RemovedSyncIdInUse, InvalidScopeFile,
        SyncIdSharedByPlans, UnknownAssetType, UnknownDomainType, UnknownAttributeType, UnknownRelationType,
        WrongRelationRole, RelationDoesNotConnect, UnknownStatus, AttributeKindMismatch, ValueNotAllowed,
        InvalidMetamodelFile, AttributeNotAssigned, RelationNotAssigned, DomainTypeNotAssigned, ManifestSyntax,
        ManifestUnknownKey, ManifestWrongValue, ManifestMissingKey, ManifestDuplicateKey, ManifestUnknownValue,
        ManifestEmpty, ManifestNotText, ManifestTooLarge, ManifestAnchorOrTag, ManifestTypeNeedsCompiler,
        ManifestRelationTarget, ManifestDuplicateEntry,
    };

    private static DiagnosticRule Error(string id, string title, string messageFormat) => new(id, title, messageFormat, DiagnosticRuleSeverity.Error);

    private static DiagnosticRule Warning(string id, string title, string messageFormat) => new(id, title, messageFormat, DiagnosticRuleSeverity.Warning);

    private static Dictionary<string, DiagnosticRule>? _byId;

    /// <summary>The rule with this ID.</summary>
    /// <param name="id">A <c>CSYNCnnn</c> ID of <see cref="All"/>.</param>
    /// <exception cref="KeyNotFoundException">No rule has that ID.</exception>
    public static DiagnosticRule Get(string id)
    {
        var byId = _byId;
        if (byId is null)
        {
            byId = new Dictionary<string, DiagnosticRule>(System.StringComparer.Ordinal);
            foreach (var rule in All)
            {
                byId.Add(rule.Id, rule);
            }

            _byId = byId;
        }

        return byId.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException("No CSYNC rule has the ID '" + id + "'.");
    }
}
