using CatalogSync.Contract;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Catalog.Tests;

/// <summary>
/// What Fixtures/catalog-v2.sql holds: a catalog written by CatalogSync with schema version 2 (TEXT UUID keys), then
/// dumped with <c>sqlite3 .dump</c>. Its resources cover every table: two synchronization ids (one asset owned by
/// both), attributes, tags, a responsibility, a relation, an asset retired by a CHANGE_STATUS finalization and an
/// asset imported without a synchronization id.
/// </summary>
internal static class SchemaV2Fixture
{
    public const string Acronym = "00000000-0000-0000-0000-000000007030:TARGET";

    public static readonly string AcrAsset = Asset("ACR", type: "Acronym");

    public static readonly string TermAsset = Asset("Term", extra: ""","displayName":"The term","attributes":{"Definition":[{"value":"d"}],"Description":[{"value":"kept"}]},"tags":["pii","gold"],"responsibilities":{"Owner":[{"user":{"id":"00000000-0000-0000-0000-000000900003"}}]},"relations":{"""
        + "\"" + Acronym + "\":[{\"name\":\"ACR\",\"domain\":" + DomainRef() + "}]}");

    public static readonly string GoneAsset = Asset("Gone");

    /// <summary>Cycle 1 of "s" (finalized with CHANGE_STATUS after cycle 2 left out Gone).</summary>
    public static ImportContent FirstBatch() => Resources(Domain(), AcrAsset, TermAsset, GoneAsset);

    /// <summary>Cycle 2 of "s": Gone is missing, so its CHANGE_STATUS finalization retired it.</summary>
    public static ImportContent SecondBatch() => Resources(Domain(), AcrAsset, TermAsset);

    /// <summary>How the fixture was made (with the code of schema version 2).</summary>
    public static async Task WriteAsync(EmbeddedCatalog catalog)
    {
        (await catalog.BatchAsync("s", FirstBatch())).Job.AssertSucceeded();
        (await catalog.FinalizeAsync("s")).Job.AssertSucceeded();
        (await catalog.BatchAsync("s", SecondBatch())).Job.AssertSucceeded();
        (await catalog.FinalizeAsync("s", new FinalizationOptions { Strategy = FinalizationStrategy.ChangeStatus, MissingAssetStatusId = MissingFromSource })).Job.AssertSucceeded();
        (await catalog.BatchAsync("t", Resources(Domain(), TermAsset))).Job.AssertSucceeded();
        (await catalog.ImportAsync(Resources(Asset("Plain", extra: ""","attributes":{"Description":[{"value":"no sync"}]}""")))).Job.AssertSucceeded();
    }
}
