using System.Diagnostics;
using CatalogSync.Contract;
using CatalogSync.Plans.Preflight;

namespace CatalogSync.Plans.Execution;

/// <summary>
/// Containers are ensured, never owned. Before the first batch of a run (after the preflight) the communities and
/// domains the plan points at are looked up through the Core REST API, and only the missing ones are created, by one
/// plain import outside any synchronization ID; a domain that a per-item-domain type first names while its sources
/// are read is ensured the same way before the batch that first uses it. The synchronization batches then carry
/// assets only (<see cref="BatchContainers.None"/>), so no synchronization ID owns a container and no finalization can
/// remove or retype one. An existing domain of another domain type than declared is a preflight problem, never an
/// update: Collibra documents that a domain command updates an existing domain's type from its input.
/// </summary>
/// <remarks>
/// A preview looks up the same containers and creates nothing: the missing ones are reported
/// (<see cref="SyncContainerAction.WouldBeCreated"/>), and as a filter of the preview's writer this phase lets the one
/// simulated job carry the commands of the containers not known to exist, so the simulation works against a catalog
/// that does not have them yet (a simulation writes nothing).
/// </remarks>
internal sealed class ContainerPhase(RunContext run, ICatalogReader reader) : ContainerFilter(write: true)
{
    private readonly Dictionary<string, CommunityState> _communities = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Community, string Domain), DomainState> _domains = [];
    private readonly List<SyncContainerReport> _report = [];
    private readonly List<SyncJobReport> _jobs = [];
    private readonly List<PreflightProblem> _problems = [];
    private readonly List<string> _newMissingCommunities = [];
    private Dictionary<Guid, string>? _domainTypeNames;

    /// <summary>Every container ensured so far, in order, for <see cref="SyncRunReport.Containers"/>.</summary>
    public IReadOnlyList<SyncContainerReport> Report => _report;

    /// <summary>The plain imports that created containers, for <see cref="SyncRunReport.ContainerJobs"/>.</summary>
    public IReadOnlyList<SyncJobReport> Jobs => _jobs;

    /// <summary>The domains found with another domain type than declared, for <see cref="SyncRunReport.Preflight"/>.</summary>
    public IReadOnlyList<PreflightProblem> Problems => _problems;

    /// <summary>A preview's writer: the commands of containers not known to exist go into the simulated job.</summary>
    public override bool WritesCommunity(string community) => !_communities.TryGetValue(community, out var state) || !state.Exists;

    /// <inheritdoc cref="WritesCommunity"/>
    public override bool WritesDomain(string community, string domain) => !_domains.TryGetValue((community, domain), out var state) || !state.Exists;

    /// <summary>
    /// Phase (a): looks up every community the plan's types live in and every fixed domain (a per-item-domain type's
    /// domains wait until an item names them), checks each existing domain's type, and, in a run whose preflight
    /// passed and found no such problem, creates the missing ones with one plain import and waits for it.
    /// </summary>
    /// <param name="create">Whether the missing containers may be created (a run whose preflight passed).</param>
    /// <returns>Why the run cannot go on (the catalog could not be read, the import failed), or <see langword="null"/>.</returns>
    public async Task<string?> PrepareAsync(bool create)
    {
        var missing = new List<(string Community, string? Domain)>();
        try
        {
            foreach (var group in run.Plan.Groups)
            {
                foreach (var type in group.Types)
                {
                    await CommunityAsync(type.Community).ConfigureAwait(false);
                    if (!type.PerItemDomain && type.Domain is { } domain)
                    {
                        await CheckDomainAsync(group.SyncId, new ContainerUse(type.Community, domain, type.DomainType, type.TypeName), missing).ConfigureAwait(false);
                    }
                }
            }

            TakeNewMissingCommunities(missing);
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            return Outcomes.ContainersUnreadable(e, run.Classify(e));
        }

        if (_problems.Count > 0 || missing.Count == 0)
        {
            return null;
        }

        if (run.Simulation)
        {
            Record(missing, SyncContainerAction.WouldBeCreated, null);
            return null;
        }

        if (!create)
        {
            return null; // the run stops before its batches: nothing is created
        }

        var (job, failure) = await CreateAsync(missing).ConfigureAwait(false);
        return failure is null ? null : Outcomes.ContainersNotCreated(failure, beforeBatches: true, job);
    }

    /// <summary>
    /// Before a batch is sent (or a preview's one job): the domains its assets live in that the run has not ensured
    /// yet — a per-item domain named for the first time — are looked up, type-checked and, in a run, the missing ones
    /// created with one plain import, so the batch never needs a container command.
    /// </summary>
    /// <returns>The group's report when it must stop (a domain of another type, a failed lookup or import), else <see langword="null"/>.</returns>
    public async Task<SyncGroupReport?> EnsureAsync(GroupState state, IReadOnlyList<ContainerUse> uses)
    {
        var syncId = state.Group.SyncId;
        var number = state.Batches.Count + 1;
        var missing = new List<(string Community, string? Domain)>();
        var problems = _problems.Count;
        try
        {
            foreach (var use in uses)
            {
                await CheckDomainAsync(syncId, use, missing).ConfigureAwait(false);
            }

            TakeNewMissingCommunities(missing); // a community a custom mapper named for the first time
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            return Stop(state, number, (SyncGroupOutcome.BatchFailed, Outcomes.ContainersUnreadableForBatch(syncId, number, e, run.Classify(e), run.Simulation)));
        }

        if (_problems.Count > problems)
        {
            return Stop(state, number, Outcomes.DomainTypeDiffersInBatch(syncId, number, _problems.Count - problems, run.Simulation));
        }

        if (missing.Count == 0)
        {
            return null;
        }

        if (run.Simulation)
        {
            Record(missing, SyncContainerAction.WouldBeCreated, null);
            return null;
        }

        var (job, failure) = await CreateAsync(missing).ConfigureAwait(false);
        return failure is null ? null : Stop(state, number, (SyncGroupOutcome.BatchFailed, Outcomes.ContainersNotCreatedForBatch(syncId, number, failure, job)));
    }

    private static SyncGroupReport Stop(GroupState state, int number, (SyncGroupOutcome Outcome, string Message) stop)
    {
        state.FailedBatch = number;
        return state.Stop(stop);
    }

    /// <summary>The community's state, looked up once.</summary>
    private async Task<CommunityState> CommunityAsync(string name)
    {
        if (_communities.TryGetValue(name, out var known))
        {
            if (known.Exists && known.Id is null)
            {
                // Created by this run: its id is read once, when a domain in it is looked up.
                known.Id = (await FindCommunityAsync(name).ConfigureAwait(false))?.Id;
            }

            return known;
        }

        var found = await FindCommunityAsync(name).ConfigureAwait(false);
        var state = new CommunityState { Exists = found is not null, Id = found?.Id };
        _communities[name] = state;
        if (found is not null)
        {
            _report.Add(new SyncContainerReport(SyncContainerKind.Community, name, null, null, SyncContainerAction.Existed));
        }
        else
        {
            _newMissingCommunities.Add(name);
        }

        return state;
    }

    /// <summary>Looks the domain up once; a type other than declared is a problem, a missing one is added to <paramref name="missing"/>.</summary>
    private async Task CheckDomainAsync(string syncId, ContainerUse use, List<(string Community, string? Domain)> missing)
    {
        var key = (use.Community, use.Domain);
        if (!_domains.TryGetValue(key, out var state))
        {
            var community = await CommunityAsync(use.Community).ConfigureAwait(false);
            var found = community.Id is { } communityId ? await FindDomainAsync(communityId, use.Domain).ConfigureAwait(false) : null;
            state = found is null
                ? new DomainState { DomainType = use.DomainType, DeclaredBy = use.TypeName }
                : new DomainState { DomainType = await TypeNameAsync(found).ConfigureAwait(false), Exists = true };
            _domains[key] = state;
            if (found is null)
            {
                missing.Add((use.Community, use.Domain));
            }
            else if (string.Equals(state.DomainType, use.DomainType, StringComparison.Ordinal))
            {
                _report.Add(new SyncContainerReport(SyncContainerKind.Domain, use.Community, use.Domain, state.DomainType, SyncContainerAction.Existed));
            }
        }

        if (!string.Equals(state.DomainType, use.DomainType, StringComparison.Ordinal) && state.Problem.Add(use.TypeName))
        {
            _problems.Add(new PreflightProblem(syncId, use.TypeName, null, PreflightSubject.Domain, state.Exists
                ? Outcomes.DomainTypeDiffers(use.Community, use.Domain, state.DomainType, use.DomainType)
                : Outcomes.DomainTypesConflict(use.Community, use.Domain, state.DeclaredBy!, state.DomainType, use.DomainType)));
        }
    }

    /// <summary>Creates the missing containers with one plain import (communities first), outside any synchronization ID, and waits for it.</summary>
    /// <returns>The job (when one was started) and, when it did not succeed, why.</returns>
    private async Task<(Guid? Job, string? Failure)> CreateAsync(List<(string Community, string? Domain)> missing)
    {
        using var body = new MemoryStream();
        await using (var writer = new System.Text.Json.Utf8JsonWriter(body, AssetJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var (community, domain) in missing)
            {
                if (domain is null)
                {
                    AssetJson.WriteCommunity(writer, community);
                }
                else
                {
                    AssetJson.WriteDomain(writer, community, domain, _domains[(community, domain)].DomainType);
                }
            }

            writer.WriteEndArray();
        }

        using var activity = CatalogSyncDiagnostics.Source.StartActivity(CatalogSyncDiagnostics.ContainersActivity);
        activity?.SetTag(CatalogSyncDiagnostics.PlanTag, run.Plan.Name);
        activity?.SetTag(CatalogSyncDiagnostics.ResourcesTag, missing.Count);
        var clock = Stopwatch.StartNew();
        Job job;
        try
        {
            // A plain import: not a synchronization, so nothing owns what it creates. All or nothing, never simulated,
            // and without the run's lease token, which only synchronization requests carry.
            job = await run.Client.StartImportAsync(ImportContent.FromBytes(body.ToArray(), fileName: "catalogsync-containers.json"), ImportJobOptions.Default, run.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (run.IsCatalogFailure(e))
        {
            RunTelemetry.End(activity, "failure");
            return (null, $"the import could not be sent: {e.Message}");
        }

        activity?.SetTag(CatalogSyncDiagnostics.JobIdTag, job.Id);
        var wait = await run.Waiter.WaitAsync(job).ConfigureAwait(false);
        if (wait.End == WaitEnd.Cancelled)
        {
            RunTelemetry.End(activity, "cancelled");
            throw new OperationCanceledException(run.CancellationToken);
        }

        var report = new SyncJobReport(wait.Job, wait.Summary, missing.Count) { Kind = SyncJobKind.Containers, Elapsed = clock.Elapsed };
        _jobs.Add(report);
        if (!report.Succeeded)
        {
            RunTelemetry.End(activity, "failure");
            var ended = wait.End == WaitEnd.Finished
                ? $"it ended {wait.Job.State}/{wait.Job.Result}{(wait.Job.Message is null ? "" : ": " + wait.Job.Message)}"
                : wait.End == WaitEnd.TimedOut ? $"it did not finish within {run.Waiter.MaxJobWait}" : $"its state could not be read: {wait.Error?.Message}";
            return (job.Id, ended);
        }

        RunTelemetry.End(activity, "success");
        foreach (var (community, domain) in missing)
        {
            if (domain is null)
            {
                _communities[community].Exists = true;
            }
            else
            {
                _domains[(community, domain)].Exists = true;
            }
        }

        Record(missing, SyncContainerAction.Created, job.Id);
        run.Telemetry.ContainersCreated(report, missing.Count(m => m.Domain is null), missing.Count(m => m.Domain is not null));
        RunTelemetry.LogContainersCreated(run.Telemetry.Logger, missing.Count, job.Id, report.Elapsed.TotalSeconds,
            string.Join(", ", missing.Select(m => m.Domain is null ? $"community '{m.Community}'" : $"domain '{m.Domain}' ({_domains[(m.Community, m.Domain)].DomainType}) of '{m.Community}'")));
        return (job.Id, null);
    }

    /// <summary>Moves the communities found missing since the last call to the front of <paramref name="missing"/> (created before their domains).</summary>
    private void TakeNewMissingCommunities(List<(string Community, string? Domain)> missing)
    {
        missing.InsertRange(0, _newMissingCommunities.Select(c => (c, (string?)null)));
        _newMissingCommunities.Clear();
    }

    private void Record(List<(string Community, string? Domain)> containers, SyncContainerAction action, Guid? job)
    {
        foreach (var (community, domain) in containers)
        {
            _report.Add(domain is null
                ? new SyncContainerReport(SyncContainerKind.Community, community, null, null, action) { Job = job }
                : new SyncContainerReport(SyncContainerKind.Domain, community, domain, _domains[(community, domain)].DomainType, action) { Job = job });
        }
    }

    private async Task<Community?> FindCommunityAsync(string name)
    {
        // Names are matched exactly, as the Import API matches them; community names are unique in the catalog.
        var page = await reader.FindCommunitiesAsync(name, NameMatchMode.Exact, new Paging { Limit = Paging.MaxLimit }, run.CancellationToken).ConfigureAwait(false);
        return page.Results.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
    }

    private async Task<Domain?> FindDomainAsync(Guid communityId, string name)
    {
        var page = await reader.FindDomainsAsync(name, NameMatchMode.Exact, communityId, paging: new Paging { Limit = Paging.MaxLimit }, cancellationToken: run.CancellationToken).ConfigureAwait(false);
        return page.Results.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal) && d.Community.Id == communityId);
    }

    /// <summary>The domain's type name (read from the domain types when the reference carries only an id).</summary>
    private async Task<string> TypeNameAsync(Domain domain)
    {
        if (domain.Type.Name is { } name)
        {
            return name;
        }

        if (_domainTypeNames is null)
        {
            var page = await reader.FindDomainTypesAsync(paging: new Paging { Limit = Paging.MaxLimit }, cancellationToken: run.CancellationToken).ConfigureAwait(false);
            _domainTypeNames = page.Results.ToDictionary(t => t.Id, t => t.Name);
        }

        return _domainTypeNames.GetValueOrDefault(domain.Type.Id, domain.Type.Id.ToString("D"));
    }

    private sealed class CommunityState
    {
        public bool Exists { get; set; }

        public Guid? Id { get; set; }
    }

    private sealed class DomainState
    {
        /// <summary>The domain type it has (when it exists) or will be created with (the first declaration's).</summary>
        public required string DomainType { get; init; }

        public bool Exists { get; set; }

        /// <summary>The C# type whose declaration a missing domain will be created from.</summary>
        public string? DeclaredBy { get; init; }

        /// <summary>The C# types already reported for a differing domain type (each once).</summary>
        public HashSet<string> Problem { get; } = new(StringComparer.Ordinal);
    }
}
