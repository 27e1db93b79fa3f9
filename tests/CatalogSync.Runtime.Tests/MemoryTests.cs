using System.Text.Json;
using CatalogSync.Contract;
using CatalogSync.Plans;
using Xunit.Abstractions;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// The executor's memory is bounded by one batch, not by the data set: a 200 000-resource run (twenty batches of
/// 10 000) against a client below the executor's seam that reads every batch to the end and keeps nothing.
/// </summary>
/// <remarks>
/// Live managed memory is sampled during the run by a thread (every few milliseconds, with a full collection every
/// 20th sample) and by the client each time it holds a whole batch (the moment the executor's buffer is fullest).
/// Samples without a collection also count garbage not yet collected, up to a gen0 budget (tens of MB here) whatever
/// the batch size, so they are reported but the bound applies to live memory.
/// </remarks>
[Collection(MemoryCollection.Name)]
public sealed class MemoryTests(ITestOutputHelper output)
{
    /// <summary>What the run holds besides its batch buffer: the JSON writer's buffer, an item in flight, sampler and pool.</summary>
    private const long Allowance = 4_000_000;

    [Fact]
    public async Task A_200000_resource_run_holds_about_one_batch_in_memory()
    {
        const int assets = 200_000; // batches carry assets only (the draining client cannot read, so nothing is ensured)
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new MemorySampler();
        var client = new DrainingClient(sampler);

        // The draining client below the seam can neither simulate nor read: the guard, which would block, is overridden.
        var report = await MemoryPlan.RunAsync(client, Rows(assets), options: new SyncRunOptions { DeletionGuard = DeletionGuardOptions.Default with { Override = true } });

        sampler.Stop();
        Assert.True(report.Succeeded, report.Describe());
        Assert.Equal(200_000, client.Resources);
        Assert.Equal(20, client.Batches);
        var batch = client.LargestBatchBytes;
        var growth = sampler.LivePeak - baseline;
        // Besides about one batch, the run's identity checker keeps a 128-bit hash per item (never the names): that
        // per-item cost is by design (duplicates are found across the whole run), so it is budgeted separately, with
        // room for the dictionary's growth.
        var batchBound = (3 * batch) + Allowance;
        var bound = batchBound + (2L * CatalogSync.Plans.SourceIdentityChecker.BytesPerItem * assets);
        output.WriteLine(
            $"data set {client.Bytes / 1e6:0.0} MB in {client.Batches} batches, largest {batch / 1e6:0.00} MB; baseline {baseline / 1e6:0.0} MB; " +
            $"live peak {sampler.LivePeak / 1e6:0.0} MB (growth {growth / 1e6:0.0} MB, {sampler.LiveSamples} samples); " +
            $"peak with uncollected garbage {sampler.RawPeak / 1e6:0.0} MB ({sampler.RawSamples} samples); bound {bound / 1e6:0.0} MB");
        Assert.True(client.Bytes > 3 * batchBound, "The data set must dwarf the bound of the batches, or the test proves nothing.");
        Assert.True(sampler.LiveSamples >= client.Batches, "Every batch was sampled.");
        Assert.True(growth < bound, $"Live managed memory grew by {growth / 1e6:0.0} MB during the run; one batch is {batch / 1e6:0.00} MB, so less than {bound / 1e6:0.0} MB was expected.");
    }

    private static IEnumerable<MemoryRow> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new MemoryRow($"memory.table.{i:000000}")
            {
                Description = $"Table {i} of the memory test, loaded nightly from the warehouse staging area.",
                Rows = i * 1_000L,
                Tags = i % 3 == 0 ? ["nightly", "warehouse"] : null,
            };
        }
    }

    /// <summary>Samples the managed heap on its own thread until stopped, and on demand.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private readonly Lock _lock = new();
        private volatile bool _stop;

        public MemorySampler()
        {
            _thread = new Thread(() =>
            {
                for (var i = 1; !_stop; i++)
                {
                    var raw = GC.GetTotalMemory(forceFullCollection: false);
                    lock (_lock)
                    {
                        RawPeak = Math.Max(RawPeak, raw);
                        RawSamples++;
                    }

                    if (i % 20 == 0)
                    {
                        SampleLive();
                    }

                    Thread.Sleep(2);
                }
            })
            { IsBackground = true, Name = "memory sampler" };
            _thread.Start();
        }

        public long RawPeak { get; private set; }

        public int RawSamples { get; private set; }

        public long LivePeak { get; private set; }

        public int LiveSamples { get; private set; }

        /// <summary>Live managed memory now (after a full collection).</summary>
        public void SampleLive()
        {
            var live = GC.GetTotalMemory(forceFullCollection: true);
            lock (_lock)
            {
                LivePeak = Math.Max(LivePeak, live);
                LiveSamples++;
            }
        }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        public void Dispose() => Stop();
    }

    /// <summary>
    /// An Import API below the executor's seam that reads each batch to the end, counts its bytes and its top-level
    /// resources with a streaming JSON reader, and keeps nothing. Every job succeeds at once.
    /// </summary>
    private sealed class DrainingClient(MemorySampler sampler) : IImportApiClient
    {
        public long Bytes { get; private set; }

        public long LargestBatchBytes { get; private set; }

        public int Resources { get; private set; }

        public int Batches { get; private set; }

        public async Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
        {
            var counter = new ResourceCounter();
            await content.CopyToAsync(counter, cancellationToken);
            sampler.SampleLive(); // the executor still holds the whole batch, for a retry
            counter.Complete();
            Bytes += counter.Length;
            LargestBatchBytes = Math.Max(LargestBatchBytes, counter.Length);
            Resources += counter.Resources;
            Batches++;
            return Done();
        }

        public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default) => Task.FromResult(Done());

        public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) => Task.FromResult(Done(jobId));

        public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) => Task.FromResult(new ImportSummary());

        public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        private static Job Done(Guid? id = null) => new() { Id = id ?? Guid.NewGuid(), State = JobState.Completed, Result = JobResult.Success };
    }

    /// <summary>A write-only stream that counts the elements of a top-level JSON array as it streams by.</summary>
    private sealed class ResourceCounter : Stream
    {
        private byte[] _pending = new byte[16 * 1024];
        private int _pendingLength;
        private JsonReaderState _state;

        public int Resources { get; private set; }

        public override long Length => _length;

        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _length += buffer.Length;
            if (_pendingLength + buffer.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + buffer.Length));
            }

            buffer.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += buffer.Length;
            Read(isFinalBlock: false);
        }

        public void Complete() => Read(isFinalBlock: true);

        private void Read(bool isFinalBlock)
        {
            var reader = new Utf8JsonReader(_pending.AsSpan(0, _pendingLength), isFinalBlock, _state);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1)
                {
                    Resources++;
                }
            }

            var consumed = (int)reader.BytesConsumed;
            _pending.AsSpan(consumed, _pendingLength - consumed).CopyTo(_pending);
            _pendingLength -= consumed;
            _state = reader.CurrentState;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>The memory test runs alone: other tests' allocations would count against its bound.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "memory";
}
