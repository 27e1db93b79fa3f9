using System.Globalization;
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

    /// <summary>The default of <see cref="PageCacheSize"/>: 128 MiB.</summary>
    public const long DefaultPageCacheSize = 128L << 20;

    /// <summary>
    /// The most memory SQLite's page cache of the writing connection may hold (<c>PRAGMA cache_size</c>), 128 MiB by
    /// default; each reading connection gets a 32nd of it. It is sized for the working set of a batch, not for the
    /// file: with integer keys (schema version 3) a new asset is appended to its table and to the indexes keyed by it,
    /// and only the UUID, name and hash indexes are written at random places (in the load benchmark at a million assets,
    /// a 772 MB catalog, the server peaked at 322 MB resident with this default). A cache much smaller than that working
    /// set re-reads the same pages again and again (with TEXT UUID keys and SQLite's default of 2 MB, 11 GB were read to
    /// load 200 000 assets). The cache grows only as pages are used, so a small catalog does not pay for it; lower it on
    /// a smaller machine (<c>--page-cache</c>).
    /// </summary>
    public long PageCacheSize { get; init; } = DefaultPageCacheSize;

    /// <summary>
    /// Test only: a pause at each stage of every job (start, every 100 commands, finalization, before and after the commit), so that
    /// crash tests can stop the process while a job runs. Zero (no pause) outside tests.
    /// </summary>
    internal TimeSpan TestJobStageDelay { get; init; }

    /// <summary>
    /// Test only: awaited by every job once it is running, before it opens its transaction (given the job's id), so that a
    /// crash test can hold a job in the running state until it has seen it. Null (no wait) outside tests.
    /// </summary>
    internal Func<Guid, CancellationToken, Task>? TestJobGate { get; init; }

    /// <summary>The default of <see cref="MaxResourceSize"/>: 16 MiB.</summary>
    public const int DefaultMaxResourceSize = Import.ImportCommandReader.DefaultMaxResourceSize;

    /// <summary>The default of <see cref="MaxErrorsPerJob"/>.</summary>
    public const int DefaultMaxErrorsPerJob = 1000;

    /// <summary>The default of <see cref="MaxPendingJobs"/>.</summary>
    public const int DefaultMaxPendingJobs = 100;

    /// <summary>The default of <see cref="MaxPendingBytes"/>: 4 GiB.</summary>
    public const long DefaultMaxPendingBytes = 4L << 30;

    /// <summary>The default of <see cref="JobRetentionCount"/>.</summary>
    public const int DefaultJobRetentionCount = 5000;

    /// <summary>The default of <see cref="JobRetentionAge"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultJobRetentionAge = TimeSpan.FromDays(30);

    /// <summary>The default of <see cref="JobRetentionMinimumAge"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultJobRetentionMinimumAge = TimeSpan.FromHours(1);

    /// <summary>
    /// The largest single resource (one element of an import file's array, in bytes of JSON). One resource is held in
    /// memory while it is parsed, so this bounds a job's memory; a file with a larger resource fails with a message that
    /// names it.
    /// </summary>
    public int MaxResourceSize { get; init; } = DefaultMaxResourceSize;

    /// <summary>The default of <see cref="MaxHeldUntilEndOfFile"/>: 64 MiB (enough for the relations of 50 000 typical assets).</summary>
    public const long DefaultMaxHeldUntilEndOfFile = 64L << 20;

    /// <summary>
    /// How much memory (estimated, in bytes) one job may hold for what must wait for the end of its file: assets listed
    /// before their domain, and relations. A command that would go beyond it fails with a message saying to put domains
    /// first or split the input; the others go on.
    /// </summary>
    public long MaxHeldUntilEndOfFile { get; init; } = DefaultMaxHeldUntilEndOfFile;

    /// <summary>
    /// How many errors of one job are kept (in memory while it runs, then in the store); the summary's
    /// <c>errorsCount</c> still counts them all.
    /// </summary>
    public int MaxErrorsPerJob { get; init; } = DefaultMaxErrorsPerJob;

    /// <summary>How many jobs may wait or run at once; beyond it, starting a job fails with 503 <c>queueFull</c>.</summary>
    public int MaxPendingJobs { get; init; } = DefaultMaxPendingJobs;

    /// <summary>
    /// How many bytes of input the jobs that wait or run may hold in the spool together; beyond it, starting a job fails
    /// with 503 <c>queueFull</c> (a single job larger than this is accepted when no other input is pending).
    /// </summary>
    public long MaxPendingBytes { get; init; } = DefaultMaxPendingBytes;

    /// <summary>
    /// Finished jobs (with their summaries and errors) older than this are deleted; <see langword="null"/> keeps them
    /// whatever their age. Unfinished jobs are never deleted.
    /// </summary>
    public TimeSpan? JobRetentionAge { get; init; } = DefaultJobRetentionAge;

    /// <summary>
    /// At most this many finished jobs are kept (the newest); <see langword="null"/> keeps any number. Unfinished jobs
    /// are never deleted and do not count.
    /// </summary>
    public int? JobRetentionCount { get; init; } = DefaultJobRetentionCount;

    /// <summary>
    /// Finished jobs that ended less than this long ago are never deleted, by <see cref="JobRetentionAge"/> nor by
    /// <see cref="JobRetentionCount"/>: a client that started a job must find it when it polls, however many jobs
    /// finished in the meantime. One hour by default; zero protects none. It may not exceed <see cref="JobRetentionAge"/>.
    /// </summary>
    public TimeSpan JobRetentionMinimumAge { get; init; } = DefaultJobRetentionMinimumAge;

    /// <summary>How often the job history is pruned while the catalog is open (it is also pruned when it opens).</summary>
    public TimeSpan JobRetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the options without touching the disk.</summary>
    /// <returns>A message saying what to fix, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            return "The database path is empty: give the SQLite file, e.g. catalog.db.";
        }

        if (MaxResourceSize < 1024)
        {
            return $"The largest resource size ({MaxResourceSize.ToString(CultureInfo.InvariantCulture)} bytes) must be at least 1024 bytes.";
        }

        if (MaxHeldUntilEndOfFile < 1 << 20)
        {
            return "The memory held until the end of a file must be at least 1 MiB.";
        }

        if (PageCacheSize < 2 << 20)
        {
            return "The page cache must be at least 2 MiB (SQLite's default).";
        }

        if (MaxErrorsPerJob < 1)
        {
            return "The number of errors kept per job must be at least 1.";
        }

        if (MaxPendingJobs < 1)
        {
            return "The number of pending jobs must be at least 1.";
        }

        if (MaxPendingBytes < 1)
        {
            return "The pending input size must be at least 1 byte.";
        }

        if (JobRetentionAge is { } age && age <= TimeSpan.Zero)
        {
            return "The job retention age must be positive (or not set, to keep jobs whatever their age).";
        }

        if (JobRetentionCount is < 1)
        {
            return "The number of jobs kept must be at least 1 (or not set, to keep any number).";
        }

        if (JobRetentionMinimumAge < TimeSpan.Zero)
        {
            return "The minimum age of a job before it may be deleted must not be negative (zero protects none).";
        }

        if (JobRetentionAge is { } maxAge && JobRetentionMinimumAge > maxAge)
        {
            return $"The minimum age of a job before it may be deleted ({JobRetentionMinimumAge.ToString("c", CultureInfo.InvariantCulture)}) is longer than the job retention age ({maxAge.ToString("c", CultureInfo.InvariantCulture)}): give a minimum age that is at most the retention age.";
        }

        return JobRetentionInterval <= TimeSpan.Zero ? "The job retention interval must be positive." : null;
    }
}
