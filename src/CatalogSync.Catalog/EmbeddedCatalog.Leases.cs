using System.Globalization;
using CatalogSync.Catalog.Jobs;
using CatalogSync.Catalog.Storage.Sqlite;
using CatalogSync.Contract;

namespace CatalogSync.Catalog;

// Cycle leases (CycleLease): one writer per cycle of a synchronization id. Kept in the job journal, so a lease is
// taken in the same commit as the job that takes it, and a restart keeps it.
public sealed partial class EmbeddedCatalog
{
    // Refuses, before anything is written, a request that a live lease of another owner (or of an owner, for a
    // request without a token) keeps out.
    private void CheckLease(JobRequest request, long now)
    {
        if (request.SynchronizationId is { } syncId && LiveLease(syncId, now) is { } lease && !string.Equals(lease.Owner, request.Owner, StringComparison.Ordinal))
        {
            throw Leased(lease, Describe(request));
        }
    }

    // The authoritative decision, in the journal transaction that accepts the job: refuse, renew, take, or nothing.
    private void TakeLease(JournalTransaction journal, JobRequest request, long now)
    {
        if (request.SynchronizationId is not { } syncId)
        {
            return;
        }

        var lease = journal.GetLease(syncId);
        var live = lease is not null && (lease.ExpiresOn > now || journal.HasPending(syncId, lease.Owner));
        var owner = request.Owner;
        if (live && !string.Equals(lease!.Owner, owner, StringComparison.Ordinal))
        {
            throw Leased(lease, Describe(request));
        }

        var expires = now + (long)_leaseDuration.TotalMilliseconds;
        if (owner is not null)
        {
            // One run writes several ids, all of them before any finalization (all or nothing across a plan): each of
            // its requests renews all its leases, so the first id's lease does not run out while the last id loads.
            journal.RenewLeasesOf(owner, now, expires);
        }

        if (live)
        {
            // The holder's request, simulated or not, renews the lease.
            journal.PutLease(lease! with { ExpiresOn = Math.Max(lease!.ExpiresOn, expires) });
        }
        else if (owner is not null && request.Kind == JobKind.SynchronizationBatch && !request.Simulation)
        {
            // The first real batch of a cycle with a token takes the lease.
            journal.PutLease(new LeaseRow(syncId, owner, now, expires));
        }
        else if (lease is not null)
        {
            journal.DeleteLease(syncId);
        }
    }

    // After a job's result is committed: the job leaves the journal. The holder's finalization (or full
    // synchronization) that finalized ends its lease, unless the holder has queued jobs after it (its next cycle);
    // any other job of the holder renews it, so a lease does not run out while its jobs run.
    private void FinishInJournal(JobRequest request, Job final)
    {
        using var journal = _journal.Begin();
        journal.Delete(request.Id);
        if (request.SynchronizationId is { } syncId && request.Owner is { } owner
            && journal.GetLease(syncId) is { } lease && string.Equals(lease.Owner, owner, StringComparison.Ordinal))
        {
            var finalized = request.Finalizes && !request.Simulation && final.State == JobState.Completed && final.Result == JobResult.Success;
            if (finalized && !journal.HasPending(syncId, owner, request.Sequence))
            {
                journal.DeleteLease(syncId);
            }
            else
            {
                journal.PutLease(lease with { ExpiresOn = Math.Max(lease.ExpiresOn, Now + (long)_leaseDuration.TotalMilliseconds) });
            }
        }

        journal.Commit();
    }

    // The lease on an id if it is live: not expired, or its holder still has jobs in the journal.
    private LeaseRow? LiveLease(string syncId, long now) =>
        _journal.GetLease(syncId) is { } lease && (lease.ExpiresOn > now || _journal.HasPending(syncId, lease.Owner)) ? lease : null;

    private static string Describe(JobRequest request) =>
        (request.Kind switch
        {
            JobKind.SynchronizationBatch => "send a batch",
            JobKind.Synchronization => "run a full synchronization",
            _ => "finalize",
        }) + (request.Simulation ? " (simulated)" : "") + (request.Owner is { } owner ? $" as cycle owner '{owner}'" : $" without the {CycleLease.HeaderName} header");

    private CatalogApiException Leased(LeaseRow lease, string attempt)
    {
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(lease.ExpiresOn).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var queued = lease.ExpiresOn <= Now ? " (its queued jobs are still to run; the lease lasts until they have, and is then renewed)" : "";
        return new CatalogApiException(409, "cycleLeased",
            $"Synchronization '{lease.SyncId}' is leased by cycle owner '{lease.Owner}' until {expires}{queued}: that client is in the middle of a cycle, "
            + $"so this request to {attempt} was refused and nothing was queued. Retry after its finalization or after the lease expires.");
    }
}
