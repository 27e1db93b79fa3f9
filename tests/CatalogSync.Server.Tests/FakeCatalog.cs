using System.Collections.Concurrent;
using System.Security.Cryptography;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>One call that reached the catalog behind the server.</summary>
public sealed record RecordedCall(
    string Method,
    string? SynchronizationId,
    ImportFormat? Format,
    string? FileName,
    long ContentLength,
    string? ContentSha256,
    ImportJobOptions? Job,
    FinalizationOptions? Finalization,
    TabularOptions? Tabular = null);

/// <summary>
/// A recording stand-in for the engine: lets the server's own behaviour (routing, parts, validation, errors)
/// be tested on its own, and shows exactly what reached the catalog (or that nothing did).
/// </summary>
public sealed class FakeCatalog : IImportApiClient, ICatalogReader
{
    public static readonly Guid CommunityId = Guid.Parse("11111111-0000-0000-0000-000000000001");
    public static readonly Guid DomainId = Guid.Parse("11111111-0000-0000-0000-000000000002");
    public static readonly Guid AssetId = Guid.Parse("11111111-0000-0000-0000-000000000003");
    public static readonly Guid MissingStatusId = Guid.Parse("00000000-0000-0000-0000-000000005066");
    public static readonly Guid TableTypeId = Guid.Parse("00000000-0000-0000-0000-000000031007");

    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>The calls that would have written something (every Start…).</summary>
    public IReadOnlyList<RecordedCall> Writes => [.. _calls.Where(c => c.Method.StartsWith("Start", StringComparison.Ordinal))];

    public Job FinishedJob { get; } = new() { Id = Guid.Parse("22222222-0000-0000-0000-000000000001"), State = JobState.Completed, Result = JobResult.Success, Name = "done" };

    public FakeCatalog() => _jobs[FinishedJob.Id] = FinishedJob;

    public CatalogCapabilities Capabilities { get; set; } = CatalogCapabilities.Unknown;

    public Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Capabilities);

    /// <summary>When set, every Start… call throws it (as the engine does when its queue is full).</summary>
    public Exception? StartFailure { get; set; }

    private async Task<Job> RecordAsync(string method, string? syncId, ImportContent? content, ImportJobOptions? job, FinalizationOptions? finalization, CancellationToken ct)
    {
        if (StartFailure is { } failure)
        {
            throw failure;
        }

        long length = 0;
        string? hash = null;
        if (content is not null)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var sink = new HashingStream(sha);
            await content.CopyToAsync(sink, ct);
            length = sink.Length;
            hash = Convert.ToHexString(sha.GetHashAndReset());
        }

        _calls.Enqueue(new RecordedCall(method, syncId, content?.Format, content?.FileName, length, hash, job, finalization, content?.Tabular));
        var created = new Job { Id = Guid.NewGuid(), State = JobState.Completed, Result = JobResult.Success, Name = $"{method} {syncId}", CreatedOn = 1 };
        _jobs[created.Id] = created;
        return created;
    }

    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(StartImportAsync), null, content, options, null, cancellationToken);

    public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(StartSynchronizationBatchAsync), synchronizationId, content, options, null, cancellationToken);

    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(StartSynchronizationAsync), synchronizationId, content, options, finalization, cancellationToken);

    public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(StartFinalizationAsync), synchronizationId, null, null, options, cancellationToken);

    public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        _jobs.TryGetValue(jobId, out var job) ? Task.FromResult(job) : throw NotFound(jobId);

    public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        _jobs.ContainsKey(jobId)
            ? Task.FromResult(new ImportSummary
            {
                ImportJobState = ImportJobState.Completed,
                ResourceTypes = [new ResourceTypeSummary { ResourceType = ImportResourceType.Asset, Counters = new ImportCounters { Added = 2, Retired = 1 } }],
            })
            : throw NotFound(jobId);

    public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        _jobs.ContainsKey(jobId)
            ? Task.FromResult(new PagedResponse<ImportError>
            {
                Total = 1,
                Offset = offset,
                Limit = limit == 0 ? 1000 : limit,
                Results = [new ImportError { ErrorType = ImportErrorType.Validation, ResourceType = ImportResourceType.Asset, ErrorMessage = "Unknown asset type 'Tabel'.", Command = new ImportCommandReference { Indices = [3], Identifier = "Asset 'x'" } }],
            })
            : throw NotFound(jobId);

    public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue(new RecordedCall(nameof(SynchronizationExistsAsync), synchronizationId, null, null, 0, null, null, null));
        return Task.FromResult(synchronizationId == "known");
    }

    public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PagedResponse<SynchronizationInfo> { Total = 1, Offset = offset, Limit = limit, Results = [new SynchronizationInfo { SynchronizationId = "known" }] });

    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue(new RecordedCall(nameof(EvictSynchronizationCacheAsync), synchronizationId, null, null, 0, null, null, null));
        return Task.CompletedTask;
    }

    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue(new RecordedCall(nameof(RemoveSynchronizationAsync), synchronizationId, null, null, 0, null, null, null));
        return Task.CompletedTask;
    }

    private static CatalogApiException NotFound(Guid jobId) => new(404, "jobNotFound", $"No job has the id {jobId}.");

    // ------------------------------------------------------------ reader

    private static NamedResourceReference Ref(Guid id, string kind, string name) => new() { Id = id, ResourceType = kind, Name = name };

    public static Community Community { get; } = new() { Id = CommunityId, Name = "Warehouse" };

    public static Domain Domain { get; } = new()
    {
        Id = DomainId,
        Name = "Sales tables",
        Type = Ref(Guid.Parse("00000000-0000-0000-0000-000000030001"), "DomainType", "Physical Data Dictionary"),
        Community = Ref(CommunityId, "Community", "Warehouse"),
    };

    public static Asset Asset { get; } = new()
    {
        Id = AssetId,
        Name = "sales.orders",
        DisplayName = "Orders",
        Domain = Ref(DomainId, "Domain", "Sales tables"),
        Type = Ref(TableTypeId, "AssetType", "Table"),
        Status = Ref(MissingStatusId, "Status", "Missing from source"),
    };

    public static Status MissingStatus { get; } = new() { Id = MissingStatusId, Name = "Missing from source" };

    /// <summary>The last asset query that reached the reader.</summary>
    public AssetQuery? LastAssetQuery { get; private set; }

    private static PagedResponse<T> Page<T>(Paging? paging, params T[] items) => new()
    {
        Total = items.Length,
        Offset = paging?.Offset ?? 0,
        Limit = (paging ?? Paging.Default).EffectiveLimit,
        Results = items,
    };

    public Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, Community));

    public Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(id == CommunityId ? Community : null);

    public Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, Domain));

    public Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(id == DomainId ? Domain : null);

    public Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default)
    {
        LastAssetQuery = query;
        return Task.FromResult(Page(query.Paging, Asset));
    }

    public Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(id == AssetId ? Asset : null);

    public Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, new CatalogAttribute
        {
            Id = Guid.NewGuid(),
            Kind = "NumericAttribute",
            Type = Ref(Guid.Parse("00000000-0000-0000-0000-000000000219"), "AttributeType", "Row Count"),
            Asset = Ref(AssetId, "Asset", "sales.orders"),
            Value = "42",
        }));

    public Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page<Relation>(paging));

    public Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Tag>>([new Tag { Id = Guid.NewGuid(), Name = "pii" }]);

    public Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(name is null || (nameMatchMode == NameMatchMode.Exact ? MissingStatus.Name == name : MissingStatus.Name.Contains(name, StringComparison.Ordinal))
            ? Page(paging, MissingStatus)
            : Page<Status>(paging));

    public Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(id == MissingStatusId ? MissingStatus : null);

    public Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, new AssetType { Id = TableTypeId, Name = "Table", PublicId = "Table" }));

    public Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, new DomainType { Id = Domain.Type.Id, Name = "Physical Data Dictionary" }));

    public Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, new AttributeType { Id = Guid.Parse("00000000-0000-0000-0000-000000000219"), Name = "Row Count", Kind = AttributeKind.Numeric }));

    public Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(paging, new RelationType
        {
            Id = Guid.Parse("00000000-0000-0000-0000-000000007042"),
            SourceType = Ref(TableTypeId, "AssetType", "Table"),
            TargetType = Ref(Guid.Parse("00000000-0000-0000-0000-000000031008"), "AssetType", "Column"),
            Role = "contains",
            CoRole = "is part of",
        }));

    /// <summary>Counts and hashes what is written to it, keeping nothing.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            _length += count;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
