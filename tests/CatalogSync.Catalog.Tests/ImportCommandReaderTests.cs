using System.Text;
using CatalogSync.Catalog.Import;

namespace CatalogSync.Catalog.Tests;

/// <summary>The streaming reader: resources cut at any buffer boundary, large resources, and bad input.</summary>
public sealed class ImportCommandReaderTests
{
    private static async Task<List<ImportCommand>> ReadAsync(string json, int chunk = int.MaxValue)
    {
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk);
        var result = new List<ImportCommand>();
        await foreach (var command in ImportCommandReader.ReadAsync(stream))
        {
            result.Add(command);
        }

        return result;
    }

    private static string Assets(int count, int padding = 0) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
        "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A" + i + "\",\"domain\":{\"name\":\"D\",\"community\":{\"name\":\"C\"}}},\"displayName\":\"" + new string('x', padding) + "\"}")) + "]";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Reads_every_resource_whatever_the_chunk_size(int chunk)
    {
        var commands = await ReadAsync(Assets(300), chunk);
        Assert.Equal(300, commands.Count);
        Assert.Equal(Enumerable.Range(0, 300), commands.Select(c => c.Index));
        Assert.All(commands, c => Assert.IsType<AssetCommand>(c));
        Assert.Equal("A299", ((AssetCommand)commands[^1]).Identifier.Name);
    }

    [Fact]
    public async Task A_resource_larger_than_the_buffer_is_read_whole()
    {
        var commands = await ReadAsync(Assets(2, padding: 300_000), chunk: 50_000);
        Assert.Equal(300_000, ((AssetCommand)commands[1]).DisplayName!.Length);
    }

    [Fact]
    public async Task The_same_resource_has_the_same_hash_and_a_changed_one_does_not()
    {
        var first = await ReadAsync(Assets(2));
        var again = await ReadAsync(Assets(2), chunk: 3);
        var changed = await ReadAsync(Assets(2, padding: 1));
        Assert.Equal(first.Select(c => c.Hash), again.Select(c => c.Hash));
        Assert.NotEqual(first[0].Hash, changed[0].Hash);
        Assert.NotEqual(first[0].Hash, first[1].Hash);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"resourceType\":\"Asset\"}", "must be a JSON array")]
    [InlineData("[{\"resourceType\":\"Asset\"", "truncated")]
    [InlineData("[{\"a\":1}] [", "after the end")]
    [InlineData("[{\"a\":}]", "not valid JSON")]
    public async Task Bad_input_is_reported_as_malformed(string json, string message)
    {
        var error = await Assert.ThrowsAsync<MalformedImportException>(() => ReadAsync(json, chunk: 2));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task A_utf8_byte_order_mark_is_skipped(int chunk)
    {
        var commands = await ReadAsync("\uFEFF" + Assets(2), chunk);
        Assert.Equal(2, commands.Count);
    }

    [Fact]
    public async Task A_non_object_element_is_an_invalid_command_not_a_crash()
    {
        var commands = await ReadAsync("[\"text\", {\"resourceType\":\"Community\",\"identifier\":{\"name\":\"C\"}}]");
        Assert.IsType<InvalidCommand>(commands[0]);
        Assert.IsType<CommunityCommand>(commands[1]);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a network stream.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
