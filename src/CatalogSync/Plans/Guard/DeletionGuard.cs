using System.Globalization;

namespace CatalogSync.Plans;

/// <summary>What the deletion guard counted for one type of one synchronization ID, and whether it blocks the run.</summary>
/// <param name="SyncId">The synchronization ID.</param>
/// <param name="TypeName">The annotated type.</param>
/// <param name="Missing">How many of its assets the finalization would remove or retire.</param>
/// <param name="Owned">How many of its assets the catalog holds in the scope (the base of the share).</param>
/// <param name="Sent">How many items of the type the run sent.</param>
/// <param name="AtMost">Whether <paramref name="Missing"/> is an upper bound (a catalog that cannot simulate a finalization).</param>
/// <param name="MaxMissingPercent">The share limit applied, in percent.</param>
/// <param name="MaxMissingCount">The count limit applied.</param>
/// <param name="Blocked">Why this count stops the run; <see langword="null"/> when it does not.</param>
public sealed record DeletionGuardCount(
    string SyncId,
    string TypeName,
    long Missing,
    long Owned,
    long Sent,
    bool AtMost,
    int MaxMissingPercent,
    int MaxMissingCount,
    string? Blocked)
{
    /// <summary>The share of <see cref="Owned"/> that is missing, in percent.</summary>
    public double MissingPercent => Owned == 0 ? 0 : 100.0 * Missing / Owned;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{SyncId} {TypeName}: {(AtMost ? "at most " : "")}{Missing} of {Owned} missing ({MissingPercent:0.#} %; limits {MaxMissingPercent} %, {MaxMissingCount}){(Blocked is null ? "" : " — blocked: " + Blocked)}");
}

/// <summary>The deletion guard's rule, as a pure function of the counts (see <see cref="DeletionGuardOptions"/>).</summary>
internal static class DeletionGuard
{
    public static DeletionGuardCount Evaluate(SyncGroupDescription group, SyncTypeDescription type, DeletionGuardOptions options, long missing, long owned, long sent, bool atMost)
    {
        var maxPercent = type.MaxMissingPercent ?? options.MaxMissingPercent;
        var maxCount = type.MaxMissingCount ?? options.MaxMissingCount;
        string? blocked = null;
        if (group.Strategy != MissingStrategy.Ignore && missing > 0)
        {
            var what = group.Strategy == MissingStrategy.ChangeStatus ? "retire" : "remove";
            var bound = atMost ? "up to " : "";
            if (sent == 0 && options.BlockEmptySource)
            {
                blocked = $"the source gave no {type.TypeName} item, but the finalization would {what} {bound}{missing} of its assets (an empty source reads as everything missing)";
            }
            else if (missing > maxCount)
            {
                blocked = $"the finalization would {what} {bound}{missing} of its assets, more than the limit of {maxCount}";
            }
            else if (missing >= options.MinimumMissingForPercent && owned > 0 && missing * 100 > (long)maxPercent * owned)
            {
                blocked = string.Create(CultureInfo.InvariantCulture, $"the finalization would {what} {bound}{missing} of its {owned} assets ({100.0 * missing / owned:0.#} %), more than the limit of {maxPercent} %");
            }
        }

        return new DeletionGuardCount(group.SyncId, type.TypeName, missing, owned, sent, atMost, maxPercent, maxCount, blocked);
    }
}
