using System.Text.Json;

namespace CatalogSync.Plans;

/// <summary>Which community and domain resources a <see cref="BatchWriter"/> writes besides the assets.</summary>
public enum BatchContainers
{
    /// <summary>
    /// None: the batch carries assets only, so that a synchronization ID never comes to own (and a finalization never
    /// removes or retypes) the communities and domains its assets live in. The containers must exist; the executor
    /// looks them up and creates the missing ones with a plain import before the batch is sent.
    /// </summary>
    None,

    /// <summary>
    /// Before the first asset of a community or domain, that community or domain resource, once per batch (what a
    /// plain import into a catalog that may not have them needs). Under a synchronization ID this makes the ID own them,
    /// and Collibra updates an existing domain's type from the command.
    /// </summary>
    All,
}

/// <summary>
/// Writes one synchronization batch, a JSON array of Import API v2 resources, straight into a stream, never more than
/// <see cref="BatchSize"/> resources. By default it writes assets only (<see cref="BatchContainers.None"/>); with
/// <see cref="BatchContainers.All"/> it writes each community and domain resource before the first asset in it, once
/// per batch, those container resources counted against the batch size.
/// </summary>
/// <remarks>
/// Use one writer per batch: write assets with <see cref="TryWriteAsset{T}"/> until it answers
/// <see langword="false"/> (the batch is full), then <see cref="CompleteAsync"/>. Flush with <see cref="FlushAsync"/>
/// when <see cref="PendingBytes"/> grows, so nothing larger than a buffer is held in memory.
/// </remarks>
public sealed class BatchWriter : IDisposable
{
    /// <summary>The size of the pending output above which callers should flush.</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly Utf8JsonWriter _writer;
    private readonly ContainerFilter _filter;
    private readonly HashSet<string> _communities = new(StringComparer.Ordinal);
    private readonly HashSet<(string Community, string Domain)> _domains = [];
    private readonly List<ContainerUse> _containers = [];
    private string? _lastCommunity;
    private string? _lastDomain;
    private bool _started;
    private bool _completed;

    /// <summary>Creates a writer for one batch of assets only (<see cref="BatchContainers.None"/>).</summary>
    /// <param name="destination">Where the batch's JSON goes.</param>
    /// <param name="batchSize">The most resources in the batch: 3 to 50 000.</param>
    public BatchWriter(Stream destination, int batchSize)
        : this(destination, batchSize, BatchContainers.None)
    {
    }

    /// <summary>Creates a writer for one batch.</summary>
    /// <param name="destination">Where the batch's JSON goes.</param>
    /// <param name="batchSize">The most resources in the batch: 3 to 50 000.</param>
    /// <param name="containers">Which community and domain resources it writes besides the assets.</param>
    public BatchWriter(Stream destination, int batchSize, BatchContainers containers)
        : this(destination, batchSize, containers == BatchContainers.All ? ContainerFilter.Every : ContainerFilter.Nothing)
    {
    }

    /// <summary>A writer whose container resources <paramref name="filter"/> chooses (the executor's).</summary>
    internal BatchWriter(Stream destination, int batchSize, ContainerFilter filter)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, SyncPlanAttribute.MinBatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, SyncPlanAttribute.MaxBatchSize);
        BatchSize = batchSize;
        _filter = filter;
        _writer = new Utf8JsonWriter(destination, AssetJson.WriterOptions);
    }

    /// <summary>A writer without the 50 000-resource limit, for a preview's single simulated synchronization.</summary>
    private BatchWriter(Stream destination, ContainerFilter filter)
    {
        ArgumentNullException.ThrowIfNull(destination);
        BatchSize = int.MaxValue;
        _filter = filter;
        _writer = new Utf8JsonWriter(destination, AssetJson.WriterOptions);
    }

    /// <summary>The most resources in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>A writer that takes any number of resources (a whole group, written to a file).</summary>
    internal static BatchWriter Unbounded(Stream destination, ContainerFilter filter) => new(destination, filter);

    /// <summary>
    /// Every domain (with its community) the assets written so far live in, in the order of first use, with the domain
    /// type and the C# type of the first asset in it: what must exist before the batch is sent.
    /// </summary>
    internal IReadOnlyList<ContainerUse> Containers => _containers;

    /// <summary>Resources written so far, communities and domains included (when written).</summary>
    public int ResourceCount { get; private set; }

    /// <summary>Assets written so far.</summary>
    public int AssetCount { get; private set; }

    /// <summary>Bytes written but not yet flushed to the stream.</summary>
    public int PendingBytes => _writer.BytesPending;

    /// <summary>
    /// Writes <paramref name="item"/> (and, when the writer writes containers, its community and domain if this batch
    /// has not written them yet), or nothing when that would take the batch over <see cref="BatchSize"/>.
    /// </summary>
    /// <returns><see langword="false"/> when the batch is full: complete it and write the item into the next one.</returns>
    public bool TryWriteAsset<T>(AssetMapper<T> mapper, T item)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        ObjectDisposedException.ThrowIf(_completed, this);
        var community = mapper.GetCommunity(item);
        var domain = mapper.GetDomain(item);
        // Most items live in the container of the item before (a type's default domain is one string instance).
        var sameAsLast = ReferenceEquals(community, _lastCommunity) && ReferenceEquals(domain, _lastDomain);
        var newCommunity = !sameAsLast && !_communities.Contains(community);
        var newDomain = !sameAsLast && !_domains.Contains((community, domain));
        var writeCommunity = newCommunity && _filter.WritesCommunity(community);
        var writeDomain = newDomain && _filter.WritesDomain(community, domain);
        var needed = 1 + (writeCommunity ? 1 : 0) + (writeDomain ? 1 : 0);
        if (ResourceCount + needed > BatchSize)
        {
            return false;
        }

        if (!_started)
        {
            _writer.WriteStartArray();
            _started = true;
        }

        if (newCommunity)
        {
            if (writeCommunity)
            {
                AssetJson.WriteCommunity(_writer, community);
            }

            _communities.Add(community);
        }

        if (newDomain)
        {
            if (writeDomain)
            {
                AssetJson.WriteDomain(_writer, community, domain, mapper.DomainType);
            }

            _domains.Add((community, domain));
            _containers.Add(new ContainerUse(community, domain, mapper.DomainType, mapper.TypeName));
        }

        mapper.WriteAsset(_writer, item, community, domain);
        _lastCommunity = community;
        _lastDomain = domain;
        ResourceCount += needed;
        AssetCount++;
        return true;
    }

    /// <summary>Writes the pending output to the stream.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <summary>Ends the JSON array (an empty batch is <c>[]</c>) and flushes it; the writer takes no more assets.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        CompleteCore(flush: false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the JSON array (an empty batch is <c>[]</c>) and flushes it synchronously.</summary>
    public void Complete() => CompleteCore(flush: true);

    private void CompleteCore(bool flush)
    {
        if (_completed)
        {
            return;
        }

        if (!_started)
        {
            _writer.WriteStartArray();
            _started = true;
        }

        _writer.WriteEndArray();
        _completed = true;
        if (flush)
        {
            _writer.Flush();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}

/// <summary>A domain (with its community) that assets of a batch live in, with the domain type and the C# type that declares it.</summary>
internal readonly record struct ContainerUse(string Community, string Domain, string DomainType, string TypeName);

/// <summary>Which community and domain resources a <see cref="BatchWriter"/> writes besides the assets.</summary>
internal class ContainerFilter
{
    /// <summary>Assets only.</summary>
    public static readonly ContainerFilter Nothing = new(write: false);

    /// <summary>Every community and domain, once per batch.</summary>
    public static readonly ContainerFilter Every = new(write: true);

    private readonly bool _write;

    protected ContainerFilter(bool write) => _write = write;

    /// <summary>Whether the community's resource is written before its first asset in the batch.</summary>
    public virtual bool WritesCommunity(string community) => _write;

    /// <summary>Whether the domain's resource is written before its first asset in the batch.</summary>
    public virtual bool WritesDomain(string community, string domain) => _write;
}
