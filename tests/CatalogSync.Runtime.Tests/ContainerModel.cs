namespace CatalogSync.Runtime.Tests;

// Containers are ensured, never owned: plans pointed at hand-made domains, at a domain of another type, and per-item domains.
// The curated tables and columns share one (pinned) synchronization ID, so one finalization covers both domains.

[SyncAsset(AssetType = "Table", Community = "RT Curated", Domain = "Curated tables", DomainType = "Physical Data Dictionary", SyncId = "rt-curated")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record CuratedTable([property: AssetName] string Name);

[SyncAsset(AssetType = "Column", Community = "RT Curated", Domain = "Curated columns", DomainType = "Physical Data Dictionary", SyncId = "rt-curated")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record CuratedColumn([property: AssetName] string Name);

[SyncPlan(typeof(CuratedTable), typeof(CuratedColumn), Name = "rt-curated", BatchSize = 3)]
public static partial class CuratedPlan;

// "Curated glossary" exists as a Glossary domain: a Collibra domain command would retype it.

[SyncAsset(AssetType = "Table", Community = "RT Retype", Domain = "Curated glossary", DomainType = "Physical Data Dictionary")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record RetypeTable([property: AssetName] string Name);

[SyncPlan(typeof(RetypeTable), Name = "rt-retype")]
public static partial class RetypePlan;

// Items that choose their domain: each domain is ensured before the batch that first uses it.

[SyncAsset(AssetType = "Table", Community = "RT Schemas", DomainType = "Physical Data Dictionary")]
[MissingPolicy(MissingStrategy.RemoveResources)]
public sealed record SchemaTable([property: AssetName] string Name, [property: AssetDomain] string Schema);

[SyncPlan(typeof(SchemaTable), Name = "rt-schemas", BatchSize = 3)]
public static partial class SchemaPlan;
