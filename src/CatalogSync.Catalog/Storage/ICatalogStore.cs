using CatalogSync.Catalog.Metamodel;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Storage;

/// <summary>A community as stored.</summary>
public sealed record CommunityRow(Guid Id, string Name, string? Description, Guid? ParentId, long CreatedOn, long LastModifiedOn);

/// <summary>A domain as stored.</summary>
public sealed record DomainRow(Guid Id, string Name, string? Description, Guid CommunityId, Guid TypeId, long CreatedOn, long LastModifiedOn);

/// <summary>An asset as stored.</summary>
public sealed record AssetRow(Guid Id, string Name, string? DisplayName, Guid DomainId, Guid TypeId, Guid StatusId, long CreatedOn, long LastModifiedOn);

/// <summary>A responsibility: an owner (user or group, by id or name) in a role on a resource.</summary>
public sealed record ResponsibilityRow(string Role, string OwnerKind, string OwnerKey);

/// <summary>A synchronization id and its current cycle (cycles start at 1 and advance at each finalization).</summary>
public sealed record SyncRow(string SyncId, long Cycle, long CreatedOn, long? LastFinalizedOn);

/// <summary>What a synchronization id knows of one resource it owns.</summary>
/// <param name="Hash">The hash of the command that last wrote it (empty after an evict).</param>
/// <param name="LastSeenCycle">The last cycle a batch sent it in.</param>
/// <param name="RetiredStatusId">The status a <c>CHANGE_STATUS</c> finalization gave it, while it is missing.</param>
public sealed record OwnershipRow(string Hash, long LastSeenCycle, Guid? RetiredStatusId);

/// <summary>The kinds of resources a synchronization owns.</summary>
public enum OwnedKind
{
    /// <summary>A community.</summary>
    Community,
    /// <summary>A domain.</summary>
    Domain,
    /// <summary>An asset.</summary>
    Asset,
}

/// <summary>How many resources of one type a finalization affected.</summary>
public sealed record TypeCount(OwnedKind Kind, Guid TypeId, int Count);

/// <summary>A job as stored: its public state plus what the engine needs to know about it.</summary>
public sealed record JobRow(Job Job, string Kind, string? SynchronizationId, ImportSummary? Summary);

/// <summary>
/// The storage of the embedded catalog. Implementations: SQLite (one file) now, PostgreSQL next.
/// Everything (resources, synchronization ownership and cycles, jobs) lives in one database so that
/// one transaction covers a batch with its job result.
/// </summary>
public interface ICatalogStore : IAsyncDisposable
{
    /// <summary>Creates the schema and seeds the metamodel when the database is new; checks it otherwise.</summary>
    Task InitializeAsync(OotbSeed seed, long now, CancellationToken cancellationToken);

    /// <summary>Loads the metamodel.</summary>
    Task<MetamodelData> LoadMetamodelAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a unit of work. Write sessions are serialised (one writer at a time) and transactional:
    /// nothing is visible to others before <see cref="ICatalogSession.Commit"/>.
    /// </summary>
    Task<ICatalogSession> OpenSessionAsync(bool write, CancellationToken cancellationToken);

    /// <summary>The read side, served from committed data.</summary>
    ICatalogReader Reader { get; }
}

/// <summary>
/// One transaction on one connection. Calls are synchronous on purpose: a batch runs on its job's
/// worker as one transaction, and per-command round trips are local.
/// </summary>
public interface ICatalogSession : IDisposable
{
    /// <summary>Commits the transaction (write sessions).</summary>
    void Commit();

    /// <summary>Marks a point to roll back to if the next command fails.</summary>
    void Savepoint(string name);

    /// <summary>Undoes everything since <see cref="Savepoint"/>.</summary>
    void RollbackToSavepoint(string name);

    /// <summary>Forgets a savepoint, keeping its changes.</summary>
    void ReleaseSavepoint(string name);

    // Communities, domains, assets
#pragma warning disable CS1591 // The members below are self-describing data access.
    CommunityRow? GetCommunity(Guid id);
    CommunityRow? FindCommunity(string name);
    void InsertCommunity(CommunityRow row);
    void UpdateCommunity(CommunityRow row);
    DomainRow? GetDomain(Guid id);
    DomainRow? FindDomain(Guid communityId, string name);
    void InsertDomain(DomainRow row);
    void UpdateDomain(DomainRow row);
    AssetRow? GetAsset(Guid id);
    AssetRow? FindAsset(Guid domainId, string name);
    void InsertAsset(AssetRow row);
    void UpdateAsset(AssetRow row);
    IReadOnlyList<string> GetAttributeValues(Guid assetId, Guid typeId);
    void ReplaceAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now);
    // For an asset created in this session, which has no values yet: no DELETE first.
    void InsertAttributeValues(Guid assetId, Guid typeId, IReadOnlyList<string> values, long now);
    IReadOnlyList<Guid> GetRelated(Guid assetId, Guid relationTypeId, bool assetIsTarget);
    void AddRelation(Guid relationTypeId, Guid sourceId, Guid targetId, long now);
    void RemoveRelation(Guid relationTypeId, Guid sourceId, Guid targetId);
    IReadOnlyList<string> GetTags(Guid assetId);
    void ReplaceTags(Guid assetId, IReadOnlyList<string> tags);
    IReadOnlyList<ResponsibilityRow> GetResponsibilities(Guid resourceId);
    void ReplaceResponsibilities(Guid resourceId, IReadOnlyList<ResponsibilityRow> responsibilities);
#pragma warning restore CS1591

    // Synchronization
    /// <summary>The synchronization, or <see langword="null"/> when the id is unknown.</summary>
    SyncRow? GetSync(string syncId);

    /// <summary>Starts tracking a synchronization id, in cycle 1.</summary>
    void CreateSync(string syncId, long now);

    /// <summary>What <paramref name="syncId"/> knows of a resource it owns, or <see langword="null"/>.</summary>
    OwnershipRow? GetOwnership(string syncId, OwnedKind kind, Guid resourceId);

    /// <summary>Claims a resource for a synchronization and marks it seen in <paramref name="cycle"/>.</summary>
    void MarkSeen(string syncId, OwnedKind kind, Guid resourceId, string hash, long cycle);

    /// <summary>
    /// The unchanged-resource cache by hash: when <paramref name="syncId"/> owns a resource, not retired, whose cached
    /// hash is <paramref name="hash"/>, marks it seen in <paramref name="cycle"/> and returns its kind and type (an empty
    /// type for a community); <see langword="null"/> otherwise. The seen mark may be written later in the session, but
    /// before any other call reads or writes and before the commit.
    /// </summary>
    (OwnedKind Kind, Guid TypeId)? MarkSeenUnchanged(string syncId, string hash, long cycle);

    /// <summary>Counts, per type, the resources <paramref name="syncId"/> owns alone that were not seen in <paramref name="cycle"/>.</summary>
    IReadOnlyList<TypeCount> CountMissing(string syncId, long cycle);

    /// <summary>Deletes the missing assets owned by this id alone (with attributes, relations, tags, responsibilities); releases shared ones.</summary>
    IReadOnlyList<TypeCount> RemoveMissingAssets(string syncId, long cycle);

    /// <summary>Deletes missing domains, then communities, owned by this id alone that are now empty.</summary>
    IReadOnlyList<TypeCount> RemoveMissingEmptyContainers(string syncId, long cycle);

    /// <summary>Gives missing assets owned by this id alone the status <paramref name="statusId"/> and remembers it for restore.</summary>
    IReadOnlyList<TypeCount> RetireMissingAssets(string syncId, long cycle, Guid statusId, long now);

    /// <summary>Forgets that an asset was retired (it was seen again).</summary>
    void ClearRetired(string syncId, Guid assetId);

    /// <summary>Ends the cycle: the next batch starts cycle + 1.</summary>
    void AdvanceCycle(string syncId, long now);

    /// <summary>Clears the unchanged-resource cache of a synchronization; ownership stays.</summary>
    void Evict(string syncId);

    /// <summary>Forgets a synchronization id and what it owns; the resources stay.</summary>
    void RemoveSync(string syncId);

    /// <summary>The known synchronization ids, ordered.</summary>
    (long Total, IReadOnlyList<string> Ids) ListSyncs(int offset, int limit);

    // Jobs
    /// <summary>Stores a new job or its new state.</summary>
    void SaveJob(JobRow job);

    /// <summary>A job, or <see langword="null"/> when unknown.</summary>
    JobRow? GetJob(Guid jobId);

    /// <summary>Stores a job's errors.</summary>
    void SaveErrors(Guid jobId, IReadOnlyList<ImportError> errors);

    /// <summary>A page of a job's errors.</summary>
    (long Total, IReadOnlyList<ImportError> Errors) GetErrors(Guid jobId, int offset, int limit);

    /// <summary>
    /// Deletes finished jobs (and their errors) created before <paramref name="createdBefore"/> (Unix milliseconds), and
    /// every finished job beyond the <paramref name="keepNewest"/> newest ones; either rule deletes only jobs that ended
    /// before <paramref name="endedBefore"/> (Unix milliseconds). Unfinished jobs are never deleted.
    /// </summary>
    /// <returns>How many jobs were deleted.</returns>
    int PruneJobs(long createdBefore, int keepNewest, long endedBefore);
}
