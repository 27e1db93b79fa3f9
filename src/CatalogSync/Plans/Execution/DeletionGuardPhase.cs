using CatalogSync.Contract;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Phase (c) of a run, after every batch succeeded and before the real finalizations: counts what each finalization
/// would remove or retire, per ID and per type, and evaluates <see cref="DeletionGuard"/> on the counts. Exact where the
/// catalog simulates synchronizations (a simulated finalization with the group's real strategy and status), an upper
/// bound elsewhere (<see cref="MissingEstimator"/> over Core REST reads). <c>IGNORE</c> groups are not counted.
/// </summary>
internal sealed class DeletionGuardPhase(RunContext run, GroupRunner groups)
{
    /// <summary>Counts every ready group.</summary>
    /// <returns>The counts, and why the guard could not count (which stops the run like a block).</returns>
    public async Task<(List<DeletionGuardCount> Counts, string? Failure)> CountAsync(IReadOnlyList<GroupState> states)
    {
        var counts = new List<DeletionGuardCount>();
        foreach (var state in states)
        {
            var group = state.Group;
            if (group.Strategy == MissingStrategy.Ignore)
            {
                continue; // an IGNORE finalization removes and retires nothing
            }

            if (run.Journal?.FinalizedEarlier(state) is not null)
            {
                continue; // finalized by an earlier run with these very batches: not finalized again, nothing to count
            }

            IEnumerable<SubcategorySummary> missing;
            bool atMost;
            if (run.Capabilities.SimulatesSynchronizations)
            {
                var (job, failure) = await groups.SimulateFinalizationAsync(state).ConfigureAwait(false);
                state.GuardSimulation = job;
                if (failure is not null)
                {
                    return (counts, failure);
                }

                missing = job!.Summary.ResourceTypes.Where(r => r.ResourceType == ImportResourceType.Asset).SelectMany(r => r.Subcategories);
                atMost = false;
            }
            else if (run.Reader is { } reader)
            {
                try
                {
                    missing = await MissingEstimator.EstimateAsync(reader, group, state.StatusId, state.Domains, (_, community, domain, name) => run.Checker.Contains(community, domain, name), run.CancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (run.IsCatalogFailure(e) || run.IsCancellation(e))
                {
                    return (counts, Outcomes.GuardCouldNotCount(group.SyncId, e.Message));
                }

                atMost = true;
            }
            else if (run.Options.DeletionGuard.Override)
            {
                RunTelemetry.LogGuardNotCounted(run.Telemetry.Logger, $"'{group.SyncId}' was not counted (the client can neither simulate a finalization nor read the catalog's assets); the guard is overridden, so the run goes on.");
                continue;
            }
            else
            {
                // A guard that cannot count blocks, like one whose count failed: an unchecked finalization is what it exists to prevent.
                return (counts, Outcomes.GuardCouldNotCount(group.SyncId, "the client can neither simulate a finalization nor read the catalog's assets (give the executor a client that implements ICatalogReader, or override the guard)"));
            }

            var byAssetType = missing.ToList();
            for (var t = 0; t < group.Types.Count; t++)
            {
                var type = group.Types[t];
                var counters = byAssetType
                    .Where(s => string.Equals(s.Category.Name, type.AssetType, StringComparison.OrdinalIgnoreCase))
                    .Aggregate(new ImportCounters(), (sum, s) => sum + s.Counters);
                long gone = group.Strategy == MissingStrategy.ChangeStatus ? counters.Retired : counters.Removed;
                long sent = state.SentOf(t);
                counts.Add(DeletionGuard.Evaluate(group, type, run.Options.DeletionGuard, gone, sent + gone, sent, atMost));
            }

            // Assets the ID owns of an asset type the plan no longer lists (a type removed from the plan, an AssetType
            // renamed): the finalization would remove or retire them all, and nothing of them was sent.
            foreach (var other in byAssetType
                .Where(s => !group.Types.Any(t => string.Equals(s.Category.Name, t.AssetType, StringComparison.OrdinalIgnoreCase)))
                .GroupBy(s => s.Category.Name, StringComparer.OrdinalIgnoreCase))
            {
                var counters = other.Aggregate(new ImportCounters(), (sum, s) => sum + s.Counters);
                long gone = group.Strategy == MissingStrategy.ChangeStatus ? counters.Retired : counters.Removed;
                if (gone > 0)
                {
                    var orphan = new SyncTypeDescription($"asset type '{other.Key}' (owned by '{group.SyncId}', not in the plan)", other.Key, "", null, "");
                    counts.Add(DeletionGuard.Evaluate(group, orphan, run.Options.DeletionGuard, gone, gone, 0, atMost));
                }
            }
        }

        return (counts, null);
    }
}
