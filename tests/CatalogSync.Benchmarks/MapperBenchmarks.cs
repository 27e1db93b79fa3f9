using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CatalogSync.Plans;

namespace CatalogSync.Benchmarks;

/// <summary>
/// One batch of <see cref="Count"/> tables (7 attributes and relations each) written as Import API JSON into a reused
/// buffer, three ways. All three produce the same bytes (checked in <see cref="Setup"/>).
/// </summary>
[MemoryDiagnoser]
public class MapperBenchmarks
{
    private readonly MemoryStream _output = new(capacity: 64 * 1024 * 1024);
    private List<BenchTable> _tables = [];

    [Params(10_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tables = [.. Enumerable.Range(0, Count).Select(i => new BenchTable
        {
            Name = $"warehouse.sales.orders_{i:000000}",
            Label = i % 2 == 0 ? $"Orders {i}" : null,
            Description = $"Orders placed through channel {i % 7}, one row per order line, loaded nightly.",
            RowCount = i * 1_234L,
            LastSync = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
            Columns = [$"warehouse.sales.orders_{i:000000}.id", $"warehouse.sales.orders_{i:000000}.amount", $"warehouse.sales.orders_{i:000000}.customer"],
            Tags = i % 3 == 0 ? ["nightly", "finance"] : null,
        })];
        var generated = Bytes(GeneratedBatchWriter);
        var hand = Bytes(HandWrittenUtf8JsonWriter);
        var dtos = Bytes(ReflectionDtoSerialization);
        if (!generated.AsSpan().SequenceEqual(hand) || !generated.AsSpan().SequenceEqual(dtos))
        {
            throw new InvalidOperationException($"The three writers disagree ({generated.Length}, {hand.Length}, {dtos.Length} bytes): the comparison would be unfair.");
        }
    }

    [Benchmark(Baseline = true, Description = "Generated mapper + BatchWriter")]
    public long GeneratedBatchWriter()
    {
        _output.SetLength(0);
        using var writer = new BatchWriter(_output, SyncPlanAttribute.MaxBatchSize);
        foreach (var table in _tables)
        {
            writer.TryWriteAsset(BenchTableAssetMapper.Instance, table);
            if (writer.PendingBytes >= BatchWriter.FlushThreshold)
            {
                writer.FlushAsync().GetAwaiter().GetResult();
            }
        }

        writer.Complete();
        return _output.Length;
    }

    [Benchmark(Description = "Hand-written Utf8JsonWriter")]
    public long HandWrittenUtf8JsonWriter()
    {
        _output.SetLength(0);
        using var writer = new Utf8JsonWriter(_output, AssetJson.WriterOptions);
        HandWritten.WriteBatch(writer, _tables);
        writer.Flush();
        return _output.Length;
    }

    [Benchmark(Description = "DTO mapping + System.Text.Json reflection")]
    public long ReflectionDtoSerialization()
    {
        _output.SetLength(0);
        using var writer = new Utf8JsonWriter(_output, AssetJson.WriterOptions);
        ReflectionDtos.WriteBatch(writer, _tables);
        writer.Flush();
        return _output.Length;
    }

    private byte[] Bytes(Func<long> write)
    {
        write();
        return _output.ToArray();
    }
}
