using CatalogSync.Conformance;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Tests;

/// <summary>What only the in-process engine shows: persistence across reopen, and shutdown.</summary>
public sealed class EmbeddedCatalogTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-engine-");

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Data_jobs_and_synchronizations_survive_a_reopen()
    {
        Guid jobId;
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }))
        {
            var (job, _) = await catalog.BatchAsync("keep", CatalogDriver.Tutorial("Demo4_SynchronizeBatch1.json"));
            job.AssertSucceeded();
            jobId = job.Id;
        }

        await using (var reopened = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath }))
        {
            Assert.Equal(3, (await reopened.AssetNamesAsync()).Count);
            Assert.True(await reopened.SynchronizationExistsAsync("keep"));
            Assert.Equal(JobState.Completed, (await reopened.GetJobAsync(jobId)).State);
            Assert.Equal(3, (await reopened.GetSummaryAsync(jobId)).CountersFor(ImportResourceType.Asset).Added);

            // The open cycle goes on after the reopen: the finalization sees the first batch.
            (await reopened.BatchAsync("keep", CatalogDriver.Tutorial("Demo4_SynchronizeBatch2.json"))).Job.AssertSucceeded();
            (await reopened.FinalizeAsync("keep")).Job.AssertSucceeded();
            Assert.Equal(5, (await reopened.AssetNamesAsync()).Count);
        }
    }

    [Fact]
    public async Task Wait_for_job_returns_the_final_state()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath });
        var started = await catalog.StartImportAsync(CatalogDriver.Tutorial("Demo1_ImportJson.json"), ImportJobOptions.Default);
        var finished = await catalog.WaitForJobAsync(started.Id);
        Assert.Equal(JobState.Completed, finished.State);
        Assert.Equal(100, finished.ProgressPercentage);
        Assert.NotNull(finished.EndDate);
        Assert.Equal(finished, await catalog.WaitForJobAsync(started.Id));
    }

    [Fact]
    public async Task Csv_without_a_template_is_refused_before_any_job_with_a_clear_message()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath });
        var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(ImportContent.FromBytes("a;b"u8.ToArray(), ImportFormat.Csv), ImportJobOptions.Default));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("templateRequired", error.ErrorCode);
        Assert.Contains("${1}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "csvOptionNotSupported")]
    [InlineData(false, true, "csvOptionNotSupported")]
    public async Task Csv_options_the_catalog_does_not_support_are_refused_before_any_job(bool strictQuotes, bool ignoreLeadingWhitespace, string code)
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath });
        const string Template = """[{"resourceType":"Community","identifier":{"name":"${1}"}}]""";
        var options = new TabularOptions { Template = Template, StrictQuotes = strictQuotes, IgnoreLeadingWhitespace = ignoreLeadingWhitespace };
        var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(ImportContent.FromBytes("a;b"u8.ToArray(), ImportFormat.Csv, options), ImportJobOptions.Default));
        Assert.Equal(code, error.ErrorCode);
        var same = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(ImportContent.FromBytes("a;b"u8.ToArray(), ImportFormat.Csv, new TabularOptions { Template = Template, Separator = '"' }), ImportJobOptions.Default));
        Assert.Equal("invalidCsvOption", same.ErrorCode);
    }
}
