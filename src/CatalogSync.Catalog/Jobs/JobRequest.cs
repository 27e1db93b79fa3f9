using CatalogSync.Contract;

namespace CatalogSync.Catalog.Jobs;

/// <summary>What a job does.</summary>
internal enum JobKind
{
    /// <summary><c>/import/json-job</c>: create or update, never delete.</summary>
    Import,
    /// <summary><c>/import/synchronize/{id}/batch/json-job</c>.</summary>
    SynchronizationBatch,
    /// <summary><c>/import/synchronize/{id}/json-job</c>: batch and finalization in one transaction.</summary>
    Synchronization,
    /// <summary><c>/import/synchronize/{id}/finalize/job</c>.</summary>
    Finalization,
}

/// <summary>A queued job: what to run, on which input, with which options.</summary>
internal sealed record JobRequest(
    Guid Id,
    JobKind Kind,
    string Name,
    string? SynchronizationId,
    string? InputPath,
    ImportJobOptions Import,
    FinalizationOptions? Finalization)
{
    public bool HasInput => Kind != JobKind.Finalization;

    public bool Finalizes => Kind is JobKind.Synchronization or JobKind.Finalization;

    public bool Simulation => Import.Simulation || (Finalization?.Simulation ?? false);

    /// <summary>The cycle-lease owner token the request came with, or <see langword="null"/>.</summary>
    public string? Owner => Import.CycleOwner ?? Finalization?.CycleOwner;

    /// <summary>The job's place in the journal: jobs run in this order (per synchronization id).</summary>
    public long Sequence { get; init; }
}

/// <summary>A job of this process, while it waits or runs: its latest state and a way to await its end.</summary>
internal sealed class LiveJob(Job initial)
{
    private readonly TaskCompletionSource<Job> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Job _current = initial;

    public Job Current => Volatile.Read(ref _current);

    public Task<Job> Finished => _finished.Task;

    public void Update(Func<Job, Job> change) => Volatile.Write(ref _current, change(Current));

    public void Finish(Job final)
    {
        Volatile.Write(ref _current, final);
        _finished.TrySetResult(final);
    }
}
