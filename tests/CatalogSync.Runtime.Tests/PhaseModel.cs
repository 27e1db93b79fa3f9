namespace CatalogSync.Runtime.Tests;

// A plan with typos the runtime's preflight must catch before anything is sent: an unknown asset type, an unknown
// attribute type and a relation declared in the wrong direction.

[SyncAsset(AssetType = "Tabel", Community = "RT Typo", Domain = "Typo tables")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record TypoTable([property: AssetName] string Name)
{
    [CatalogAttribute("Definiton")]
    public string? Definition { get; init; }
}

[SyncAsset(AssetType = "Table", Community = "RT Typo", Domain = "Typo tables 2")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record TypoTableWithColumns([property: AssetName] string Name)
{
    // 7042 is "Column is part of Table": the listed columns are its source, so Target is the wrong role.
    [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Target, typeof(TypoColumn))]
    public IReadOnlyList<string> Columns { get; init; } = [];
}

[SyncAsset(AssetType = "Column", Community = "RT Typo", Domain = "Typo columns")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record TypoColumn([property: AssetName] string Name);

[SyncPlan(typeof(TypoColumn), typeof(TypoTable), typeof(TypoTableWithColumns), Name = "rt-typo")]
public static partial class TypoPlan;

// A type with its own deletion-guard limit: at most one missing term per run.

[SyncAsset(AssetType = "Business Term", Community = "RT Guarded", Domain = "Guarded terms")]
[MissingPolicy(MissingStrategy.RemoveResources, MaxMissingCount = 1)]
public sealed record GuardedTerm([property: AssetName] string Name);

[SyncPlan(typeof(GuardedTerm), Name = "rt-guarded")]
public static partial class GuardedPlan;

// One synchronization ID with two types; the test then runs it without the acronyms (a hand-written description:
// two generated plans cannot share an ID, CSYNC036), while the ID still owns them.

[SyncAsset(AssetType = "Business Term", Community = "RT Shared", Domain = "Shared terms", SyncId = "rt-shared")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record SharedTerm([property: AssetName] string Name);

[SyncAsset(AssetType = "Acronym", Community = "RT Shared", Domain = "Shared acronyms", SyncId = "rt-shared")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record SharedAcronym([property: AssetName] string Name);

[SyncPlan(typeof(SharedTerm), typeof(SharedAcronym), Name = "rt-shared-both")]
public static partial class SharedBothPlan;

// A status name the catalog does not have ("Retired"): the preflight finds it; without the preflight, the status lookup.

[SyncAsset(AssetType = "Business Term", Community = "RT Retired", Domain = "Retired terms")]
[MissingPolicy(MissingStrategy.ChangeStatus, StatusName = "Retired")]
public sealed record RetiredTerm([property: AssetName] string Name);

[SyncPlan(typeof(RetiredTerm), Name = "rt-retired")]
public static partial class RetiredPlan;

// Items that choose their domain (a schema per domain): the guard's upper bound must read every domain of the community.

[SyncAsset(AssetType = "Table", Community = "RT Per Item")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record PerItemTable([property: AssetName] string Name, [property: AssetDomain] string Schema);

[SyncPlan(typeof(PerItemTable), Name = "rt-per-item")]
public static partial class PerItemPlan;
