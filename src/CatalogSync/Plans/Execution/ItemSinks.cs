namespace CatalogSync.Plans.Execution;

/// <summary>Where the group's one read loop (<see cref="GroupRunner"/>) writes the items: batches to send, or a preview's file.</summary>
internal abstract class ItemSink : IDisposable
{
    /// <summary>The writer the next item goes to.</summary>
    public abstract BatchWriter Writer { get; }

    /// <summary>The writer is full: send what it holds and start the next one.</summary>
    /// <returns>The group's report when the group must stop, <see langword="null"/> to go on.</returns>
    public abstract Task<SyncGroupReport?> FlushFullAsync(GroupState state);

    /// <summary>Why an item that does not fit even into a fresh writer cannot be written.</summary>
    public abstract InvalidOperationException Unwritable(string typeName);

    /// <inheritdoc/>
    public abstract void Dispose();
}
