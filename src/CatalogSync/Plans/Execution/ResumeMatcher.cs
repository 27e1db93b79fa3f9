using System.Buffers;
using System.Security.Cryptography;
using CatalogSync.Plans.Journal;

namespace CatalogSync.Plans.Execution;

/// <summary>A batch the source gave again, kept in the spool file until it is known whether it must be sent.</summary>
internal sealed record SpooledBatch(long Offset, long Length, int Assets, int Resources, string Hash);

/// <summary>
/// Compares a group's batches, as the source gives them now, with those an earlier run recorded in the journal for a
/// cycle it left open (or finalized in a run that stopped before its end). While they match, each batch is spooled to
/// a temporary file instead of being sent: at the first difference the old cycle is closed and every spooled batch is
/// sent afresh (<see cref="JournalRecorder"/>).
/// </summary>
internal sealed class ResumeMatcher(JournalCycle cycle, string directory) : IDisposable
{
    private readonly List<SpooledBatch> _spooled = [];
    private FileStream? _file;

    /// <summary>The cycle the batches are compared with.</summary>
    public JournalCycle Cycle => cycle;

    /// <summary>The batches that matched so far (and the current one, once spooled on a difference).</summary>
    public IReadOnlyList<SpooledBatch> Spooled => _spooled;

    /// <summary>The recorded batch the next one is compared with; <see langword="null"/> when the journal has no more.</summary>
    public JournalBatch? Next => _spooled.Count < cycle.Batches.Count ? cycle.Batches[_spooled.Count] : null;

    /// <summary>Appends the batch in <paramref name="buffer"/> to the spool file.</summary>
    public async Task SpoolAsync(PooledBufferStream buffer, int assets, int resources, string hash, CancellationToken cancellationToken)
    {
        // Deleted when closed, whatever happens (on Unix at once; the content goes through this handle).
        _file ??= new FileStream(Path.Combine(directory, $"catalogsync-resume-{Guid.NewGuid():N}.json"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var offset = _file.Seek(0, SeekOrigin.End);
        await buffer.ReplayAsync(_file, cancellationToken).ConfigureAwait(false);
        _spooled.Add(new SpooledBatch(offset, buffer.Length, assets, resources, hash));
    }

    /// <summary>Puts spooled batch <paramref name="index"/> back into <paramref name="buffer"/>, to send it.</summary>
    public async Task LoadAsync(int index, PooledBufferStream buffer, CancellationToken cancellationToken)
    {
        var batch = _spooled[index];
        buffer.Reset();
        var file = _file!;
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        file.Position = batch.Offset;
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var left = batch.Length;
            while (left > 0)
            {
                var n = await file.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException("The resume spool file ended early.");
                }

                buffer.Write(chunk.AsSpan(0, n));
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The content hash the journal records for a batch: SHA-256 (hex) of the exact bytes sent.</summary>
    public static async Task<string> HashAsync(PooledBufferStream buffer, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sink = new HashingStream(hash);
        await using (sink.ConfigureAwait(false))
        {
            await buffer.ReplayAsync(sink, cancellationToken).ConfigureAwait(false);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc/>
    public void Dispose() => _file?.Dispose();

    /// <summary>A write-only stream that feeds what is written to a hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            hash.AppendData(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
