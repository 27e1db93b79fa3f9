using System.Buffers;

namespace CatalogSync.Plans;

/// <summary>
/// A write-then-replay stream over chunks rented from <see cref="ArrayPool{T}.Shared"/>: it holds one batch, so
/// the batch can be sent again (e.g. by an HTTP retry) without re-enumerating the source. <see cref="Reset"/> keeps
/// the chunks for the next batch, so a run allocates them once (as many as its largest batch needs) and returns them
/// to the pool when disposed.
/// </summary>
internal sealed class PooledBufferStream : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _chunks = [];
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var inChunk = (int)(_length % ChunkSize);
            if (inChunk == 0 && _length / ChunkSize >= _chunks.Count)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            }

            var chunk = _chunks[(int)(_length / ChunkSize)];
            var n = Math.Min(ChunkSize - inChunk, buffer.Length);
            buffer[..n].CopyTo(chunk.AsSpan(inChunk, n));
            buffer = buffer[n..];
            _length += n;
        }
    }

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

    /// <summary>Copies everything written so far to <paramref name="destination"/>; can be called any number of times.</summary>
    public async Task ReplayAsync(Stream destination, CancellationToken cancellationToken)
    {
        var remaining = _length;
        foreach (var chunk in _chunks)
        {
            if (remaining <= 0)
            {
                break;
            }

            var n = (int)Math.Min(ChunkSize, remaining);
            await destination.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            remaining -= n;
        }
    }

    /// <summary>Forgets the content; the chunks are kept for the next batch.</summary>
    public void Reset() => _length = 0;

    /// <summary>Bytes held in chunks, used or not.</summary>
    public long Capacity => (long)_chunks.Count * ChunkSize;

    private void Release()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _length = 0;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }
}
