namespace CatalogSync.Contract;

/// <summary>
/// The input of an import job: a file or a stream of import commands. Each reading goes from start to
/// end and nothing is held in memory whole by the library; an HTTP retry reads it again, so content that
/// cannot be produced twice must not be retried.
/// </summary>
public abstract class ImportContent
{
    /// <summary>Creates content.</summary>
    protected ImportContent(ImportFormat format, string fileName, TabularOptions? tabular = null)
    {
        Format = format;
        FileName = fileName;
        Tabular = tabular;
    }

    /// <summary>The input's format.</summary>
    public ImportFormat Format { get; }

    /// <summary>The file name sent with it (the <c>fileName</c> part).</summary>
    public string FileName { get; }

    /// <summary>How a CSV or Excel input becomes commands (template and reading options); <see langword="null"/> for JSON.</summary>
    public TabularOptions? Tabular { get; }

    /// <summary>Writes the whole input to <paramref name="destination"/>.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken);

    /// <summary>Content read from a file on disk.</summary>
    public static ImportContent FromFile(string path, ImportFormat format = ImportFormat.Json) =>
        new FileContent(path, format, null);

    /// <summary>A CSV or Excel file on disk with the template and options that turn its rows into commands.</summary>
    public static ImportContent FromFile(string path, ImportFormat format, TabularOptions tabular) =>
        new FileContent(path, format, tabular ?? throw new ArgumentNullException(nameof(tabular)));

    /// <summary>Content produced by a callback that writes it (e.g. a generated batch writer).</summary>
    public static ImportContent FromWriter(
        Func<Stream, CancellationToken, Task> write,
        ImportFormat format = ImportFormat.Json,
        string fileName = "synchronization_file") =>
        new WriterContent(write, format, fileName, null);

    /// <summary>Content held in memory, for small inputs and tests.</summary>
    public static ImportContent FromBytes(ReadOnlyMemory<byte> bytes, ImportFormat format = ImportFormat.Json, string fileName = "synchronization_file") =>
        new WriterContent((s, ct) => s.WriteAsync(bytes, ct).AsTask(), format, fileName, null);

    /// <summary>CSV or Excel content held in memory, with the template and options that turn its rows into commands.</summary>
    public static ImportContent FromBytes(ReadOnlyMemory<byte> bytes, ImportFormat format, TabularOptions tabular, string fileName = "synchronization_file") =>
        new WriterContent((s, ct) => s.WriteAsync(bytes, ct).AsTask(), format, fileName, tabular ?? throw new ArgumentNullException(nameof(tabular)));

    private sealed class FileContent(string path, ImportFormat format, TabularOptions? tabular) : ImportContent(format, Path.GetFileName(path), tabular)
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

    private sealed class WriterContent(Func<Stream, CancellationToken, Task> write, ImportFormat format, string fileName, TabularOptions? tabular)
        : ImportContent(format, fileName, tabular)
    {
        public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
            write(destination, cancellationToken);
    }
}
