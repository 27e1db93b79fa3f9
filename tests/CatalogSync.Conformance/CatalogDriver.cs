using System.Text;
using CatalogSync.Contract;
using Xunit;

namespace CatalogSync.Conformance;

/// <summary>Test helpers over the contract interfaces only, so they work in-process and over HTTP alike.</summary>
public static class CatalogDriver
{
    public const string Council = "Data Governance Council";
    public const string DemoDomain = "ImportDemo Domain";
    public static readonly Guid MissingFromSource = Guid.Parse("00000000-0000-0000-0000-000000005066");
    public static readonly Guid Candidate = Guid.Parse("00000000-0000-0000-0000-000000005008");
    public static readonly Guid Accepted = Guid.Parse("00000000-0000-0000-0000-000000005009");

    public static ImportContent Tutorial(string file) =>
        ImportContent.FromFile(Path.Combine(AppContext.BaseDirectory, "Tutorial", file));

    public static ImportContent Json(string json) => ImportContent.FromBytes(Encoding.UTF8.GetBytes(json));

    public static async Task<Job> WaitAsync(this IImportApiClient client, Job job)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var delay = 5;
        while (!job.IsFinished)
        {
            await Task.Delay(delay, timeout.Token);
            delay = Math.Min(delay * 2, 200);
            job = await client.GetJobAsync(job.Id, timeout.Token);
        }

        return job;
    }

    public static async Task<(Job Job, ImportSummary Summary)> BatchAsync(this IImportApiClient client, string syncId, ImportContent content, ImportJobOptions? options = null)
    {
        var job = await client.WaitAsync(await client.StartSynchronizationBatchAsync(syncId, content, options ?? ImportJobOptions.Default));
        return (job, await client.GetSummaryAsync(job.Id));
    }

    public static async Task<(Job Job, ImportSummary Summary)> FinalizeAsync(this IImportApiClient client, string syncId, FinalizationOptions? options = null)
    {
        var job = await client.WaitAsync(await client.StartFinalizationAsync(syncId, options ?? FinalizationOptions.Default));
        return (job, await client.GetSummaryAsync(job.Id));
    }

    public static async Task<(Job Job, ImportSummary Summary)> ImportAsync(this IImportApiClient client, ImportContent content, ImportJobOptions? options = null)
    {
        var job = await client.WaitAsync(await client.StartImportAsync(content, options ?? ImportJobOptions.Default));
        return (job, await client.GetSummaryAsync(job.Id));
    }

    public static void AssertSucceeded(this Job job)
    {
        Assert.True(job.State == JobState.Completed && job.Result == JobResult.Success, $"Job {job.Name} ended {job.State} {job.Result}: {job.Message}");
    }

    /// <summary>Every asset, as "name|type|status|domain", sorted.</summary>
    public static async Task<List<string>> SnapshotAsync(this ICatalogReader reader)
    {
        var assets = await reader.FindAssetsAsync(new AssetQuery { Paging = new Paging { Limit = 1000 } });
        return assets.Results.Select(a => $"{a.Name}|{a.Type.Name}|{a.Status.Name}|{a.Domain.Name}").Order(StringComparer.Ordinal).ToList();
    }

    public static async Task<List<string>> AssetNamesAsync(this ICatalogReader reader, string? domain = DemoDomain)
    {
        var assets = await reader.FindAssetsAsync(new AssetQuery { Paging = new Paging { Limit = 1000 } });
        return assets.Results.Where(a => domain is null || a.Domain.Name == domain).Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
    }

    public static async Task<Asset> AssetAsync(this ICatalogReader reader, string name)
    {
        var found = await reader.FindAssetsAsync(new AssetQuery { Name = name, NameMatchMode = NameMatchMode.Exact });
        return Assert.Single(found.Results);
    }

    public static string Asset(string name, string type = "Business Term", string domain = DemoDomain, string community = Council, string extra = "") =>
        "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"" + name + "\",\"domain\":" + DomainRef(domain, community) + "},\"type\":{\"name\":\"" + type + "\"}" + extra + "}";

    public static string DomainRef(string domain = DemoDomain, string community = Council) =>
        "{\"name\":\"" + domain + "\",\"community\":{\"name\":\"" + community + "\"}}";

    public static string Domain(string name = DemoDomain, string type = "Glossary", string community = Council) =>
        "{\"resourceType\":\"Domain\",\"identifier\":" + DomainRef(name, community) + ",\"type\":{\"name\":\"" + type + "\"}}";

    public static ImportContent Resources(params string[] resources) => Json("[" + string.Join(",", resources) + "]");
}
