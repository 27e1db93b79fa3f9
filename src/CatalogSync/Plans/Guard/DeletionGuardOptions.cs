namespace CatalogSync.Plans;

/// <summary>
/// The deletion guard: before the real finalizations, the run counts what each would remove or retire, per
/// synchronization ID and per type, and finalizes <b>nothing</b> when any count crosses these limits, or when a type
/// sent no item although the catalog holds some of it (an empty source reads as "everything is missing").
/// </summary>
/// <remarks>
/// <para>
/// Defaults: at most 25 % of a type's assets (applied from 10 missing assets up, so that a small scope can lose a few)
/// and at most 10 000 in one run. Peers choose between two extremes: DataHub's stateful ingestion stops only above
/// 75 % (it catches a wiped source, not a half-empty one), Amundsen's staleness removal above 5 % (strict enough to
/// block ordinary churn), Backstage's <c>rejectRemovalsAbovePercentage</c> has no default at all. A quarter of a scope
/// in one run is far above the churn of a daily sync and well below a failed or truncated source, which usually
/// loses most of it; the absolute limit bounds the damage in large scopes, where 25 % is a great many assets.
/// </para>
/// <para>
/// Per type, <see cref="MissingPolicyAttribute.MaxMissingPercent"/> and <see cref="MissingPolicyAttribute.MaxMissingCount"/>
/// replace these limits. A blocked run loses nothing: no ID was finalized, so the next complete run still finds the
/// same missing assets.
/// </para>
/// </remarks>
public sealed record DeletionGuardOptions
{
    /// <summary>The defaults: 25 % (from 10 missing assets up), 10 000 assets, empty sources blocked.</summary>
    public static DeletionGuardOptions Default { get; } = new();

    /// <summary>The largest share, in percent (0 to 100), of a type's assets that one run may remove or retire.</summary>
    public int MaxMissingPercent { get; init; } = 25;

    /// <summary>The share is not applied below this many missing assets (a scope of 8 may lose 2).</summary>
    public int MinimumMissingForPercent { get; init; } = 10;

    /// <summary>The most assets of one type that one run may remove or retire.</summary>
    public int MaxMissingCount { get; init; } = 10_000;

    /// <summary>Whether a type that sent no item, while the catalog holds some of it, blocks the run.</summary>
    public bool BlockEmptySource { get; init; } = true;

    /// <summary>
    /// Lets a run through whatever the counts: the guard still counts, reports and logs (a warning) what it lets
    /// through. Set it for one run, after reading the report of the blocked one.
    /// </summary>
    public bool Override { get; init; }

    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate() =>
        MaxMissingPercent is < 0 or > 100 ? $"DeletionGuard.MaxMissingPercent must be between 0 and 100, not {MaxMissingPercent}."
        : MaxMissingCount < 0 ? $"DeletionGuard.MaxMissingCount must be 0 or more, not {MaxMissingCount}."
        : MinimumMissingForPercent < 0 ? $"DeletionGuard.MinimumMissingForPercent must be 0 or more, not {MinimumMissingForPercent}."
        : null;
}
