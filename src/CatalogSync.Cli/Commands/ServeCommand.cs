using System.CommandLine;
using System.Globalization;
using CatalogSync.Catalog;
using CatalogSync.Server;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Cli.Commands;

/// <summary><c>catalog-sync serve</c>: the embedded catalog as a Collibra-compatible REST server.</summary>
internal static class ServeCommand
{
    public const string UserVariable = "CATALOGSYNC_USER";
    public const string PasswordVariable = "CATALOGSYNC_PASSWORD";

    /// <summary>
    /// Test only: milliseconds that every job pauses at each stage, so crash tests can kill the server while one runs.
    /// Honoured only together with <see cref="EnableTestHooksVariable"/>, so that a stray variable never slows a real server.
    /// </summary>
    public const string TestJobDelayVariable = "CATALOGSYNC_TEST_JOB_DELAY_MS";

    /// <summary>
    /// Test only: a folder where every job, once running, waits for a file named after its id before it goes on, so that a
    /// crash test sees each job running however fast it is. Honoured only together with <see cref="EnableTestHooksVariable"/>.
    /// </summary>
    public const string TestJobGateVariable = "CATALOGSYNC_TEST_JOB_GATE_DIR";

    /// <summary>The explicit opt-in for test hooks such as <see cref="TestJobDelayVariable"/>: they are honoured only when this is <c>1</c>.</summary>
    public const string EnableTestHooksVariable = "CATALOGSYNC_ENABLE_TEST_HOOKS";

    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (port 0 picks a free port).",
            DefaultValueFactory = _ => "http://127.0.0.1:5180",
        };
        var database = new Option<string>("--database")
        {
            Description = "The catalog's SQLite file; created and seeded with Collibra's out-of-the-box metamodel if missing.",
            DefaultValueFactory = _ => "catalog.db",
        };
        var user = new Option<string?>("--user") { Description = $"User name for HTTP Basic authentication (or {UserVariable})." };
        var password = new Option<string?>("--password") { Description = $"Password for HTTP Basic authentication (or {PasswordVariable}). Without one, a password is generated and printed, and only loopback addresses are allowed." };
        var maxRequestSize = new Option<string>("--max-request-size")
        {
            Description = "The largest request body accepted, in bytes or with a K, M or G suffix; larger uploads get 413.",
            DefaultValueFactory = _ => "1G",
        };
        var shutdownTimeout = new Option<int>("--shutdown-timeout")
        {
            Description = "Seconds that Ctrl+C waits for the jobs under way to finish before cancelling them (a cancelled job commits nothing).",
            DefaultValueFactory = _ => 30,
        };
        var cycleLease = new Option<int>("--cycle-lease")
        {
            Description = "Seconds that a cycle lease (X-CatalogSync-Cycle-Owner) lives after its owner's last request or finished job.",
            DefaultValueFactory = _ => 300,
        };

        var maxPendingJobs = new Option<int>("--max-pending-jobs")
        {
            Description = "How many jobs may wait or run at once; beyond it, new jobs get 503 with Retry-After.",
            DefaultValueFactory = _ => EmbeddedCatalogOptions.DefaultMaxPendingJobs,
        };
        var maxPendingSize = new Option<string>("--max-pending-size")
        {
            Description = "How much input (bytes, or with K, M or G) the waiting and running jobs may hold together; beyond it, new jobs get 503 with Retry-After.",
            DefaultValueFactory = _ => "4G",
        };
        var maxErrorsPerJob = new Option<int>("--max-errors-per-job")
        {
            Description = "How many errors of one job are kept (the summary's errorsCount still counts them all).",
            DefaultValueFactory = _ => EmbeddedCatalogOptions.DefaultMaxErrorsPerJob,
        };
        var jobRetentionDays = new Option<int>("--job-retention-days")
        {
            Description = "Finished jobs older than this many days are deleted with their results (0 keeps them whatever their age).",
            DefaultValueFactory = _ => (int)EmbeddedCatalogOptions.DefaultJobRetentionAge.TotalDays,
        };
        var jobRetentionCount = new Option<int>("--job-retention-count")
        {
            Description = "At most this many finished jobs are kept, the newest (0 keeps any number).",
            DefaultValueFactory = _ => EmbeddedCatalogOptions.DefaultJobRetentionCount,
        };

        var jobRetentionMinMinutes = new Option<int>("--job-retention-min-minutes")
        {
            Description = "Finished jobs that ended less than this many minutes ago are never deleted by either retention rule, so their clients can still poll them (0 protects none).",
            DefaultValueFactory = _ => (int)EmbeddedCatalogOptions.DefaultJobRetentionMinimumAge.TotalMinutes,
        };

        var pageCache = new Option<string>("--page-cache")
        {
            Description = "The most memory (bytes, or with K, M or G) SQLite's page cache of the writing connection may hold; each reader gets a 32nd. The default suits a million assets (the random parts of the catalog's B-trees, its UUID and hash indexes, fit in it).",
            DefaultValueFactory = _ => "128M",
        };

        var command = new Command("serve", "Serve the embedded catalog over Collibra's REST API (Import API v2 and Core REST v2 read side) under /rest/2.0.")
        {
            urls, database, user, password, maxRequestSize, shutdownTimeout, cycleLease, maxPendingJobs, maxPendingSize, maxErrorsPerJob, jobRetentionDays, jobRetentionCount,
            jobRetentionMinMinutes, pageCache,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new ServeSettings(
                [.. parseResult.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                parseResult.GetValue(database)!,
                parseResult.GetValue(user) ?? NullIfEmpty(Environment.GetEnvironmentVariable(UserVariable)),
                parseResult.GetValue(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable(PasswordVariable)),
                parseResult.GetValue(maxRequestSize)!,
                TimeSpan.FromSeconds(Math.Max(0, parseResult.GetValue(shutdownTimeout))))
            {
                MaxPendingJobs = parseResult.GetValue(maxPendingJobs),
                MaxPendingSize = parseResult.GetValue(maxPendingSize)!,
                MaxErrorsPerJob = parseResult.GetValue(maxErrorsPerJob),
                JobRetentionDays = parseResult.GetValue(jobRetentionDays),
                JobRetentionCount = parseResult.GetValue(jobRetentionCount),
                JobRetentionMinMinutes = parseResult.GetValue(jobRetentionMinMinutes),
                CycleLease = TimeSpan.FromSeconds(parseResult.GetValue(cycleLease)),
                PageCache = parseResult.GetValue(pageCache)!,
            };
            return RunAsync(settings, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    internal sealed record ServeSettings(IReadOnlyList<string> Urls, string Database, string? User, string? Password, string MaxRequestSize, TimeSpan ShutdownTimeout)
    {
        public int MaxPendingJobs { get; init; } = EmbeddedCatalogOptions.DefaultMaxPendingJobs;

        public string MaxPendingSize { get; init; } = "4G";

        public int MaxErrorsPerJob { get; init; } = EmbeddedCatalogOptions.DefaultMaxErrorsPerJob;

        public int JobRetentionDays { get; init; } = (int)EmbeddedCatalogOptions.DefaultJobRetentionAge.TotalDays;

        public int JobRetentionCount { get; init; } = EmbeddedCatalogOptions.DefaultJobRetentionCount;

        public int JobRetentionMinMinutes { get; init; } = (int)EmbeddedCatalogOptions.DefaultJobRetentionMinimumAge.TotalMinutes;

        public TimeSpan CycleLease { get; init; } = TimeSpan.FromMinutes(5);

        public string PageCache { get; init; } = "128M";
    }

    internal static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ParseSize(settings.MaxRequestSize) is not { } limit)
        {
            await error.WriteLineAsync($"--max-request-size '{settings.MaxRequestSize}' is not a size: give bytes, or a number with K, M or G (e.g. 512M).").ConfigureAwait(false);
            return 2;
        }

        if (settings.CycleLease <= TimeSpan.Zero)
        {
            await error.WriteLineAsync($"--cycle-lease must be a positive number of seconds, not {settings.CycleLease.TotalSeconds}.").ConfigureAwait(false);
            return 2;
        }

        if (ParseSize(settings.MaxPendingSize) is not { } pendingLimit)
        {
            await error.WriteLineAsync($"--max-pending-size '{settings.MaxPendingSize}' is not a size: give bytes, or a number with K, M or G (e.g. 4G).").ConfigureAwait(false);
            return 2;
        }

        if (ParseSize(settings.PageCache) is not { } pageCacheSize)
        {
            await error.WriteLineAsync($"--page-cache '{settings.PageCache}' is not a size: give bytes, or a number with K, M or G (e.g. 256M).").ConfigureAwait(false);
            return 2;
        }

        if (settings.JobRetentionDays < 0 || settings.JobRetentionCount < 0)
        {
            await error.WriteLineAsync("--job-retention-days and --job-retention-count must be 0 (no limit) or more.").ConfigureAwait(false);
            return 2;
        }

        if (settings.JobRetentionMinMinutes < 0)
        {
            await error.WriteLineAsync("--job-retention-min-minutes must be 0 (protects none) or more.").ConfigureAwait(false);
            return 2;
        }

        var testHooks = ReadTestHooks(Environment.GetEnvironmentVariable);
        if (testHooks.Message is { } hooksMessage)
        {
            await error.WriteLineAsync(hooksMessage).ConfigureAwait(false);
            if (testHooks.Refused)
            {
                return 2;
            }
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning));
        var logger = loggerFactory.CreateLogger("CatalogSync.Serve");

        var databasePath = Path.GetFullPath(settings.Database);
        var catalogOptions = new EmbeddedCatalogOptions
        {
            DatabasePath = databasePath,
            LoggerFactory = loggerFactory,
            MaxPendingJobs = settings.MaxPendingJobs,
            MaxPendingBytes = pendingLimit,
            MaxErrorsPerJob = settings.MaxErrorsPerJob,
            JobRetentionAge = settings.JobRetentionDays == 0 ? null : TimeSpan.FromDays(settings.JobRetentionDays),
            JobRetentionCount = settings.JobRetentionCount == 0 ? null : settings.JobRetentionCount,
            JobRetentionMinimumAge = TimeSpan.FromMinutes(settings.JobRetentionMinMinutes),
            CycleLeaseDuration = settings.CycleLease,
            PageCacheSize = pageCacheSize,
            TestJobStageDelay = testHooks.JobStageDelay,
            TestJobGate = testHooks.JobGateDirectory is { } gateDirectory ? (id, cancellationToken) => WaitAtGateAsync(gateDirectory, id, cancellationToken) : null,
        };
        var serverOptions = new CatalogServerOptions
        {
            Urls = settings.Urls,
            UserName = settings.User,
            Password = settings.Password,
            MaxRequestBodySize = limit,
            SpoolDirectory = databasePath + ".uploads",
            LoggerFactory = loggerFactory,
        };

        // Every option is checked before anything is created: a refused start leaves no database file behind.
        try
        {
            CatalogServer.ValidateOptions(serverOptions);
            if (catalogOptions.Validate() is { } invalid)
            {
                throw new ArgumentException(invalid);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var directory = Path.GetDirectoryName(databasePath);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var catalog = await EmbeddedCatalog.OpenAsync(catalogOptions, cancellationToken).ConfigureAwait(false);
        var tracked = new TrackingImportApi(catalog);

        // Jobs accepted before the last stop run again now; Ctrl+C lets them finish like the others.
        tracked.Track(catalog.UnfinishedJobIds);
        try
        {
            CatalogServer server;
            try
            {
                server = CatalogServer.Create(serverOptions, tracked, catalog);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            await using (server.ConfigureAwait(false))
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');
                await output.WriteLineAsync($"CatalogSync catalog {databasePath}").ConfigureAwait(false);
                foreach (var address in server.Addresses)
                {
                    await output.WriteLineAsync($"Listening on {address.AbsoluteUri.TrimEnd('/')}/rest/2.0 (OpenAPI: {address.AbsoluteUri.TrimEnd('/')}/rest/2.0/openapi.json)").ConfigureAwait(false);
                }

                if (server.PasswordGenerated)
                {
                    await output.WriteLineAsync($"Generated password for user '{server.UserName}' (shown once; set --password or {PasswordVariable} to choose one): {server.Password}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"Try: curl -u {server.UserName}:<password> {root}/rest/2.0/statuses").ConfigureAwait(false);
                await output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Log.Stopping(logger, await tracked.CountUnfinishedAsync().ConfigureAwait(false), (int)settings.ShutdownTimeout.TotalSeconds);

            await tracked.WaitForPendingAsync(catalog, settings.ShutdownTimeout).ConfigureAwait(false);
        }
        finally
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
        }

        Log.Stopped(logger);
        return 0;
    }

    /// <summary>What the test hooks in the environment ask for.</summary>
    /// <param name="JobStageDelay">The pause at each stage of every job; zero unless the hooks are enabled.</param>
    /// <param name="Message">A warning (hooks on, or a hook variable ignored) or, when <paramref name="Refused"/>, why the start is refused.</param>
    /// <param name="Refused">Whether the hooks are enabled with a value that is not a number of milliseconds.</param>
    /// <param name="JobGateDirectory">The folder of <see cref="TestJobGateVariable"/>; null unless the hooks are enabled.</param>
    internal sealed record TestHooks(TimeSpan JobStageDelay, string? Message, bool Refused, string? JobGateDirectory = null);

    /// <summary>
    /// Reads the test hooks: <see cref="TestJobDelayVariable"/> and <see cref="TestJobGateVariable"/> count only with
    /// <see cref="EnableTestHooksVariable"/><c>=1</c>, so a production server never slows down because a variable was left in
    /// its environment.
    /// </summary>
    internal static TestHooks ReadTestHooks(Func<string, string?> environment)
    {
        var delay = environment(TestJobDelayVariable);
        var gate = environment(TestJobGateVariable);
        if (string.IsNullOrEmpty(delay) && string.IsNullOrEmpty(gate))
        {
            return new(TimeSpan.Zero, null, false);
        }

        var name = string.IsNullOrEmpty(delay) ? TestJobGateVariable : TestJobDelayVariable;
        if (environment(EnableTestHooksVariable) != "1")
        {
            return new(TimeSpan.Zero, $"{name} is set but ignored: it is a test hook, honoured only with {EnableTestHooksVariable}=1.", false);
        }

        var milliseconds = 0;
        if (!string.IsNullOrEmpty(delay) && !int.TryParse(delay, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds))
        {
            return new(TimeSpan.Zero, $"{TestJobDelayVariable} '{delay}' is not a number of milliseconds.", true);
        }

        var gateDirectory = string.IsNullOrEmpty(gate) ? null : Path.GetFullPath(gate);
        return new(TimeSpan.FromMilliseconds(milliseconds),
            $"Test hooks are on ({EnableTestHooksVariable}=1): every job pauses {milliseconds} ms at each stage"
            + (gateDirectory is null ? "" : $" and waits for its file in {gateDirectory}") + ". Never run a real server like this.", false, gateDirectory);
    }

    /// <summary>The <see cref="TestJobGateVariable"/> hook: polls for the job's file (a test creates it when it has seen the job running).</summary>
    private static async Task WaitAtGateAsync(string directory, Guid id, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, id.ToString("D"));
        while (!File.Exists(file))
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Parses <c>1048576</c>, <c>512K</c>, <c>64M</c>, <c>1G</c> (binary multiples).</summary>
    internal static long? ParseSize(string text)
    {
        text = text.Trim().ToUpperInvariant().TrimEnd('B').TrimEnd('I');
        var multiplier = 1L;
        if (text.Length > 0 && text[^1] is 'K' or 'M' or 'G')
        {
            multiplier = text[^1] switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= long.MaxValue / multiplier
            ? value * multiplier
            : null;
    }
}

/// <summary>Log lines of <c>catalog-sync serve</c>.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Stopping: no new requests are taken; waiting up to {Seconds} s for {Pending} unfinished job(s)")]
    public static partial void Stopping(ILogger logger, int pending, int seconds);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Stopped; the catalog is closed")]
    public static partial void Stopped(ILogger logger);
}
