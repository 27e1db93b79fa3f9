using Microsoft.Extensions.Logging;

namespace CatalogSync.Catalog;

/// <summary>Where and how the embedded catalog keeps its data.</summary>
public sealed class EmbeddedCatalogOptions
{
    /// <summary>The SQLite file; created (with the out-of-the-box metamodel) when it does not exist.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Where job inputs are spooled until their job has run; defaults to <c>{DatabasePath}.spool</c>.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>Logs one line per finished job, and errors.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock (tests may fix it); cycle leases expire by it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long a cycle lease lives after the last request (or finished job) of its owner; 5 minutes by default.
    /// See <see cref="CatalogSync.Contract.CycleLease"/>.
    /// </summary>
    public TimeSpan CycleLeaseDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a commit is on disk before the job says so (SQLite <c>synchronous = FULL</c>, the default): a
    /// job reported <c>COMPLETED</c> survives a power loss. <see langword="false"/> uses <c>NORMAL</c>: faster,
    /// and still safe against a crash of the process, but a power loss may undo the last commits.
    /// </summary>
    public bool DurableCommits { get; init; } = true;

    /// <summary>
    /// Test only: a pause at each stage of every job (start, every 100 commands, finalization, before and after the commit), so that
    /// crash tests can stop the process while a job runs. Zero (no pause) outside tests.
    /// </summary>
    internal TimeSpan TestJobStageDelay { get; init; }
}
