using CatalogSync.Contract;

namespace CatalogSync.Catalog.Jobs;

/// <summary>
/// A job's errors: every one is counted, the first <see cref="Capacity"/> are kept (in memory while the job runs, then
/// in the store), so a file of a million bad commands costs a bounded amount of memory and disk.
/// </summary>
internal sealed class JobErrors(int capacity)
{
    private readonly List<ImportError> _kept = [];

    /// <summary>How many errors are kept at most.</summary>
    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>How many errors there were, kept or not.</summary>
    public int Count { get; private set; }

    /// <summary>The errors that are kept, in order.</summary>
    public IReadOnlyList<ImportError> Kept => _kept;

    /// <summary>Whether some errors were counted but not kept.</summary>
    public bool Truncated => Count > _kept.Count;

    public void Add(ImportError error)
    {
        Count++;
        if (_kept.Count < Capacity)
        {
            _kept.Add(error with
            {
                ErrorMessage = InputText.Bound(error.ErrorMessage),
                Command = error.Command with { Identifier = InputText.Bound(error.Command.Identifier) },
            });
        }
    }

    public void AddRange(JobErrors other)
    {
        foreach (var error in other._kept)
        {
            Add(error);
        }

        Count += other.Count - other._kept.Count;
    }

    public void Clear()
    {
        _kept.Clear();
        Count = 0;
    }
}
