using System.Text;
using CatalogSync.Catalog.Import;
using CatalogSync.Conformance;
using CatalogSync.Contract;

namespace CatalogSync.Catalog.Tests;

/// <summary>
/// CSV and Excel are read one row at a time: the first command comes before the file is read, and live memory stays
/// flat over a file many times larger than the bound. Runs alone, since other tests' memory would count.
/// </summary>
[Collection(TabularStreamingCollection.Name)]
public sealed class TabularStreamingTests
{
    private const string Template = """[{"resourceType":"Asset","identifier":{"name":"${1}","domain":{"name":"D","community":{"name":"C"}}},"attributes":{"Definition":[{"value":"${2}"}]}}]""";

    private static readonly string Padding = new('x', 200);

    /// <summary>A CSV of <paramref name="rows"/> rows, produced as it is read and never held whole; counts what was read.</summary>
    private sealed class GeneratedCsv(int rows) : Stream
    {
        private int _row;
        private byte[] _pending = [];
        private int _offset;

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                if (_row == rows)
                {
                    return 0;
                }

                _pending = Encoding.UTF8.GetBytes($"asset-{_row++};{Padding}\n");
                _offset = 0;
            }

            var n = Math.Min(count, _pending.Length - _offset);
            _pending.AsSpan(_offset, n).CopyTo(buffer.AsSpan(offset, n));
            _offset += n;
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static long Live() => GC.GetTotalMemory(forceFullCollection: true);

    [Fact]
    public async Task The_first_csv_row_becomes_a_command_before_the_rest_of_the_file_is_read()
    {
        var csv = new GeneratedCsv(100_000); // about 21 MB
        await using var commands = TabularCommandReader.ReadAsync(csv, ImportFormat.Csv, new TabularOptions { Template = Template }, ImportCommandReader.DefaultMaxResourceSize).GetAsyncEnumerator();
        Assert.True(await commands.MoveNextAsync());
        Assert.Equal("Row 1 of the CSV file", commands.Current.Source!.Row);
        Assert.True(csv.BytesRead < 1_000_000, $"{csv.BytesRead} bytes were read for the first row.");
    }

    [Fact]
    public async Task A_csv_many_times_larger_than_the_bound_is_read_with_flat_memory()
    {
        const int Rows = 150_000; // about 32 MB of CSV
        var csv = new GeneratedCsv(Rows);
        var baseline = Live();
        long peak = 0;
        var count = 0;
        await foreach (var command in TabularCommandReader.ReadAsync(csv, ImportFormat.Csv, new TabularOptions { Template = Template }, ImportCommandReader.DefaultMaxResourceSize))
        {
            Assert.IsType<AssetCommand>(command);
            if (++count % 25_000 == 0)
            {
                peak = Math.Max(peak, Live() - baseline);
            }
        }

        Assert.Equal(Rows, count);
        Assert.True(csv.BytesRead > 30_000_000);
        Assert.True(peak < 4_000_000, $"Live memory grew by {peak} bytes while reading {csv.BytesRead} bytes of CSV.");
    }

    [Fact]
    public async Task An_excel_sheet_many_times_larger_than_the_bound_is_read_with_flat_memory()
    {
        const int Rows = 60_000;
        var rows = new string[Rows][];
        for (var i = 0; i < Rows; i++)
        {
            // Numbers are stored in the sheet itself, not in the shared strings (which are read whole, by design).
            rows[i] = [(1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }

        var workbook = new MemoryStream(Workbooks.Create(("Big", rows)));
        rows = null;
        var baseline = Live();
        long peak = 0;
        var count = 0;
        await foreach (var command in TabularCommandReader.ReadAsync(workbook, ImportFormat.Excel, new TabularOptions { Template = Template }, ImportCommandReader.DefaultMaxResourceSize))
        {
            Assert.IsType<AssetCommand>(command);
            if (++count % 10_000 == 0)
            {
                peak = Math.Max(peak, Live() - baseline);
            }
        }

        Assert.Equal(Rows, count);
        // The sheet's XML is several MB (60 000 rows of two cells); a DOM of it would hold tens of MB.
        Assert.True(peak < 4_000_000, $"Live memory grew by {peak} bytes while reading {Rows} rows of Excel.");
    }
}

/// <summary>The streaming tests run alone: other tests' allocations would count against their bound.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TabularStreamingCollection
{
    public const string Name = "tabular streaming";
}
