namespace CatalogSync.Contract;

/// <summary>
/// The input of an import job: a file or a stream of import commands. Each reading goes from start to
/// end and nothing is held in memory whole by the library; an HTTP retry reads it again, so content that
/// cannot be produced twice must not be retried.
/// </summary>
public abstract class ImportContent
{
    /// <summary>Creates content.</summary>
    protected ImportContent(ImportFormat format, string fileName)
    {
        Format = format;
        FileName = fileName;
    }

    /// <summary>The input's format.</summary>
    public ImportFormat Format { get; }

    /// <summary>The file name sent with it (the <c>fileName</c> part).</summary>
    public string FileName { get; }

    /// <summary>Writes the whole input to <paramref name="destination"/>.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken);

    /// <summary>Content read from a file on disk.</summary>
    public static ImportContent FromFile(string path, ImportFormat format = ImportFormat.Json) =>
        new FileContent(path, format);

    /// <summary>Content produced by a callback that writes it (e.g. a generated batch writer).</summary>
    public static ImportContent FromWriter(
        Func<Stream, CancellationToken, Task> write,
        ImportFormat format = ImportFormat.Json,
        string fileName = "synchronization_file") =>
        new WriterContent(write, format, fileName);

    /// <summary>Content held in memory, for small inputs and tests.</summary>
    public static ImportContent FromBytes(ReadOnlyMemory<byte> bytes, ImportFormat format = ImportFormat.Json, string fileName = "synchronization_file") =>
        new WriterContent((s, ct) => s.WriteAsync(bytes, ct).AsTask(), format, fileName);

    private sealed class FileContent(string path, ImportFormat format) : ImportContent(format, Path.GetFileName(path))
    {
        public override async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await file.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class WriterContent(Func<Stream, CancellationToken, Task> write, ImportFormat format, string fileName)
        : ImportContent(format, fileName)
    {
        public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
            write(destination, cancellationToken);
    }
}
