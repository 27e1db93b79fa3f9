using CatalogSync.Contract;
using Xunit;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Conformance;

/// <summary>
/// The rules of docs/semantics.md, one test (at least) each, written against the contract only.
/// Subclasses say how to open a fresh catalog: in-process, over HTTP, on another store.
/// </summary>
public abstract partial class CatalogConformanceTests
{
    protected abstract Task<CatalogUnderTest> OpenCatalogAsync();

    private static async Task TutorialCycleAsync(IImportApiClient client, string demo, FinalizationOptions finalization)
    {
        (await client.BatchAsync("demo", Tutorial($"{demo}_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        (await client.BatchAsync("demo", Tutorial($"{demo}_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        (await client.FinalizeAsync("demo", finalization)).Job.AssertSucceeded();
    }

    // ---- Collibra's tutorial flow ---------------------------------------------------------------

    [Fact]
    public async Task Tutorial_flow_with_remove_resources_deletes_only_the_missing_asset()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        Assert.Equal(["SynchronizeDemoAsset1", "SynchronizeDemoAsset2", "SynchronizeDemoAsset3", "SynchronizeDemoAsset4", "SynchronizeDemoAsset5"], await catalog.Reader.AssetNamesAsync());

        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        var (job, summary) = await catalog.Client.FinalizeAsync("demo", new FinalizationOptions { Strategy = FinalizationStrategy.RemoveResources });

        job.AssertSucceeded();
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(["SynchronizeDemoAsset1", "SynchronizeDemoAsset2", "SynchronizeDemoAsset4", "SynchronizeDemoAsset5"], await catalog.Reader.AssetNamesAsync());
        var definition = await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("SynchronizeDemoAsset1")).Id);
        Assert.Equal("This is a 'Business Term' asset used for demo of Import API Synchronization", Assert.Single(definition.Results).Value);
    }

    [Fact]
    public async Task Tutorial_flow_with_change_status_retires_then_restores_to_the_type_default()
    {
        await using var catalog = await OpenCatalogAsync();
        var changeStatus = new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = MissingFromSource };
        await TutorialCycleAsync(catalog.Client, "Demo4", changeStatus);

        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        var (_, retire) = await catalog.Client.FinalizeAsync("demo", changeStatus);

        Assert.Equal(1, retire.CountersFor(ImportResourceType.Asset).Retired);
        Assert.Equal(0, retire.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(MissingFromSource, (await catalog.Reader.AssetAsync("SynchronizeDemoAsset3")).Status.Id);
        Assert.Equal(Candidate, (await catalog.Reader.AssetAsync("SynchronizeDemoAsset1")).Status.Id);

        // A second finalization of an unchanged cycle does not count it again.
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        Assert.Equal(0, (await catalog.Client.FinalizeAsync("demo", changeStatus)).Summary.CountersFor(ImportResourceType.Asset).Retired);

        // It comes back: its type's default status (Candidate) again.
        var (_, back) = await catalog.Client.BatchAsync("demo", Tutorial("Demo4_SynchronizeBatch1.json"));
        Assert.Equal(1, back.CountersFor(ImportResourceType.Asset).Restored);
        (await catalog.Client.FinalizeAsync("demo", changeStatus)).Job.AssertSucceeded();
        Assert.Equal(Candidate, (await catalog.Reader.AssetAsync("SynchronizeDemoAsset3")).Status.Id);
        Assert.Equal(MissingFromSource, (await catalog.Reader.AssetAsync("SynchronizeDemoAsset4")).Status.Id);
    }

    [Fact]
    public async Task Tutorial_flow_with_ignore_leaves_the_missing_asset_owned_so_a_later_remove_still_removes_it()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        await TutorialCycleAsync(catalog.Client, "Demo5", new FinalizationOptions { Strategy = FinalizationStrategy.Ignore });

        var asset3 = await catalog.Reader.AssetAsync("SynchronizeDemoAsset3");
        Assert.Equal(Candidate, asset3.Status.Id);

        await TutorialCycleAsync(catalog.Client, "Demo5", FinalizationOptions.Default);
        Assert.DoesNotContain("SynchronizeDemoAsset3", await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Full_synchronization_is_a_batch_and_a_finalization_in_one_job()
    {
        await using var catalog = await OpenCatalogAsync();
        var first = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync("full", Tutorial("Demo4_SynchronizeBatch1.json"), ImportJobOptions.Default, FinalizationOptions.Default));
        first.AssertSucceeded();
        var second = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync("full", Tutorial("Demo5_SynchronizeBatch1.json"), ImportJobOptions.Default, FinalizationOptions.Default));
        second.AssertSucceeded();

        var summary = await catalog.Client.GetSummaryAsync(second.Id);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(2, summary.CountersFor(ImportResourceType.Asset).Unchanged);
        Assert.Equal(["SynchronizeDemoAsset1", "SynchronizeDemoAsset2"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task A_full_synchronization_with_failed_commands_does_not_finalize_even_with_continue_on_error()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);

        // Asset 1 now has a bad status: with continueOnError it is skipped, so it was not seen in this cycle.
        var job = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync(
            "demo",
            Resources(Domain(), Asset("SynchronizeDemoAsset1", extra: ""","status":{"name":"No such status"}"""), Asset("SynchronizeDemoAsset2")),
            new ImportJobOptions { ContinueOnError = true },
            FinalizationOptions.Default));

        Assert.Equal(JobResult.CompletedWithError, job.Result);
        Assert.Equal(0, (await catalog.Client.GetSummaryAsync(job.Id)).CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(5, (await catalog.Reader.AssetNamesAsync()).Count);
    }

    [Fact]
    public async Task A_simulation_flag_on_the_finalization_of_a_full_synchronization_makes_it_a_dry_run()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        var job = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync(
            "demo", Tutorial("Demo5_SynchronizeBatch1.json"), ImportJobOptions.Default, new FinalizationOptions { Simulation = true }));

        job.AssertSucceeded();
        Assert.Equal(3, (await catalog.Client.GetSummaryAsync(job.Id)).CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(5, (await catalog.Reader.AssetNamesAsync()).Count);
    }

    [Fact]
    public async Task An_unchanged_asset_gets_its_relation_back_when_the_related_asset_is_recreated()
    {
        await using var catalog = await OpenCatalogAsync();
        var term = Asset("Term", extra: ""","relations":{"00000000-0000-0000-0000-000000007030:TARGET":[{"name":"ACR","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}}]}""");
        (await catalog.Client.BatchAsync("terms", Resources(Domain(), Asset("ACR", type: "Acronym"), term))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("terms")).Job.AssertSucceeded();

        // The next cycle sends the term unchanged but not the acronym: the acronym is removed, and its relation with it.
        (await catalog.Client.BatchAsync("terms", Resources(Domain(), term))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("terms")).Job.AssertSucceeded();
        Assert.Empty((await catalog.Reader.FindRelationsAsync(sourceId: (await catalog.Reader.AssetAsync("Term")).Id)).Results);

        // Someone creates the acronym again; the same unchanged term must get its relation back.
        (await catalog.Client.ImportAsync(Resources(Asset("ACR", type: "Acronym")))).Job.AssertSucceeded();
        var (_, summary) = await catalog.Client.BatchAsync("terms", Resources(Domain(), term));
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Relation).Added);
        var relation = Assert.Single((await catalog.Reader.FindRelationsAsync(sourceId: (await catalog.Reader.AssetAsync("Term")).Id)).Results);
        Assert.Equal("ACR", relation.Target.Name);
    }

    [Fact]
    public async Task Plain_import_of_demo1_creates_the_domain_assets_attributes_and_the_acronym_relation()
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, summary) = await catalog.Client.ImportAsync(Tutorial("Demo1_ImportJson.json"));

        job.AssertSucceeded();
        Assert.Equal(2, summary.CountersFor(ImportResourceType.Asset).Added);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Domain).Added);
        var term = await catalog.Reader.AssetAsync("ImportDemoAsset1");
        var acronym = await catalog.Reader.AssetAsync("IDA1");
        Assert.Equal("Business Term", term.Type.Name);
        Assert.Equal("Acronym", acronym.Type.Name);
        var relation = Assert.Single((await catalog.Reader.FindRelationsAsync(sourceId: term.Id)).Results);
        Assert.Equal(acronym.Id, relation.Target.Id);
        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000007030"), relation.Type.Id);
        var domain = Assert.Single((await catalog.Reader.FindDomainsAsync(DemoDomain, NameMatchMode.Exact)).Results);
        Assert.Equal("Glossary", domain.Type.Name);
        Assert.Equal(Council, domain.Community.Name);
    }

    [Fact]
    public async Task Plain_import_never_deletes()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Tutorial("Demo4_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        (await catalog.Client.ImportAsync(Tutorial("Demo5_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        Assert.Equal(5, (await catalog.Reader.AssetNamesAsync()).Count);
        Assert.False(await catalog.Client.SynchronizationExistsAsync("demo"));
    }

    // ---- Bad input: a clear error and nothing changed --------------------------------------------

    [Fact]
    public async Task Unknown_asset_type_fails_the_batch_and_changes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, summary) = await catalog.Client.ImportAsync(Tutorial("Demo2_ImportJsonError.json"));

        Assert.Equal(JobState.Error, job.State);
        Assert.Equal(JobResult.Failure, job.Result);
        Assert.Equal(ImportJobState.Failed, summary.ImportJobState);
        var error = Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results);
        Assert.Contains("Invalid Asset Type", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([2], error.Command.Indices);
        Assert.Equal(ImportResourceType.Asset, error.ResourceType);
        Assert.Empty(await catalog.Reader.AssetNamesAsync(null));
        Assert.Empty((await catalog.Reader.FindDomainsAsync(DemoDomain)).Results);
    }

    [Fact]
    public async Task Continue_on_error_commits_the_valid_commands_and_reports_the_others()
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, summary) = await catalog.Client.ImportAsync(Tutorial("Demo2_ImportJsonError.json"), new ImportJobOptions { ContinueOnError = true });

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(JobResult.CompletedWithError, job.Result);
        Assert.Equal(ImportJobState.CompletedWithErrors, summary.ImportJobState);
        Assert.Equal(1, summary.ErrorsCount);
        Assert.Equal(["ImportDemoAsset1"], await catalog.Reader.AssetNamesAsync());
        Assert.Equal("Business Term", (await catalog.Reader.AssetAsync("ImportDemoAsset1")).Type.Name);
    }

    [Fact]
    public async Task A_batch_that_fails_half_way_leaves_the_catalog_exactly_as_before()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        var before = await catalog.Reader.SnapshotAsync();
        var attributesBefore = (await catalog.Reader.FindAttributesAsync()).Results.Select(a => a.Value).ToList();

        var (job, _) = await catalog.Client.BatchAsync("demo", Resources(
            Domain(),
            Asset("New1"),
            Asset("SynchronizeDemoAsset1", extra: ""","status":{"name":"Accepted"},"attributes":{"Definition":[{"value":"changed"}]}"""),
            Asset("New2", type: "No Such Type")));

        Assert.Equal(JobState.Error, job.State);
        Assert.Equal(before, await catalog.Reader.SnapshotAsync());
        Assert.Equal(attributesBefore, (await catalog.Reader.FindAttributesAsync()).Results.Select(a => a.Value).ToList());

        // The failed batch marked nothing as seen: a finalization now removes everything of the cycle.
        Assert.Equal(5, (await catalog.Client.FinalizeAsync("demo")).Summary.CountersFor(ImportResourceType.Asset).Removed);
    }

    [Fact]
    public async Task Malformed_json_fails_with_a_clear_message_and_changes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, _) = await catalog.Client.ImportAsync(Json("""[ {"resourceType":"Domain","identifier":{"name":"X","community":{"name":"Data Governance Council"}},"type":{"name":"Glossary"}}, {"resourceType": """));

        Assert.Equal(JobState.Error, job.State);
        var error = Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results);
        Assert.Contains("JSON", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await catalog.Reader.FindDomainsAsync("X", NameMatchMode.Exact)).Results);
    }

    [Theory]
    [InlineData("""{"resourceType":"Table","identifier":{"name":"x"}}""", "Unknown resourceType 'Table'")]
    [InlineData("""{"identifier":{"name":"x"}}""", "no \"resourceType\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x"},"type":{"name":"Business Term"}}""", "needs \"name\" and \"domain\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain"}},"type":{"name":"Business Term"}}""", "needs \"name\" and \"community\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"},"status":{"name":"Nope"}}""", "Unknown status 'Nope'")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"},"attributes":{"Colour":[{"value":"red"}]}}""", "Unknown attribute type 'Colour'")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}}}""", "needs a \"type\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"Nowhere","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"}}""", "domain 'Nowhere'")]
    [InlineData("""{"resourceType":"Domain","identifier":{"name":"D2","community":{"name":"Data Governance Council"}}}""", "needs a \"type\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"},"colour":"red"}""", "Unknown property \"colour\"")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"},"relations":{"7030:TARGET":[]}}""", "Relation key")]
    [InlineData("""{"resourceType":"Asset","identifier":{"name":"x","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}},"type":{"name":"Business Term"},"attributes":{"Loaded Rows":[{"value":"many"}]}}""", "not a number")]
    public async Task Invalid_commands_are_reported_with_what_to_fix(string resource, string expectedMessage)
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, _) = await catalog.Client.BatchAsync("bad", Resources(Domain(), resource));

        Assert.Equal(JobState.Error, job.State);
        var error = Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results);
        Assert.Contains(expectedMessage, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([1], error.Command.Indices);
        Assert.Empty((await catalog.Reader.FindDomainsAsync(DemoDomain)).Results);
    }

    [Fact]
    public async Task A_relation_to_an_asset_of_the_wrong_type_is_rejected()
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, _) = await catalog.Client.ImportAsync(Resources(
            Domain(),
            Asset("Term A"),
            Asset("Term B", extra: ""","relations":{"00000000-0000-0000-0000-000000007030:TARGET":[{"name":"Term A","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}}]}""")));

        Assert.Equal(JobState.Error, job.State);
        Assert.Contains("must be a Acronym", Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123456789012345678901")]
    public async Task Synchronization_ids_must_have_1_to_50_characters(string syncId)
    {
        await using var catalog = await OpenCatalogAsync();
        var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartSynchronizationBatchAsync(syncId, Tutorial("Demo4_SynchronizeBatch1.json"), ImportJobOptions.Default));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("50", error.Message, StringComparison.Ordinal);
        Assert.Empty((await catalog.Client.FindSynchronizationsAsync()).Results);
    }

    [Fact]
    public async Task A_synchronization_id_of_50_characters_is_accepted()
    {
        await using var catalog = await OpenCatalogAsync();
        var id = new string('x', 50);
        (await catalog.Client.BatchAsync(id, Tutorial("Demo4_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        Assert.True(await catalog.Client.SynchronizationExistsAsync(id));
    }

    [Fact]
    public async Task Change_status_without_a_status_is_rejected_before_any_job()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo4_SynchronizeBatch1.json"))).Job.AssertSucceeded();

        var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartFinalizationAsync("demo", new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus }));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("missingAssetStatusId", error.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartFinalizationAsync("demo", new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = Guid.NewGuid() }));
        Assert.Equal(400, unknown.StatusCode);
        Assert.Equal(3, (await catalog.Reader.AssetNamesAsync()).Count);
    }

    [Fact]
    public async Task Finalizing_an_unknown_synchronization_fails_and_changes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Tutorial("Demo4_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        var (job, _) = await catalog.Client.FinalizeAsync("never-sent");
        Assert.Equal(JobState.Error, job.State);
        Assert.Contains("unknown", job.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await catalog.Reader.AssetNamesAsync()).Count);
    }

    // ---- Ownership ------------------------------------------------------------------------------

    [Fact]
    public async Task Finalization_never_touches_assets_that_no_synchronization_owns()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Resources(Domain(), Asset("Curated by hand")))).Job.AssertSucceeded();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        await TutorialCycleAsync(catalog.Client, "Demo5", FinalizationOptions.Default);

        Assert.Contains("Curated by hand", await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task An_asset_owned_by_two_ids_is_only_removed_when_the_last_owner_lets_it_go()
    {
        await using var catalog = await OpenCatalogAsync();
        var shared = Resources(Domain(), Asset("Shared"));
        (await catalog.Client.BatchAsync("one", shared)).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("two", Resources(Domain(), Asset("Shared")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("one")).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("two")).Job.AssertSucceeded();

        (await catalog.Client.BatchAsync("one", Resources(Domain()))).Job.AssertSucceeded();
        var (_, first) = await catalog.Client.FinalizeAsync("one");
        Assert.Equal(0, first.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Contains("Shared", await catalog.Reader.AssetNamesAsync());

        (await catalog.Client.BatchAsync("two", Resources(Domain()))).Job.AssertSucceeded();
        var (_, second) = await catalog.Client.FinalizeAsync("two");
        Assert.Equal(1, second.CountersFor(ImportResourceType.Asset).Removed);
        Assert.DoesNotContain("Shared", await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Removal_deletes_the_asset_with_its_attributes_relations_and_tags()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("r", Resources(
            Domain(),
            Asset("ACR", type: "Acronym"),
            Asset("Term", extra: ""","attributes":{"Definition":[{"value":"d"}]},"tags":["pii","gold"],"responsibilities":{"Owner":[{"user":{"id":"00000000-0000-0000-0000-000000900003"}}]},"relations":{"00000000-0000-0000-0000-000000007030:TARGET":[{"name":"ACR","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}}]}"""))))
            .Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("r")).Job.AssertSucceeded();
        var term = await catalog.Reader.AssetAsync("Term");
        Assert.Equal(["gold", "pii"], (await catalog.Reader.GetAssetTagsAsync(term.Id)).Select(t => t.Name));
        Assert.Single((await catalog.Reader.FindRelationsAsync(sourceId: term.Id)).Results);

        (await catalog.Client.BatchAsync("r", Resources(Domain(), Asset("ACR", type: "Acronym")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("r")).Job.AssertSucceeded();

        Assert.Null(await catalog.Reader.GetAssetAsync(term.Id));
        Assert.Empty((await catalog.Reader.FindAttributesAsync(term.Id)).Results);
        Assert.Empty((await catalog.Reader.FindRelationsAsync(sourceId: term.Id)).Results);
        Assert.Empty((await catalog.Reader.FindRelationsAsync(targetId: (await catalog.Reader.AssetAsync("ACR")).Id)).Results);
        Assert.Empty(await catalog.Reader.GetAssetTagsAsync(term.Id));
    }

    [Fact]
    public async Task A_missing_domain_is_removed_once_empty_but_a_domain_with_foreign_assets_stays()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("d", Resources(Domain("Gone"), Asset("A", domain: "Gone"), Domain("Kept"), Asset("B", domain: "Kept")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("d")).Job.AssertSucceeded();
        (await catalog.Client.ImportAsync(Resources(Asset("Hand made", domain: "Kept")))).Job.AssertSucceeded();

        (await catalog.Client.BatchAsync("d", Resources(Domain(), Asset("C")))).Job.AssertSucceeded();
        var (_, summary) = await catalog.Client.FinalizeAsync("d");

        Assert.Equal(1, summary.CountersFor(ImportResourceType.Domain).Removed);
        Assert.Empty((await catalog.Reader.FindDomainsAsync("Gone", NameMatchMode.Exact)).Results);
        Assert.Single((await catalog.Reader.FindDomainsAsync("Kept", NameMatchMode.Exact)).Results);
        Assert.Equal(["C", "Hand made"], (await catalog.Reader.AssetNamesAsync(null)));
    }

    [Fact]
    public async Task A_cycle_that_was_never_finalized_stays_open_and_its_seen_marks_count()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("open", Resources(Domain(), Asset("A"), Asset("B")))).Job.AssertSucceeded();

        // A later run sends only A, then finalizes: B was seen in the same open cycle, so it stays.
        (await catalog.Client.BatchAsync("open", Resources(Domain(), Asset("A")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("open")).Job.AssertSucceeded();
        Assert.Equal(["A", "B"], await catalog.Reader.AssetNamesAsync());

        // The next cycle starts clean.
        (await catalog.Client.BatchAsync("open", Resources(Domain(), Asset("A")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("open")).Job.AssertSucceeded();
        Assert.Equal(["A"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task An_explicit_status_in_the_input_of_a_reappearing_asset_wins_over_restore()
    {
        await using var catalog = await OpenCatalogAsync();
        var retire = new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = MissingFromSource };
        (await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A"), Asset("B")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();
        Assert.Equal(MissingFromSource, (await catalog.Reader.AssetAsync("B")).Status.Id);

        (await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A"), Asset("B", extra: ""","status":{"name":"Accepted"}""")))).Job.AssertSucceeded();
        Assert.Equal(Accepted, (await catalog.Reader.AssetAsync("B")).Status.Id);
    }

    [Fact]
    public async Task A_retired_asset_whose_status_was_changed_meanwhile_keeps_that_status_when_it_comes_back()
    {
        await using var catalog = await OpenCatalogAsync();
        var retire = new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = MissingFromSource };
        (await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A"), Asset("B")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();
        (await catalog.Client.ImportAsync(Resources(Asset("B", extra: ""","status":{"name":"Accepted"}""")))).Job.AssertSucceeded();

        var (_, back) = await catalog.Client.BatchAsync("s", Resources(Domain(), Asset("A"), Asset("B")));

        Assert.Equal(0, back.CountersFor(ImportResourceType.Asset).Restored);
        Assert.Equal(Accepted, (await catalog.Reader.AssetAsync("B")).Status.Id);
    }

    [Fact]
    public async Task Renaming_an_asset_onto_another_is_an_error()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Resources(Domain(), Asset("A"), Asset("B")))).Job.AssertSucceeded();
        var (job, _) = await catalog.Client.ImportAsync(Resources(Asset("A", extra: ""","name":"B" """)));

        Assert.Equal(JobState.Error, job.State);
        Assert.Contains("already has an asset", Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results).ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["A", "B"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Change_status_applies_to_assets_only_and_leaves_missing_domains()
    {
        await using var catalog = await OpenCatalogAsync();
        var retire = new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = MissingFromSource };
        (await catalog.Client.BatchAsync("s", Resources(Domain("Old"), Asset("A", domain: "Old")))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("s", Resources(Domain()))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("s", retire)).Job.AssertSucceeded();

        Assert.Single((await catalog.Reader.FindDomainsAsync("Old", NameMatchMode.Exact)).Results);
        Assert.Equal(MissingFromSource, (await catalog.Reader.AssetAsync("A")).Status.Id);
    }

    // ---- Cache, simulation, order ---------------------------------------------------------------

    [Fact]
    public async Task Resending_unchanged_resources_writes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("c", Tutorial("Demo4_SynchronizeBatch1.json"))).Job.AssertSucceeded();
        var before = await catalog.Reader.AssetAsync("SynchronizeDemoAsset1");
        await Task.Delay(20);

        var (_, summary) = await catalog.Client.BatchAsync("c", Tutorial("Demo4_SynchronizeBatch1.json"));

        var counters = summary.CountersFor(ImportResourceType.Asset);
        Assert.Equal((0, 0, 3), (counters.Added, counters.Updated, counters.Unchanged));
        Assert.Equal(before.LastModifiedOn, (await catalog.Reader.AssetAsync("SynchronizeDemoAsset1")).LastModifiedOn);
    }

    [Fact]
    public async Task A_resource_renamed_by_another_id_is_not_skipped_as_unchanged_when_its_old_command_comes_again()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("a", Resources(Domain(), Asset("X")))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("b", Resources(Asset("X", extra: ""","name":"Y" """)))).Job.AssertSucceeded();

        // "a" names X, which no longer exists: its command creates X again (rule 24: the cached hash stood for X).
        var (job, summary) = await catalog.Client.BatchAsync("a", Resources(Domain(), Asset("X")));

        job.AssertSucceeded();
        Assert.Equal((1, 0), (summary.CountersFor(ImportResourceType.Asset).Added, summary.CountersFor(ImportResourceType.Asset).Unchanged));
        Assert.Equal(["X", "Y"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Assets_of_a_renamed_domain_are_not_skipped_as_unchanged_when_their_commands_come_again()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("a", Resources(Domain("D"), Asset("X", domain: "D")))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("b", Resources("""{"resourceType":"Domain","identifier":{"name":"D","community":{"name":"Data Governance Council"}},"name":"D2"}"""))).Job.AssertSucceeded();

        var (job, summary) = await catalog.Client.BatchAsync("a", Resources(Domain("D"), Asset("X", domain: "D")));

        job.AssertSucceeded();
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Domain).Added);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Added);
        Assert.Equal(["X"], await catalog.Reader.AssetNamesAsync("D"));
        Assert.Equal(["X"], await catalog.Reader.AssetNamesAsync("D2"));
    }

    [Fact]
    public async Task Unchanged_resources_of_a_batch_finalized_in_the_same_job_are_seen_not_missing()
    {
        await using var catalog = await OpenCatalogAsync();
        var content = Resources(Domain(), Asset("A"), Asset("B"));
        (await catalog.Client.BatchAsync("c", content)).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("c")).Job.AssertSucceeded();

        // The batch and its REMOVE_RESOURCES finalization in one job: the resources skipped as unchanged were seen.
        var job = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync("c", Resources(Domain(), Asset("A"), Asset("B")), ImportJobOptions.Default, new FinalizationOptions { Strategy = FinalizationStrategy.RemoveResources }));

        job.AssertSucceeded();
        Assert.Equal(["A", "B"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task A_changed_resource_is_updated()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.BatchAsync("c", Resources(Domain(), Asset("A", extra: ""","attributes":{"Definition":[{"value":"one"}]}""")))).Job.AssertSucceeded();
        var (_, summary) = await catalog.Client.BatchAsync("c", Resources(Domain(), Asset("A", extra: ""","attributes":{"Definition":[{"value":"two"}]},"displayName":"Ay" """)));

        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Updated);
        var a = await catalog.Reader.AssetAsync("A");
        Assert.Equal("Ay", a.DisplayName);
        Assert.Equal("two", Assert.Single((await catalog.Reader.FindAttributesAsync(a.Id)).Results).Value);
    }

    [Fact]
    public async Task An_empty_array_clears_its_attribute_type_relation_key_or_tags_and_leaves_keys_not_given()
    {
        await using var catalog = await OpenCatalogAsync();
        const string Acronym = "00000000-0000-0000-0000-000000007030:TARGET";
        var acr = """{"name":"ACR","domain":{"name":"ImportDemo Domain","community":{"name":"Data Governance Council"}}}""";
        (await catalog.Client.BatchAsync("c", Resources(Domain(), Asset("ACR", type: "Acronym"), Asset("A", extra: $$""","displayName":"Ay","attributes":{"Definition":[{"value":"one"}],"Description":[{"value":"kept"}]},"relations":{"{{Acronym}}":[{{acr}}]},"tags":["gold"]""")))).Job.AssertSucceeded();

        // Only the relation key cleared: the asset counts updated, not unchanged.
        var (_, relationOnly) = await catalog.Client.BatchAsync("c", Resources(Domain(), Asset("A", extra: $$""","displayName":"Ay","attributes":{"Definition":[{"value":"one"}],"Description":[{"value":"kept"}]},"relations":{"{{Acronym}}":[]},"tags":["gold"]""")));
        Assert.Equal((0, 1, 0), (relationOnly.CountersFor(ImportResourceType.Asset).Added, relationOnly.CountersFor(ImportResourceType.Asset).Updated, relationOnly.CountersFor(ImportResourceType.Asset).Unchanged));
        Assert.Equal(1, relationOnly.CountersFor(ImportResourceType.Relation).Removed);
        var a = await catalog.Reader.AssetAsync("A");
        Assert.Empty((await catalog.Reader.FindRelationsAsync(sourceId: a.Id)).Results);

        // The attribute type and the tags given empty are cleared; Description, not given, stays.
        var (_, cleared) = await catalog.Client.BatchAsync("c", Resources(Domain(), Asset("A", extra: $$""","attributes":{"Definition":[]},"relations":{"{{Acronym}}":[]},"tags":[]""")));

        Assert.Equal(1, cleared.CountersFor(ImportResourceType.Asset).Updated);
        Assert.Equal(["Description=kept"], (await catalog.Reader.FindAttributesAsync(a.Id)).Results.Select(x => $"{x.Type.Name}={x.Value}"));
        Assert.Empty(await catalog.Reader.GetAssetTagsAsync(a.Id));
        Assert.Equal("Ay", (await catalog.Reader.AssetAsync("A")).DisplayName); // not given: left alone
    }

    [Fact]
    public async Task Evict_keeps_ownership_so_the_next_finalization_still_removes_missing_resources()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        await catalog.Client.EvictSynchronizationCacheAsync("demo");

        Assert.True(await catalog.Client.SynchronizationExistsAsync("demo"));
        var (_, summary) = await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch1.json"));
        Assert.Equal(0, summary.CountersFor(ImportResourceType.Asset).Added);
        (await catalog.Client.BatchAsync("demo", Tutorial("Demo5_SynchronizeBatch2.json"))).Job.AssertSucceeded();
        Assert.Equal(1, (await catalog.Client.FinalizeAsync("demo")).Summary.CountersFor(ImportResourceType.Asset).Removed);
    }

    [Fact]
    public async Task Removing_a_synchronization_forgets_it_but_keeps_its_resources()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        Assert.Equal(["demo"], (await catalog.Client.FindSynchronizationsAsync()).Results.Select(s => s.SynchronizationId));

        await catalog.Client.RemoveSynchronizationAsync("demo");

        Assert.False(await catalog.Client.SynchronizationExistsAsync("demo"));
        Assert.Empty((await catalog.Client.FindSynchronizationsAsync()).Results);
        Assert.Equal(5, (await catalog.Reader.AssetNamesAsync()).Count);

        // A new cycle under the same id no longer knows the old resources: nothing is removed.
        await TutorialCycleAsync(catalog.Client, "Demo5", FinalizationOptions.Default);
        Assert.Equal(5, (await catalog.Reader.AssetNamesAsync()).Count);
    }

    [Fact]
    public async Task Simulation_reports_the_counters_but_changes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        await TutorialCycleAsync(catalog.Client, "Demo4", FinalizationOptions.Default);
        var before = await catalog.Reader.SnapshotAsync();

        var job = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync("demo", Tutorial("Demo5_SynchronizeBatch1.json"), new ImportJobOptions { Simulation = true }, FinalizationOptions.Default));

        job.AssertSucceeded();
        Assert.Equal(3, (await catalog.Client.GetSummaryAsync(job.Id)).CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(before, await catalog.Reader.SnapshotAsync());
    }

    [Fact]
    public async Task Jobs_of_one_synchronization_run_in_the_order_they_were_started()
    {
        await using var catalog = await OpenCatalogAsync();
        var jobs = new List<Job>
        {
            await catalog.Client.StartSynchronizationBatchAsync("o", Tutorial("Demo4_SynchronizeBatch1.json"), ImportJobOptions.Default),
            await catalog.Client.StartSynchronizationBatchAsync("o", Tutorial("Demo4_SynchronizeBatch2.json"), ImportJobOptions.Default),
            await catalog.Client.StartFinalizationAsync("o", FinalizationOptions.Default),
        };
        jobs.Add(await catalog.Client.StartSynchronizationBatchAsync("o", Tutorial("Demo5_SynchronizeBatch1.json"), ImportJobOptions.Default));
        jobs.Add(await catalog.Client.StartFinalizationAsync("o", FinalizationOptions.Default));
        var finished = new List<Job>();
        foreach (var job in jobs)
        {
            var done = await catalog.Client.WaitAsync(job);
            done.AssertSucceeded();
            finished.Add(done);
        }

        // Any other order gives another catalog: e.g. the second finalization before its batch removes everything.
        Assert.Equal(["SynchronizeDemoAsset1", "SynchronizeDemoAsset2"], await catalog.Reader.AssetNamesAsync());
        for (var i = 1; i < finished.Count; i++)
        {
            Assert.True(finished[i].StartDate >= finished[i - 1].EndDate, $"Job {i} started before job {i - 1} ended.");
        }
    }

    [Fact]
    public async Task Assets_may_come_before_their_domain_in_the_input()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Resources(Asset("Early"), Domain()))).Job.AssertSucceeded();
        Assert.Equal(["Early"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Unknown_jobs_are_not_found()
    {
        await using var catalog = await OpenCatalogAsync();
        Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.GetJobAsync(Guid.NewGuid()))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.GetSummaryAsync(Guid.NewGuid()))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.GetErrorsAsync(Guid.NewGuid()))).StatusCode);
    }

    // ---- Read side ------------------------------------------------------------------------------

    [Fact]
    public async Task The_metamodel_is_seeded_with_collibra_ids()
    {
        await using var catalog = await OpenCatalogAsync();
        Assert.Equal(MissingFromSource, Assert.Single((await catalog.Reader.FindStatusesAsync("Missing from source", NameMatchMode.Exact)).Results).Id);
        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000031007"), Assert.Single((await catalog.Reader.FindAssetTypesAsync("Table", NameMatchMode.Exact)).Results).Id);
        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000030011"), Assert.Single((await catalog.Reader.FindDomainTypesAsync("Physical Data Dictionary", NameMatchMode.Exact)).Results).Id);
        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000000202"), Assert.Single((await catalog.Reader.FindAttributeTypesAsync("Definition", NameMatchMode.Exact)).Results).Id);
        Assert.Single((await catalog.Reader.FindCommunitiesAsync(Council, NameMatchMode.Exact)).Results);
        var columnOfTable = (await catalog.Reader.FindRelationTypesAsync()).Results.Single(r => r.Id == Guid.Parse("00000000-0000-0000-0000-000000007042"));
        Assert.Equal(("Column", "is part of", "contains", "Table"), (columnOfTable.SourceType.Name, columnOfTable.Role, columnOfTable.CoRole, columnOfTable.TargetType.Name));
        var tableType = Assert.Single((await catalog.Reader.FindAssetTypesAsync("Table", NameMatchMode.Exact)).Results);
        Assert.Equal("Candidate", tableType.DefaultStatus!.Name);
    }

    [Fact]
    public async Task Assets_are_found_by_name_mode_type_status_domain_and_paged()
    {
        await using var catalog = await OpenCatalogAsync();
        (await catalog.Client.ImportAsync(Resources(
            Domain(), Domain("Tables", "Physical Data Dictionary"),
            Asset("orders", type: "Table", domain: "Tables"),
            Asset("orders_view", type: "Database View", domain: "Tables"),
            Asset("customer orders", type: "Column", domain: "Tables", extra: ""","status":{"name":"Accepted"}"""),
            Asset("Order"),
            Asset("Term 2"))))
            .Job.AssertSucceeded();
        var r = catalog.Reader;
        async Task<List<string>> Find(AssetQuery q) => (await r.FindAssetsAsync(q)).Results.Select(a => a.Name).ToList();

        Assert.Equal(["orders"], await Find(new AssetQuery { Name = "orders", NameMatchMode = NameMatchMode.Exact }));
        Assert.Equal(["orders", "orders_view"], await Find(new AssetQuery { Name = "orders", NameMatchMode = NameMatchMode.Start }));
        Assert.Equal(["customer orders", "orders"], await Find(new AssetQuery { Name = "orders", NameMatchMode = NameMatchMode.End }));
        Assert.Equal(["customer orders", "Order", "orders", "orders_view"], await Find(new AssetQuery { Name = "rder" }));
        var table = Guid.Parse("00000000-0000-0000-0000-000000031007");
        Assert.Equal(["orders", "orders_view"], await Find(new AssetQuery { TypeIds = [table] }));
        Assert.Equal(["orders"], await Find(new AssetQuery { TypeIds = [table], TypeInheritance = false }));
        Assert.Equal(["customer orders"], await Find(new AssetQuery { StatusIds = [Accepted] }));
        var tables = Assert.Single((await r.FindDomainsAsync("Tables", NameMatchMode.Exact)).Results);
        Assert.Equal(3, (await Find(new AssetQuery { DomainId = tables.Id })).Count);
        Assert.Equal(5, (await Find(new AssetQuery { CommunityId = tables.Community.Id })).Count);

        var page = await r.FindAssetsAsync(new AssetQuery { Paging = new Paging { Offset = 1, Limit = 2 } });
        Assert.Equal((5L, 1L, 2L), (page.Total, page.Offset, page.Limit));
        Assert.Equal(["Order", "orders"], page.Results.Select(a => a.Name));
        Assert.Equal(3, (await r.FindAssetsAsync(new AssetQuery { Paging = new Paging { CountLimit = 3 } })).Total);
        Assert.Null(await r.GetAssetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Cursor_paging_visits_every_matching_asset_once_in_the_order_of_offset_paging()
    {
        await using var catalog = await OpenCatalogAsync();
        // Names equal but for case, and the same name in two domains: the cursor's key must tell them apart.
        (await catalog.Client.ImportAsync(Resources(
            Domain(), Domain("Tables", "Physical Data Dictionary"),
            Asset("b"), Asset("B"), Asset("a"), Asset("a", type: "Table", domain: "Tables"), Asset("C"), Asset("c", type: "Table", domain: "Tables"), Asset("d"))))
            .Job.AssertSucceeded();
        var r = catalog.Reader;
        var all = (await r.FindAssetsAsync(new AssetQuery())).Results.Select(a => a.Id).ToList();
        Assert.Equal(7, all.Count);

        async Task<List<Guid>> FollowAsync(AssetQuery query)
        {
            var seen = new List<Guid>();
            var page = await r.FindAssetsAsync(query with { Cursor = "" });
            seen.AddRange(page.Results.Select(a => a.Id));
            while (page.NextCursor is { } next)
            {
                page = await r.FindAssetsAsync(query with { Cursor = next });
                seen.AddRange(page.Results.Select(a => a.Id));
            }

            return seen;
        }

        Assert.Equal(all, await FollowAsync(new AssetQuery { Paging = new Paging { Limit = 2 } }));
        Assert.Equal(all, await FollowAsync(new AssetQuery { Paging = new Paging { Limit = 7 } }));
        var last = await r.FindAssetsAsync(new AssetQuery { Cursor = "", Paging = new Paging { Limit = 7 } });
        Assert.Null(last.NextCursor);
        Assert.Equal(7, last.Total);

        // A filter applies to every page, and the total counts every match, not what is left after the cursor.
        var table = Guid.Parse("00000000-0000-0000-0000-000000031007");
        var tables = (await r.FindAssetsAsync(new AssetQuery { TypeIds = [table] })).Results.Select(a => a.Id).ToList();
        Assert.Equal(tables, await FollowAsync(new AssetQuery { TypeIds = [table], Paging = new Paging { Limit = 1 } }));
        var first = await r.FindAssetsAsync(new AssetQuery { TypeIds = [table], Cursor = "", Paging = new Paging { Limit = 1 } });
        Assert.Equal(2, (await r.FindAssetsAsync(new AssetQuery { TypeIds = [table], Cursor = first.NextCursor, Paging = new Paging { Limit = 1 } })).Total);

        var refused = await Assert.ThrowsAsync<CatalogApiException>(() => r.FindAssetsAsync(new AssetQuery { Cursor = "not-a-cursor" }));
        Assert.Equal((400, "invalidCursor"), (refused.StatusCode, refused.ErrorCode));

        // Offset paging answers no cursor.
        Assert.Null((await r.FindAssetsAsync(new AssetQuery { Paging = new Paging { Limit = 2 } })).NextCursor);
    }
}
