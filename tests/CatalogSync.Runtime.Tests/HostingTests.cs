using CatalogSync.Contract;
using CatalogSync.Hosting;
using CatalogSync.Http;
using CatalogSync.Plans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CatalogSync.Runtime.Tests;

/// <summary><c>AddCatalogSync</c>: options from configuration, the resilient client from IHttpClientFactory, a hosted service on a schedule.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task AddCatalogSync_binds_every_key_of_the_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CatalogSync:BaseAddress"] = "https://acme.collibra.example/",
            ["CatalogSync:BearerToken"] = "token-123",
            ["CatalogSync:BatchSize"] = "20000",
            ["CatalogSync:PollInterval"] = "00:00:02",
            ["CatalogSync:MaxJobWait"] = "00:30:00",
            ["CatalogSync:FinalizeEmptyGroups"] = "true",
            ["CatalogSync:TemporaryDirectory"] = "/var/tmp",
            ["CatalogSync:MaxRetryAttempts"] = "6",
            ["CatalogSync:RetryDelay"] = "00:00:00.250",
            ["CatalogSync:MaxRetryDelay"] = "00:01:00",
            ["CatalogSync:AttemptTimeout"] = "00:05:00",
            ["CatalogSync:TotalRequestTimeout"] = "00:20:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddCatalogSync(configuration.GetSection(CatalogSyncOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CatalogSyncOptions>>().Value;
        var run = provider.GetRequiredService<SyncRunOptions>();
        var client = Assert.IsType<CollibraHttpClient>(provider.GetRequiredService<IImportApiClient>());

        Assert.Equal(new Uri("https://acme.collibra.example/"), client.BaseAddress);
        Assert.Equal("token-123", options.ToClientOptions().BearerToken);
        Assert.Equal(new ImportApiResilienceOptions
        {
            MaxRetryAttempts = 6,
            RetryDelay = TimeSpan.FromMilliseconds(250),
            MaxRetryDelay = TimeSpan.FromMinutes(1),
            AttemptTimeout = TimeSpan.FromMinutes(5),
            TotalRequestTimeout = TimeSpan.FromMinutes(20),
        }, options.ToResilienceOptions());
        Assert.Equal(20_000, run.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), run.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(30), run.MaxJobWait);
        Assert.True(run.FinalizeEmptyGroups);
        Assert.Equal("/var/tmp", run.TemporaryDirectory);
        Assert.NotNull(run.Logger);
        Assert.IsType<CollibraHttpClient>(provider.GetRequiredService<ICatalogReader>());
    }

    [Fact]
    public async Task Invalid_options_name_the_key_to_fix()
    {
        var services = new ServiceCollection();
        services.AddCatalogSync(options => options.UserName = "sync-bot");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IImportApiClient>());

        Assert.Contains("CatalogSync:BaseAddress is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_client_retries_503s_below_it_and_runs_a_plan()
    {
        await using var temp = await TempCatalog.CreateAsync();
        var address = await temp.ServeAsync();
        var faults = new FaultInjector(withTransport: false).Add(FaultInjector.Fault.Unavailable("POST", "/batch/json-job"), times: 3);
        var services = new ServiceCollection();
        services.AddCatalogSync(options =>
        {
            options.BaseAddress = address;
            options.UserName = TempCatalog.User;
            options.Password = TempCatalog.Password;
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            options.PollInterval = TimeSpan.FromMilliseconds(50);
        }).AddHttpMessageHandler(() => faults);
        await using var provider = services.BuildServiceProvider();

        var report = await WarehousePlan.RunAsync(
            provider.GetRequiredService<IImportApiClient>(),
            tables: Data.Tables(2), columns: Data.Columns(2, 2), schemas: Data.Schemas(1), databases: Data.Databases(1),
            options: provider.GetRequiredService<SyncRunOptions>());

        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(3, faults.Attempts.Count(a => a.Played.StartsWith("503", StringComparison.Ordinal)));
        Assert.Equal(report.Groups.Sum(g => g.Batches.Count) + 3, faults.Count("POST", "/batch/json-job"));
        Assert.Equal(4, await temp.CountAssetsAsync("rt.col."));
    }

    [Fact]
    public async Task A_hosted_service_runs_a_generated_plan_on_a_schedule()
    {
        await using var temp = await TempCatalog.CreateAsync();
        var address = await temp.ServeAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CatalogSync:BaseAddress"] = address.ToString(),
            ["CatalogSync:UserName"] = TempCatalog.User,
            ["CatalogSync:Password"] = TempCatalog.Password,
            ["CatalogSync:PollInterval"] = "00:00:00.050",
            ["Schedule:Interval"] = "00:00:01",
        });
        builder.Services.AddCatalogSync(builder.Configuration.GetSection("CatalogSync"));
        builder.Services.AddSingleton<RunLog>();
        builder.Services.AddHostedService<ScheduledWarehouseSync>();
        using var host = builder.Build();
        var log = host.Services.GetRequiredService<RunLog>();

        await host.StartAsync();
        var runs = await log.TwoRuns.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await host.StopAsync();

        Assert.All(runs, run => Assert.True(run.Succeeded, run.Describe()));
        Assert.Equal(4, runs[0]["rt-remove-resources"].AssetCounters.Added);
        Assert.Equal(4, runs[1]["rt-remove-resources"].AssetCounters.Unchanged); // a second cycle, not a replay of the first
        Assert.True(runs[1].StartedAt - runs[0].StartedAt >= TimeSpan.FromMilliseconds(900), "The second run waited for the schedule.");
        Assert.Equal(2, await temp.CountAssetsAsync("rt.table."));
    }

    /// <summary>The reports of the scheduled runs.</summary>
    public sealed class RunLog
    {
        private readonly List<SyncRunReport> _runs = [];

        public TaskCompletionSource<SyncRunReport[]> TwoRuns { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(SyncRunReport report)
        {
            lock (_runs)
            {
                _runs.Add(report);
                if (_runs.Count == 2)
                {
                    TwoRuns.TrySetResult([.. _runs]);
                }
            }
        }
    }

    /// <summary>What a consumer writes: a background service that synchronizes the warehouse every interval.</summary>
    public sealed class ScheduledWarehouseSync(IImportApiClient catalog, SyncRunOptions options, IConfiguration configuration, RunLog log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(configuration.GetValue("Schedule:Interval", TimeSpan.FromMinutes(15)));
            do
            {
                var report = await WarehousePlan.RunAsync(
                    catalog,
                    tables: Data.Async(Data.Tables(2)),
                    columns: Data.Async(Data.Columns(2, 2)),
                    schemas: Data.Async(Data.Schemas(1)),
                    databases: Data.Async(Data.Databases(1)),
                    options: options,
                    cancellationToken: stoppingToken);
                log.Add(report);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
