using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;

namespace CatalogSync.Declarations.Rules;

/// <summary>
/// Checks the declarations across types and plans (relations, plan membership, ordering, synchronization IDs) and
/// decides what to emit: a mapper per valid type, a plan per valid plan. Pure function of the parsed models.
/// </summary>
internal static class Resolver
{
    public static GenerationModel Resolve(IReadOnlyList<AssetTypeModel> assets, IReadOnlyList<PlanModel> plans, CancellationToken cancellationToken) =>
        Resolve(assets, plans, System.Array.Empty<ScopeFileModel>(), cancellationToken);

    public static GenerationModel Resolve(IReadOnlyList<AssetTypeModel> assets, IReadOnlyList<PlanModel> plans, IReadOnlyList<ScopeFileModel> scopeFiles, CancellationToken cancellationToken) =>
        Resolve(assets, plans, scopeFiles, EquatableArray<string>.Empty, cancellationToken);

    // domainTypeDefaults: "asset type\u001fdomain type" pairs from the metamodel, the DomainType of a type that leaves it out.
    public static GenerationModel Resolve(IReadOnlyList<AssetTypeModel> assets, IReadOnlyList<PlanModel> plans, IReadOnlyList<ScopeFileModel> scopeFiles, EquatableArray<string> domainTypeDefaults, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in domainTypeDefaults)
        {
            var separator = pair.IndexOf('\u001f');
            defaults[pair.Substring(0, separator)] = pair.Substring(separator + 1);
        }

        // A left-out DomainType is the one the metamodel assigns the asset type to (Glossary for a Business Term),
        // else Physical Data Dictionary.
        var sortedAssets = assets
            .Select(a => a.Refs.DomainType is null && defaults.TryGetValue(a.AssetType, out var domainType) ? a with { DomainType = domainType } : a)
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
        var sortedPlans = plans.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.ClassName, StringComparer.Ordinal).ToList();
        foreach (var asset in sortedAssets)
        {
            diagnostics.AddRange(asset.Diagnostics);
        }

        foreach (var plan in sortedPlans)
        {
            diagnostics.AddRange(plan.Diagnostics);
        }

        var byKey = new Dictionary<string, AssetTypeModel>(StringComparer.Ordinal);
        foreach (var asset in sortedAssets)
        {
            if (!byKey.ContainsKey(asset.Key))
            {
                byKey.Add(asset.Key, asset);
            }
        }

        var mappers = ResolveMappers(sortedAssets, byKey, diagnostics, out var mapperOk);

        var included = new HashSet<string>(sortedPlans.SelectMany(p => p.Types).Select(t => t.Key), StringComparer.Ordinal);
        // A type that generated code cannot name (CSYNC019) cannot be in a plan either: that error says what to fix.
        foreach (var asset in sortedAssets.Where(a => !included.Contains(a.Key) && a.IsNameable))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.TypeNotInPlan, asset.Location, asset.ShortName, asset.ShortName));
        }

        var resolvedPlans = new List<ResolvedPlan>();
        foreach (var plan in sortedPlans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            resolvedPlans.Add(ResolvePlan(plan, byKey, mapperOk, diagnostics));
        }

        CheckSharedContainers(resolvedPlans, diagnostics);
        CheckSyncIdsAcrossPlans(resolvedPlans, diagnostics);
        CheckMovesAndRemovals(resolvedPlans, diagnostics);
        CheckScopeFile(resolvedPlans, scopeFiles, diagnostics);

        var outputs = resolvedPlans
            .Select(p => p.Ok ? BuildOutput(p) : CanEmitMembers(p.Model) ? BuildStub(p.Model, byKey) : null)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToEquatableArray();
        return new GenerationModel(mappers.ToEquatableArray(), outputs, diagnostics.Distinct().ToEquatableArray());
    }

    private static List<MapperModel> ResolveMappers(List<AssetTypeModel> assets, Dictionary<string, AssetTypeModel> byKey, List<DiagnosticInfo> diagnostics, out Dictionary<string, bool> mapperOk)
    {
        mapperOk = new Dictionary<string, bool>(StringComparer.Ordinal);
        var mappers = new List<MapperModel>();
        foreach (var asset in assets)
        {
            var ok = !asset.HasErrors;
            var relations = new List<ResolvedRelation>();
            foreach (var relation in asset.Relations)
            {
                if (!byKey.TryGetValue(relation.TargetKey, out var target))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NotASyncAsset, relation.Location, relation.TargetName, "as the target of a [Relation] of '" + asset.ShortName + "'"));
                    ok = false;
                }
                else if (target.DomainMember is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RelationTargetPerItemDomain, relation.Location, asset.ShortName, target.ShortName));
                    ok = false;
                }
                else if (target.HasErrors || target.Domain is null)
                {
                    ok = false;
                }
                else
                {
                    relations.Add(new ResolvedRelation(relation, target.Community, target.Domain));
                }
            }

            mapperOk[asset.Key] = ok;
            if (ok)
            {
                // Locations are dropped: an edit that only moves a type must not regenerate its mapper.
                var emitted = asset with
                {
                    Location = null,
                    AttributeLocation = null,
                    Refs = MetamodelRefs.None,
                    Diagnostics = EquatableArray<DiagnosticInfo>.Empty,
                    Relations = asset.Relations.Select(r => r with { Location = null }).ToEquatableArray(),
                };
                mappers.Add(new MapperModel(emitted, relations.Select(r => r with { Mapping = r.Mapping with { Location = null } }).ToEquatableArray()));
            }
        }

        return mappers;
    }

    private static ResolvedPlan ResolvePlan(PlanModel plan, Dictionary<string, AssetTypeModel> byKey, Dictionary<string, bool> mapperOk, List<DiagnosticInfo> diagnostics)
    {
        var ok = !plan.HasErrors;
        var types = new List<AssetTypeModel>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in plan.Types)
        {
            if (!listed.Add(reference.Key))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicatePlanType, reference.Location, plan.Name, reference.TypeName, reference.ShortName));
                continue;
            }

            if (!byKey.TryGetValue(reference.Key, out var type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NotASyncAsset, reference.Location, reference.TypeName, "in [SyncPlan] '" + plan.Name + "'"));
                ok = false;
                continue;
            }

            types.Add(type);
            ok &= mapperOk[type.Key];
        }

        foreach (var type in types)
        {
            foreach (var relation in type.Relations)
            {
                if (byKey.ContainsKey(relation.TargetKey) && !listed.Contains(relation.TargetKey))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RelationTargetNotInPlan, relation.Location, type.ShortName, relation.TargetName, plan.Name, relation.TargetShortName));
                    ok = false;
                }
            }
        }

        // Types: a type comes after every type it lists in a relation.
        var ordered = TopologicalSort(types, t => t.Relations.Select(r => r.TargetKey).Where(k => k != t.Key), t => t.Key, out var typeCycle);
        if (typeCycle.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RelationCycle, plan.Location, plan.Name, "types " + Quote(typeCycle.Select(t => t.ShortName)), Cycle(typeCycle, t => t.Relations.Select(r => r.TargetKey), t => t.Key, t => t.ShortName)));
            return new ResolvedPlan(plan, [], false);
        }

        // Groups: one per synchronization ID, each with one policy.
        var groups = new List<ResolvedGroup>();
        foreach (var type in ordered)
        {
            var id = type.SyncId ?? DeriveSyncId(plan.NamePinned ? plan.Name : null, type.AssetType, type.Community, type.Domain);
            var group = groups.FirstOrDefault(g => g.SyncId == id);
            if (group is null)
            {
                groups.Add(new ResolvedGroup(id, type.EffectivePolicy, [type]));
                continue;
            }

            if (group.Policy != type.EffectivePolicy)
            {
                var first = group.Types[0];
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ConflictingPolicies, type.AttributeLocation, id, first.ShortName, first.EffectivePolicy.Describe(), type.ShortName, type.EffectivePolicy.Describe()));
                ok = false;
            }

            group.Types.Add(type);
        }

        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var type in group.Types)
            {
                groupOf[type.Key] = group.SyncId;
            }
        }

        var orderedGroups = TopologicalSort(
            groups,
            g => g.Types.SelectMany(t => t.Relations).Select(r => groupOf.TryGetValue(r.TargetKey, out var id) ? id : "").Where(id => id.Length > 0 && id != g.SyncId),
            g => g.SyncId,
            out var groupCycle);
        if (groupCycle.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticCatalog.RelationCycle,
                plan.Location,
                plan.Name,
                "synchronization IDs " + Quote(groupCycle.Select(g => g.SyncId)),
                Cycle(groupCycle, g => g.Types.SelectMany(t => t.Relations).Select(r => groupOf.TryGetValue(r.TargetKey, out var id) ? id : ""), g => g.SyncId, g => g.SyncId)));
            return new ResolvedPlan(plan, [], false);
        }

        // One domain, one domain type.
        var domainTypes = new Dictionary<(string, string), AssetTypeModel>();
        foreach (var type in ordered.Where(t => t.Domain is not null))
        {
            var key = (type.Community, type.Domain!);
            if (!domainTypes.TryGetValue(key, out var first))
            {
                domainTypes.Add(key, type);
            }
            else if (first.DomainType != type.DomainType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ConflictingDomainTypes, type.AttributeLocation, type.ShortName, type.Domain!, type.Community, type.DomainType, first.ShortName, first.DomainType));
                ok = false;
            }
        }

        return new ResolvedPlan(plan, orderedGroups, ok);
    }

    /// <summary>CSYNC010: an asset type in one domain must be owned by one synchronization ID, across all plans.</summary>
    private static void CheckSharedContainers(List<ResolvedPlan> plans, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<(string, string, string), (AssetTypeModel Type, string SyncId, string Plan)>();
        // Plans with errors of their own are left out: their IDs are not final, and the errors say what to fix first.
        foreach (var plan in plans.Where(p => p.Ok).ToList())
        {
            foreach (var group in plan.Groups)
            {
                foreach (var type in group.Types.Where(t => t.Domain is not null))
                {
                    var key = (type.AssetType, type.Community, type.Domain!);
                    if (!owners.TryGetValue(key, out var first))
                    {
                        owners.Add(key, (type, group.SyncId, plan.Model.Name));
                    }
                    else if (first.SyncId != group.SyncId)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ConflictingSyncIds, type.AttributeLocation, type.ShortName, type.AssetType, type.Domain!, type.Community, group.SyncId, first.Type.ShortName, first.SyncId, plan.Model.Name, first.Plan));
                        plan.Ok = false;
                    }
                }
            }
        }
    }

    /// <summary>CSYNC036: one synchronization ID in two plans; each plan's finalization would delete the other's assets.</summary>
    private static void CheckSyncIdsAcrossPlans(List<ResolvedPlan> plans, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<string, ResolvedPlan>(StringComparer.Ordinal);
        foreach (var plan in plans.Where(p => p.Ok).ToList())
        {
            foreach (var group in plan.Groups)
            {
                if (!owners.TryGetValue(group.SyncId, out var first))
                {
                    owners.Add(group.SyncId, plan);
                }
                else if (first != plan)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.SyncIdSharedByPlans, plan.Model.Location, first.Model.Name, plan.Model.Name, group.SyncId));
                    plan.Ok = false;
                }
            }
        }
    }

    /// <summary>
    /// CSYNC033/034: a move or a removal can only name an ID that no type uses any more: the ID is never finalized
    /// again (or once, empty), which would delete what still belongs to it.
    /// </summary>
    private static void CheckMovesAndRemovals(List<ResolvedPlan> plans, List<DiagnosticInfo> diagnostics)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in plans.SelectMany(p => p.Groups))
        {
            if (!users.ContainsKey(group.SyncId))
            {
                users.Add(group.SyncId, group.Types[0].ShortName);
            }
        }

        foreach (var plan in plans)
        {
            foreach (var type in plan.Groups.SelectMany(g => g.Types))
            {
                if (type.MovedFrom is not null && users.TryGetValue(type.MovedFrom, out var user))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MovedFromInUse, type.AttributeLocation, type.ShortName, type.MovedFrom, user));
                    plan.Ok = false;
                }
            }

            foreach (var removal in plan.Model.Removals)
            {
                if (users.TryGetValue(removal.SyncId, out var user))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RemovedSyncIdInUse, removal.Location, removal.SyncId, plan.Model.Name, user));
                    plan.Ok = false;
                }
            }
        }
    }

    /// <summary>
    /// CSYNC030–032 against the committed scope file: a recorded type under another ID needs a declared move, a
    /// recorded type no plan has any more needs a declared removal, a type not recorded is only a warning (adding
    /// a type moves nothing). Without a scope file there is nothing to compare with.
    /// </summary>
    private static void CheckScopeFile(List<ResolvedPlan> plans, IReadOnlyList<ScopeFileModel> scopeFiles, List<DiagnosticInfo> diagnostics)
    {
        if (scopeFiles.Count == 0)
        {
            return;
        }

        for (var i = 1; i < scopeFiles.Count; i++)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidScopeFile, null, scopeFiles[i].FileName, "a project has one scope file, and " + scopeFiles[0].FileName + " is listed too"));
        }

        var file = scopeFiles[0];
        if (!file.IsValid)
        {
            diagnostics.AddRange(file.Diagnostics);
            return;
        }

        var recorded = file.Entries.GroupBy(e => e.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var current = new HashSet<string>(StringComparer.Ordinal);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in plans.Where(p => p.Ok))
        {
            foreach (var group in plan.Groups)
            {
                foreach (var type in group.Types)
                {
                    var identity = ScopeFile.Identity(type.AssetType, type.Community, type.Domain);
                    current.Add(identity);
                    if (!users.ContainsKey(group.SyncId))
                    {
                        users.Add(group.SyncId, type.ShortName);
                    }

                    if (!recorded.TryGetValue(identity, out var entries))
                    {
                        if (type.MovedFrom is null)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnrecordedType, type.AttributeLocation, type.ShortName, type.AssetType, type.Domain ?? type.Community, group.SyncId, file.FileName));
                        }
                    }
                    else if (!entries.Any(e => e.SyncId == group.SyncId || e.SyncId == type.MovedFrom))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UndeclaredMove, type.AttributeLocation, type.ShortName, type.AssetType, type.Domain ?? type.Community, entries[0].SyncId, file.FileName, group.SyncId));
                    }
                }
            }
        }

        // A plan with errors of its own has no final groups: its recorded types are not called removed.
        var unfinished = new HashSet<string>(plans.Where(p => !p.Ok).Select(p => p.Model.Name), StringComparer.Ordinal);
        var removed = new HashSet<string>(plans.SelectMany(p => p.Model.Removals).Select(r => r.SyncId), StringComparer.Ordinal);
        foreach (var entry in file.Entries)
        {
            if (current.Contains(entry.Identity) || unfinished.Contains(entry.Plan))
            {
                continue;
            }

            string hint;
            if (users.TryGetValue(entry.SyncId, out var user))
            {
                hint = "a type cannot leave a synchronization ID that '" + user + "' keeps (its finalization would delete these assets); move '" + user + "' out of it too (SyncId and MovedFrom), or put the type back";
            }
            else if (removed.Contains(entry.SyncId))
            {
                continue;
            }
            else
            {
                hint = "declare what becomes of its assets with [RemovedSyncId(\"" + entry.SyncId + "\", Then = RemovedAssets.Keep)] (or ChangeStatus, Remove) on the plan class, or put the type back";
            }

            var owner = plans.FirstOrDefault(p => p.Model.Name == entry.Plan);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UndeclaredRemoval, owner?.Model.Location ?? entry.Location, file.FileName, entry.AssetType, entry.Domain ?? entry.Community, entry.SyncId, entry.Plan, hint));
        }
    }

    /// <summary>
    /// The derived synchronization ID: what identifies the assets in the catalog and nothing a user changes for
    /// another reason (not the policy, the status or a class name): <c>[{plan}-]{asset type}-{domain}-{hash}</c>,
    /// lower case, characters outside the safe set replaced by '-', the readable part shortened to fit 50 characters.
    /// {plan} only when the plan's Name is pinned; {domain} is the community for per-item domains; {hash} is eight hex
    /// digits of FNV-1a over the unshortened parts, so two scopes never share an ID by shortening or replacement.
    /// </summary>
    internal static string DeriveSyncId(string? pinnedPlanName, string assetType, string community, string? domain)
    {
        var hash = Fnv1a((pinnedPlanName ?? "") + "\u001f" + ScopeFile.Identity(assetType, community, domain)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var parts = new[] { pinnedPlanName, assetType, domain ?? community }.Where(p => !Strings.IsNullOrWhiteSpace(p)).Select(p => Sanitize(p!));
        var readable = CollapseDashes(string.Join("-", parts));
        readable = Truncate(readable, SyncIdRules.MaxLength - 1 - hash.Length).Trim('-', '.');
        return readable.Length == 0 ? hash : readable + "-" + hash;
    }

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static string CollapseDashes(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != '-' || (builder.Length > 0 && builder[builder.Length - 1] != '-'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim('-');
    }

    private static string Sanitize(string value) =>
        new(value.ToLowerInvariant().Select(c => SyncIdRules.IsAllowed(c) ? c : '-').ToArray());

    private static string Truncate(string value, int length) => value.Length <= length ? value : value.Substring(0, length);

    private static List<T> TopologicalSort<T>(List<T> items, Func<T, IEnumerable<string>> dependencies, Func<T, string> key, out List<T> cycle)
    {
        var keys = new HashSet<string>(items.Select(key), StringComparer.Ordinal);
        var remaining = new List<T>(items);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(item => dependencies(item).Where(keys.Contains).All(done.Contains));
            if (next is null)
            {
                cycle = remaining;
                return result;
            }

            remaining.Remove(next);
            done.Add(key(next));
            result.Add(next);
        }

        cycle = [];
        return result;
    }

    /// <summary>Describes one cycle among <paramref name="stuck"/> as "A → B → A".</summary>
    private static string Cycle<T>(List<T> stuck, Func<T, IEnumerable<string>> dependencies, Func<T, string> key, Func<T, string> name)
    {
        var byKey = stuck.ToDictionary(key, StringComparer.Ordinal);
        var path = new List<T>();
        var current = stuck[0];
        while (!path.Contains(current))
        {
            path.Add(current);
            current = dependencies(current).Where(byKey.ContainsKey).Select(k => byKey[k]).First();
        }

        var start = path.IndexOf(current);
        return string.Join(" → ", path.Skip(start).Append(current).Select(name));
    }

    /// <summary>The runtime's <c>SyncValueKind</c> member for a member's value kind: what the catalog's attribute kinds care about.</summary>
    private static string SyncValueKindOf(ValueKind kind) => kind switch
    {
        ValueKind.String or ValueKind.Guid => "Text",
        ValueKind.Boolean => "Boolean",
        ValueKind.DateTime or ValueKind.DateTimeOffset or ValueKind.DateOnly => "Date",
        ValueKind.Enum => "Enum",
        _ => "Number",
    };

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n + "'"));

    private static PlanOutput BuildOutput(ResolvedPlan plan)
    {
        var byKey = plan.Groups.SelectMany(g => g.Types).ToDictionary(t => t.Key, StringComparer.Ordinal);
        var groups = plan.Groups.Select(g => new PlanGroupOutput(
            g.SyncId,
            g.Policy.Strategy,
            g.Policy.StatusId,
            g.Policy.StatusName,
            g.Types.Select(t => new PlanTypeOutput(
                t.TypeName,
                t.AssetType,
                t.Community,
                t.Domain,
                t.DomainType,
                t.DomainMember is not null,
                t.Attributes.Select(a => new PlanAttributeOutput(a.AttributeType, a.Member.TrimStart('@'), SyncValueKindOf(a.Shape.Kind), a.Shape.IsSequence)).ToEquatableArray(),
                t.Relations.Select(r => new PlanRelationOutput(
                    r.RelationTypeId,
                    r.Role,
                    r.TargetName,
                    byKey.TryGetValue(r.TargetKey, out var target) ? target.AssetType : "",
                    r.Member.TrimStart('@'))).ToEquatableArray(),
                t.Guard,
                t.MovedFrom)).ToEquatableArray())).ToEquatableArray();

        var listed = new List<AssetTypeModel>();
        foreach (var reference in plan.Model.Types)
        {
            if (byKey.TryGetValue(reference.Key, out var type) && !listed.Any(t => t.Key == reference.Key))
            {
                listed.Add(type);
            }
        }

        var parameters = Parameters(listed);

        var isPublic = plan.Groups.SelectMany(g => g.Types).All(t => t.IsPublic);
        var removals = plan.Model.Removals.Select(r => new RemovalOutput(r.SyncId, r.Then, r.StatusId, r.StatusName)).ToEquatableArray();
        return new PlanOutput(plan.Model.Namespace, plan.Model.ClassName, plan.Model.Name, plan.Model.BatchSize, isPublic, groups, parameters.ToEquatableArray(), removals);
    }

    /// <summary>Whether the plan class can take generated members: not when its shape (CSYNC016) or a member of its own (CSYNC029) is the error.</summary>
    private static bool CanEmitMembers(PlanModel plan) =>
        !plan.Diagnostics.Any(d => d.Id == DiagnosticCatalog.PlanNotStaticPartial.Id || d.Id == DiagnosticCatalog.PlanMemberConflict.Id);

    /// <summary>
    /// The members of a plan with errors, for its call sites: RunAsync and PreviewAsync take the listed [SyncAsset]
    /// types that generated code can name, and every member throws (reached only when the errors were demoted).
    /// </summary>
    private static PlanOutput BuildStub(PlanModel plan, Dictionary<string, AssetTypeModel> byKey)
    {
        var types = plan.Types
            .Select(r => byKey.TryGetValue(r.Key, out var type) && type.IsNameable ? type : null)
            .Where(t => t is not null)
            .Select(t => t!)
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        var parameters = Parameters(types);
        var isPublic = types.Count > 0 && types.All(t => t.IsPublic);
        return new PlanOutput(plan.Namespace, plan.ClassName, plan.Name, plan.BatchSize, isPublic, EquatableArray<PlanGroupOutput>.Empty, parameters.ToEquatableArray(), EquatableArray<RemovalOutput>.Empty, IsStub: true);
    }

    /// <summary>RunAsync's parameters: one per type, named after it in the plural, never clashing with the fixed ones.</summary>
    private static List<PlanParameter> Parameters(IEnumerable<AssetTypeModel> types)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "client", "options", "cancellationToken" };
        var parameters = new List<PlanParameter>();
        foreach (var type in types)
        {
            var name = Plural(char.ToLowerInvariant(type.ShortName[0]) + type.ShortName.Substring(1));
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            parameters.Add(new PlanParameter(type.Key, type.TypeName, type.AssetType, CSharpNames.EscapeIdentifier(candidate), type.MapperFullName));
        }

        return parameters;
    }

    private static string Plural(string name)
    {
        if (name.EndsWith("s", StringComparison.Ordinal) || name.EndsWith("x", StringComparison.Ordinal) || name.EndsWith("z", StringComparison.Ordinal)
            || name.EndsWith("ch", StringComparison.Ordinal) || name.EndsWith("sh", StringComparison.Ordinal))
        {
            return name + "es";
        }

        if (name.Length > 1 && name[name.Length - 1] == 'y' && "aeiou".IndexOf(name[name.Length - 2]) < 0)
        {
            return name.Substring(0, name.Length - 1) + "ies";
        }

        return name + "s";
    }

    private sealed record ResolvedGroup(string SyncId, PolicyModel Policy, List<AssetTypeModel> Types);

    private sealed class ResolvedPlan(PlanModel model, List<ResolvedGroup> groups, bool ok)
    {
        public PlanModel Model { get; } = model;

        public List<ResolvedGroup> Groups { get; } = groups;

        public bool Ok { get; set; } = ok;
    }
}
