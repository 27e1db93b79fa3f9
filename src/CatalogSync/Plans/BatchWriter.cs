using System.Text.Json;

namespace CatalogSync.Plans;

/// <summary>
/// Writes one synchronization batch, a JSON array of Import API v2 resources, straight into a stream. Before the
/// first asset of a community or domain it writes that community or domain resource, once per batch, and it never
/// writes more than <see cref="BatchSize"/> resources, those container resources included.
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
    private readonly HashSet<string> _communities = new(StringComparer.Ordinal);
    private readonly HashSet<(string Community, string Domain)> _domains = [];
    private string? _lastCommunity;
    private string? _lastDomain;
    private bool _started;
    private bool _completed;

    /// <summary>Creates a writer for one batch.</summary>
    /// <param name="destination">Where the batch's JSON goes.</param>
    /// <param name="batchSize">The most resources in the batch: 3 to 50 000.</param>
    public BatchWriter(Stream destination, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, SyncPlanAttribute.MinBatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, SyncPlanAttribute.MaxBatchSize);
        BatchSize = batchSize;
        _writer = new Utf8JsonWriter(destination, AssetJson.WriterOptions);
    }

    /// <summary>A writer without the 50 000-resource limit, for a preview's single simulated synchronization.</summary>
    private BatchWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        BatchSize = int.MaxValue;
        _writer = new Utf8JsonWriter(destination, AssetJson.WriterOptions);
    }

    /// <summary>The most resources in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>A writer that takes any number of resources (a whole group, written to a file).</summary>
    internal static BatchWriter Unbounded(Stream destination) => new(destination);

    /// <summary>Resources written so far, communities and domains included.</summary>
    public int ResourceCount { get; private set; }

    /// <summary>Assets written so far.</summary>
    public int AssetCount { get; private set; }

    /// <summary>Bytes written but not yet flushed to the stream.</summary>
    public int PendingBytes => _writer.BytesPending;

    /// <summary>
    /// Writes <paramref name="item"/> (and its community and domain, if this batch has not written them yet), or
    /// nothing when that would take the batch over <see cref="BatchSize"/>.
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
        var needed = 1 + (newCommunity ? 1 : 0) + (newDomain ? 1 : 0);
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
            AssetJson.WriteCommunity(_writer, community);
            _communities.Add(community);
        }

        if (newDomain)
        {
            AssetJson.WriteDomain(_writer, community, domain, mapper.DomainType);
            _domains.Add((community, domain));
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
