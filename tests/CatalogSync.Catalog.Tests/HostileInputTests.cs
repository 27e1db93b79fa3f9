using System.Text;
using CatalogSync.Catalog.Import;
using CatalogSync.Conformance;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Tests;

/// <summary>Hostile input costs the engine a clear, bounded error: never a crash, unbounded memory, disk or messages.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Asset = "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}},\"type\":{\"name\":\"Table\"}}";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-hostile-");

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<List<ImportCommand>> ReadAsync(byte[] json, int maxResourceSize = ImportCommandReader.DefaultMaxResourceSize)
    {
        using var stream = new MemoryStream(json);
        var result = new List<ImportCommand>();
        await foreach (var command in ImportCommandReader.ReadAsync(stream, maxResourceSize))
        {
            result.Add(command);
        }

        return result;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    [Fact]
    public void Quote_keeps_short_values_and_cuts_long_ones_to_a_prefix_and_their_length()
    {
        Assert.Equal("'sales.orders'", InputText.Quote("sales.orders"));
        var quoted = InputText.Quote(new string('x', 52_428_800));
        Assert.Equal("'" + new string('x', InputText.PrefixLength) + "…' (52428800 characters)", quoted);
        Assert.Equal("\"key\"", InputText.QuoteName("key"));
        Assert.True(InputText.Bound(new string('y', 100_000))!.Length <= InputText.MaxMessageLength);
    }

    [Fact]
    public async Task A_lone_number_is_not_a_json_array_rather_than_empty()
    {
        var error = await Assert.ThrowsAsync<MalformedImportException>(() => ReadAsync(Utf8("123")));
        Assert.Contains("must be a JSON array", error.Message, StringComparison.Ordinal);
        Assert.Contains("a number", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_fails_that_command_with_its_byte_offset_and_the_next_is_read()
    {
        var prefix = Utf8("[" + Asset + ",{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"");
        var json = Concat(prefix, [0xC3, 0x28, 0xFF], Utf8("\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}}}," + Asset + "]"));
        var commands = await ReadAsync(json);
        Assert.Equal(3, commands.Count);
        Assert.IsType<AssetCommand>(commands[0]);
        var invalid = Assert.IsType<InvalidCommand>(commands[1]);
        Assert.Contains("not valid UTF-8", invalid.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {prefix.Length - 1} of the file", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("Resource 1", invalid.Message, StringComparison.Ordinal);
        Assert.IsType<AssetCommand>(commands[2]);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_is_valid_json_and_fails_only_its_command()
    {
        var commands = await ReadAsync(Utf8("[" + Asset.Replace("\"A\"", "\"A\\ud800\"", StringComparison.Ordinal) + "," + Asset + "]"));
        var invalid = Assert.IsType<InvalidCommand>(commands[0]);
        Assert.Contains("lone UTF-16 surrogate", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("at byte ", invalid.Message, StringComparison.Ordinal);
        Assert.IsType<AssetCommand>(commands[1]);
    }

    [Fact]
    public async Task A_resource_larger_than_the_limit_fails_the_input_with_its_index_and_offset()
    {
        var json = Utf8("[" + Asset + "," + Asset.Replace("\"A\"", "\"" + new string('a', 10_000) + "\"", StringComparison.Ordinal) + "]");
        var error = await Assert.ThrowsAsync<MalformedImportException>(() => ReadAsync(json, maxResourceSize: 4096));
        Assert.Contains("Resource 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("larger than 4096 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Asset\",\"identifier\":{\"nmae\":\"A\",\"name\":\"A\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}}}", "\"nmae\"")]
    [InlineData("{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"D\",\"x\":1,\"community\":{\"name\":\"C\"}}}}", "\"x\"")]
    [InlineData("{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\",\"y\":1}}}}", "\"y\"")]
    [InlineData("{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}},\"type\":{\"name\":\"Table\",\"z\":1}}", "\"z\"")]
    public async Task Unknown_properties_inside_identifiers_are_refused_like_top_level_ones(string resource, string property)
    {
        var commands = await ReadAsync(Utf8("[" + resource + "]"));
        var invalid = Assert.IsType<InvalidCommand>(Assert.Single(commands));
        Assert.Contains("Unknown property " + property, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_type_name_gives_a_bounded_job_message_and_error()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath });
        var huge = new string('T', 5_000_000);
        var json = "[{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"C\"}},{\"resourceType\":\"Domain\",\"identifier\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}},\"type\":{\"name\":\"Physical Data Dictionary\"}},"
            + Asset.Replace("\"Table\"", "\"" + huge + "\"", StringComparison.Ordinal) + "]";
        var job = await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8(json)), ImportJobOptions.Default)).Id);
        Assert.Equal(JobState.Error, job.State);
        Assert.True(job.Message!.Length < 1000, job.Message);
        Assert.Contains("(5000000 characters)", job.Message, StringComparison.Ordinal);
        var errors = await catalog.GetErrorsAsync(job.Id);
        var error = Assert.Single(errors.Results);
        Assert.True(error.ErrorMessage.Length < 1000, error.ErrorMessage);
        Assert.Contains("(5000000 characters)", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_continueOnError_a_bad_utf8_command_fails_alone()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath });
        var json = Concat(Utf8("[{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"Good\"}},{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"Bad"), [0xFF, 0xFE],
            Utf8("\"}},{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"Surrogate\\udc00\"}}]"));
        var job = await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(json), new ImportJobOptions { ContinueOnError = true })).Id);
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(JobResult.CompletedWithError, job.Result);
        var errors = await catalog.GetErrorsAsync(job.Id);
        Assert.Equal(2, errors.Total);
        Assert.Equal([1, 2], errors.Results.Select(e => e.Command.Indices[0]));
        Assert.Contains("Good", (await catalog.FindCommunitiesAsync()).Results.Select(c => c.Name));
    }

    [Fact]
    public async Task Errors_kept_per_job_are_capped_while_the_count_stays_true()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxErrorsPerJob = 10 });
        var json = "[" + string.Join(",", Enumerable.Range(0, 25).Select(i => "{\"resourceType\":\"Nothing\",\"identifier\":{\"name\":\"" + i + "\"}}")) + "]";
        var job = await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8(json)), ImportJobOptions.Default)).Id);
        Assert.Equal(JobState.Error, job.State);
        Assert.Contains("25 errors", job.Message, StringComparison.Ordinal);
        Assert.Equal(25, (await catalog.GetSummaryAsync(job.Id)).ErrorsCount);
        var errors = await catalog.GetErrorsAsync(job.Id);
        Assert.Equal(10, errors.Total);
        Assert.Equal(Enumerable.Range(0, 10), errors.Results.Select(e => e.Command.Indices[0]));
    }

    [Fact]
    public async Task What_waits_for_the_end_of_the_file_is_bounded_and_the_commands_beyond_fail_with_advice()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxHeldUntilEndOfFile = 1 << 20 });
        // Ten assets of about 200 000 characters each (400 KB held each) before their domain: the third one no longer fits.
        var assets = Enumerable.Range(0, 10).Select(i => "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A" + i + "\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}},\"displayName\":\"" + new string('x', 200_000) + "\",\"type\":{\"name\":\"Table\"}}");
        var json = "[" + string.Join(",", assets) + ",{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"C\"}},{\"resourceType\":\"Domain\",\"identifier\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}},\"type\":{\"name\":\"Physical Data Dictionary\"}}]";
        var job = await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8(json)), new ImportJobOptions { ContinueOnError = true })).Id);
        Assert.Equal(JobResult.CompletedWithError, job.Result);
        var errors = await catalog.GetErrorsAsync(job.Id);
        Assert.Equal(8, errors.Total);
        Assert.All(errors.Results, e => Assert.Contains("list Community and Domain resources before their assets", e.ErrorMessage, StringComparison.Ordinal));
        Assert.Equal(2, (await catalog.FindAssetsAsync(new AssetQuery())).Total);
    }

    [Fact]
    public async Task A_full_queue_refuses_with_503_and_keeps_nothing()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxPendingJobs = 1 });
        var release = new TaskCompletionSource();
        var first = catalog.StartImportAsync(ImportContent.FromWriter(async (stream, ct) =>
        {
            await release.Task.WaitAsync(ct);
            await stream.WriteAsync(Utf8("[]"), ct);
        }), ImportJobOptions.Default);
        var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.StartImportAsync(ImportContent.FromBytes(Utf8("[]")), ImportJobOptions.Default));
        Assert.Equal(503, error.StatusCode);
        Assert.Equal("queueFull", error.ErrorCode);
        Assert.Contains("send it again", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(DatabasePath + ".spool"));
        release.SetResult();
        (await catalog.WaitForJobAsync((await first).Id)).AssertSucceeded();

        // Once the first job is done there is room again.
        (await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8("[]")), ImportJobOptions.Default)).Id)).AssertSucceeded();
    }

    [Fact]
    public void Pending_input_bytes_are_limited_too()
    {
        var queue = new Jobs.JobQueueLimit(maxJobs: 10, maxBytes: 1000);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();
        queue.Reserve(first);
        queue.AddInput(first, 900);
        queue.Reserve(second);
        var error = Assert.Throws<CatalogApiException>(() => queue.AddInput(second, 200));
        Assert.Equal(503, error.StatusCode);
        Assert.Equal("queueFull", error.ErrorCode);
        Assert.Contains("beyond this catalog's limit of 1000 bytes", error.Message, StringComparison.Ordinal);
        queue.Release(first);

        // A single input larger than the limit is taken when nothing else is pending, or it could never run.
        queue.Reserve(third);
        queue.AddInput(third, 5000);

        // While the pending input is at the limit, a job is refused before its input is copied.
        var full = Assert.Throws<CatalogApiException>(() => queue.Reserve(Guid.NewGuid()));
        Assert.Contains("hold 5000 bytes of input", full.Message, StringComparison.Ordinal);
        queue.Release(third);
        queue.Release(second);
        queue.Reserve(Guid.NewGuid());
    }

    [Fact]
    public void Uploads_under_way_and_resumed_jobs_count_in_the_queue_limit_like_pending_jobs()
    {
        var queue = new Jobs.JobQueueLimit(maxJobs: 3, maxBytes: 1000);
        var resumed = Guid.NewGuid();
        queue.Resume(resumed, 600);

        // An upload of a known length that does not fit is refused before it is received.
        var tooBig = Assert.Throws<CatalogApiException>(() => queue.ReserveUpload(500));
        Assert.Contains("hold 600 bytes of input and this one 500", tooBig.Message, StringComparison.Ordinal);

        // An upload of unknown length is counted as it arrives; a refusal keeps what it held until it is disposed.
        var upload = queue.ReserveUpload(0);
        upload.Add(300);
        var beyond = Assert.Throws<CatalogApiException>(() => upload.Add(200));
        Assert.Contains("hold 600 bytes of input and this one 500", beyond.Message, StringComparison.Ordinal);
        var job = Guid.NewGuid();
        queue.Reserve(job);
        Assert.Throws<CatalogApiException>(() => queue.AddInput(job, 101));

        // Places: the resumed job, the upload and one more job fill a queue of three.
        queue.Reserve(job);
        Assert.Contains("3 jobs are waiting, running or being uploaded", Assert.Throws<CatalogApiException>(() => queue.ReserveUpload(0)).Message, StringComparison.Ordinal);
        queue.Release(job);

        upload.Dispose();
        queue.Release(resumed);
        queue.ReserveUpload(1000).Dispose();
        queue.Reserve(job);
        queue.AddInput(job, 1000);
    }

    [Fact]
    public async Task Finished_jobs_beyond_the_retention_count_or_age_are_pruned()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var ids = new List<Guid>();
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = clock }))
        {
            for (var i = 0; i < 5; i++)
            {
                var job = await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8("[{\"resourceType\":\"Nothing\",\"identifier\":{}}]")), ImportJobOptions.Default)).Id);
                ids.Add(job.Id);
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        // Past the minimum age (1 hour), so that the count rule may take them.
        clock.Advance(TimeSpan.FromHours(2));
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = clock, JobRetentionCount = 3 }))
        {
            foreach (var id in ids.Take(2))
            {
                Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetJobAsync(id))).StatusCode);
            }

            foreach (var id in ids.Skip(2))
            {
                Assert.Equal(JobState.Error, (await catalog.GetJobAsync(id)).State);
                Assert.Equal(1, (await catalog.GetErrorsAsync(id)).Total);
            }
        }

        clock.Advance(TimeSpan.FromDays(31));
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = clock }))
        {
            foreach (var id in ids)
            {
                Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetJobAsync(id))).StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_job_history_is_pruned_after_jobs_while_the_catalog_is_open()
    {
        await using var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions
        {
            DatabasePath = DatabasePath,
            JobRetentionCount = 2,
            JobRetentionInterval = TimeSpan.FromMilliseconds(1),
            JobRetentionMinimumAge = TimeSpan.Zero,
        });
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8("[{\"resourceType\":\"Nothing\",\"identifier\":{}}]")), ImportJobOptions.Default)).Id)).Id);
            await Task.Delay(20);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await Exists(ids[2]) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(await Exists(ids[0]));
        Assert.False(await Exists(ids[2]));
        Assert.True(await Exists(ids[4]));

        async Task<bool> Exists(Guid id)
        {
            try
            {
                await catalog.GetJobAsync(id);
                return true;
            }
            catch (CatalogApiException e) when (e.StatusCode == 404)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task Jobs_that_just_finished_are_not_pruned_by_the_count_rule_before_the_minimum_age()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var ids = new List<Guid>();
        await using (var catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = clock }))
        {
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await catalog.WaitForJobAsync((await catalog.StartImportAsync(ImportContent.FromBytes(Utf8("[{\"resourceType\":\"Nothing\",\"identifier\":{}}]")), ImportJobOptions.Default)).Id)).Id);
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var options = new EmbeddedCatalogOptions { DatabasePath = DatabasePath, TimeProvider = clock, JobRetentionCount = 1, JobRetentionMinimumAge = TimeSpan.FromMinutes(60) };

        // Just finished, and 59 minutes later: beyond the count of 1, but younger than the minimum age, so every client can still poll its job.
        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(59) })
        {
            clock.Advance(wait);
            await using var catalog = await EmbeddedCatalog.OpenAsync(options);
            foreach (var id in ids)
            {
                Assert.Equal(JobState.Error, (await catalog.GetJobAsync(id)).State);
            }
        }

        // Past the minimum age, the count rule keeps only the newest.
        clock.Advance(TimeSpan.FromMinutes(2));
        await using (var catalog = await EmbeddedCatalog.OpenAsync(options))
        {
            foreach (var id in ids.Take(4))
            {
                Assert.Equal(404, (await Assert.ThrowsAsync<CatalogApiException>(() => catalog.GetJobAsync(id))).StatusCode);
            }

            Assert.Equal(JobState.Error, (await catalog.GetJobAsync(ids[4])).State);
        }
    }

    [Fact]
    public async Task The_minimum_age_counts_from_when_a_job_ended_so_a_job_that_waited_long_is_not_pruned_by_the_age_rule()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new Storage.Sqlite.SqliteCatalogStore(DatabasePath);
        await using (store)
        {
            await store.InitializeAsync(Metamodel.OotbMetamodel.Load(), clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
            var day = TimeSpan.FromDays(1);
            var now = clock.GetUtcNow();
            // Created 40 days ago; ended 40 days ago, 2 hours ago and 10 minutes ago; and one still waiting.
            var endedLongAgo = StoredJob(now - 40 * day, now - 40 * day, JobState.Completed);
            var endedTwoHoursAgo = StoredJob(now - 40 * day, now - TimeSpan.FromHours(2), JobState.Completed);
            var endedJustNow = StoredJob(now - 40 * day, now - TimeSpan.FromMinutes(10), JobState.Error);
            var waiting = StoredJob(now - 40 * day, null, JobState.Waiting);
            using (var session = await store.OpenSessionAsync(write: true, CancellationToken.None))
            {
                foreach (var job in new[] { endedLongAgo, endedTwoHoursAgo, endedJustNow, waiting })
                {
                    session.SaveJob(new Storage.JobRow(job, "Import", null, null));
                }

                session.Commit();
            }

            var retention = new Jobs.JobHistoryRetention(store, maxAge: TimeSpan.FromDays(30), maxCount: 1, minAge: TimeSpan.FromHours(1), interval: TimeSpan.FromMinutes(1),
                clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            await retention.PruneAsync(CancellationToken.None);

            using var read = await store.OpenSessionAsync(write: false, CancellationToken.None);
            Assert.Null(read.GetJob(endedLongAgo.Id));
            Assert.Null(read.GetJob(endedTwoHoursAgo.Id));
            Assert.NotNull(read.GetJob(endedJustNow.Id));
            Assert.NotNull(read.GetJob(waiting.Id));
        }

        static Job StoredJob(DateTimeOffset created, DateTimeOffset? ended, JobState state) => new()
        {
            Id = Guid.NewGuid(),
            Name = "Import",
            CreatedOn = created.ToUnixTimeMilliseconds(),
            LastModifiedOn = (ended ?? created).ToUnixTimeMilliseconds(),
            EndDate = ended?.ToUnixTimeMilliseconds(),
            State = state,
            Result = state == JobState.Waiting ? JobResult.NotSet : JobResult.Success,
        };
    }

    [Theory]
    [InlineData(-1, "must not be negative")]
    [InlineData(31 * 24 * 60, "longer than the job retention age")]
    public async Task A_negative_minimum_job_age_or_one_beyond_the_retention_age_is_refused(int minutes, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmbeddedCatalog.OpenAsync(
            new EmbeddedCatalogOptions { DatabasePath = DatabasePath, JobRetentionMinimumAge = TimeSpan.FromMinutes(minutes) }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_the_database_file_is_created()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxPendingJobs = 0 }));
        Assert.Contains("pending jobs", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
