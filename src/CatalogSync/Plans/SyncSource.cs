namespace CatalogSync.Plans;

/// <summary>
/// The items of one type of a plan, with the mapper that writes them. Generated plans create these from the
/// <see cref="IAsyncEnumerable{T}"/> or <see cref="IEnumerable{T}"/> arguments of <c>RunAsync</c>; the executor
/// streams them without knowing the item type.
/// </summary>
public abstract class SyncSource
{
    /// <summary>The annotated type's name, matching <see cref="SyncTypeDescription.TypeName"/>.</summary>
    public abstract string TypeName { get; }

    /// <summary>Starts enumerating the items.</summary>
    public abstract SyncSourceReader OpenReader(CancellationToken cancellationToken);

    /// <summary>A source over an asynchronous sequence.</summary>
    public static SyncSource Create<T>(IAsyncEnumerable<T> items, AssetMapper<T> mapper) => new SyncSource<T>(items, mapper);

    /// <summary>A source over a sequence.</summary>
    public static SyncSource Create<T>(IEnumerable<T> items, AssetMapper<T> mapper) => new SyncSource<T>(items, mapper);
}

/// <summary>Reads the items of a <see cref="SyncSource"/> one at a time.</summary>
public abstract class SyncSourceReader : IAsyncDisposable
{
    /// <summary>Moves to the next item.</summary>
    /// <returns><see langword="false"/> at the end.</returns>
    public abstract ValueTask<bool> MoveNextAsync();

    /// <summary>Writes the current item to <paramref name="writer"/>; see <see cref="BatchWriter.TryWriteAsset{T}"/>.</summary>
    /// <returns><see langword="false"/> when the batch is full.</returns>
    public abstract bool TryWriteCurrent(BatchWriter writer);

    /// <summary>The current item's identity in the catalog: its community, domain and asset name.</summary>
    /// <exception cref="ArgumentNullException">The current item is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The item names no domain and its type has no default, or its name or domain holds a lone surrogate.</exception>
    public abstract SourceItemIdentity GetCurrentIdentity();

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();
}

/// <summary>The items of type <typeparamref name="T"/> and their mapper.</summary>
/// <typeparam name="T">The annotated type.</typeparam>
public sealed class SyncSource<T> : SyncSource
{
    private readonly IAsyncEnumerable<T>? _asyncItems;
    private readonly IEnumerable<T>? _items;

    /// <summary>A source over an asynchronous sequence.</summary>
    public SyncSource(IAsyncEnumerable<T> items, AssetMapper<T> mapper)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(mapper);
        _asyncItems = items;
        Mapper = mapper;
    }

    /// <summary>A source over a sequence.</summary>
    public SyncSource(IEnumerable<T> items, AssetMapper<T> mapper)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(mapper);
        _items = items;
        Mapper = mapper;
    }

    /// <summary>The mapper that writes the items.</summary>
    public AssetMapper<T> Mapper { get; }

    /// <inheritdoc/>
    public override string TypeName => Mapper.TypeName;

    /// <inheritdoc/>
    public override SyncSourceReader OpenReader(CancellationToken cancellationToken) =>
        _asyncItems is not null
            ? new AsyncReader(_asyncItems.GetAsyncEnumerator(cancellationToken), Mapper)
            : new Reader(_items!.GetEnumerator(), Mapper, cancellationToken);

    private sealed class AsyncReader(IAsyncEnumerator<T> items, AssetMapper<T> mapper) : SyncSourceReader
    {
        public override ValueTask<bool> MoveNextAsync() => items.MoveNextAsync();

        public override SourceItemIdentity GetCurrentIdentity() => SourceItemIdentity.Of(mapper, items.Current);

        public override bool TryWriteCurrent(BatchWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            return writer.TryWriteAsset(mapper, items.Current);
        }

        public override ValueTask DisposeAsync() => items.DisposeAsync();
    }

    private sealed class Reader(IEnumerator<T> items, AssetMapper<T> mapper, CancellationToken cancellationToken) : SyncSourceReader
    {
        public override ValueTask<bool> MoveNextAsync()
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(items.MoveNext());
        }

        public override SourceItemIdentity GetCurrentIdentity() => SourceItemIdentity.Of(mapper, items.Current);

        public override bool TryWriteCurrent(BatchWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            return writer.TryWriteAsset(mapper, items.Current);
        }

        public override ValueTask DisposeAsync()
        {
            items.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Where an item lands in the catalog: an asset is identified by its name in a domain of a community.</summary>
/// <param name="Community">The community's name.</param>
/// <param name="Domain">The domain's name.</param>
/// <param name="Name">The asset name; <see langword="null"/> when the item has none.</param>
public readonly record struct SourceItemIdentity(string Community, string Domain, string? Name)
{
    internal static SourceItemIdentity Of<T>(AssetMapper<T> mapper, T item)
    {
        var name = mapper.GetName(item); // first: a generated mapper refuses a null item here
        return new(mapper.GetCommunity(item), mapper.GetDomain(item), name);
    }
}
