using System.Buffers;
using System.Text;
using CatalogSync.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CatalogSync.Server;

/// <summary>
/// The parts of one Import API request: text parts as strings, the <c>file</c> part streamed to a private
/// spool folder as it arrives (never held in memory). Disposing deletes the spooled file.
/// </summary>
internal sealed class ImportForm : IAsyncDisposable
{
    /// <summary>The name pattern of the folders that uploads are spooled into.</summary>
    public const string UploadDirectoryPattern = "upload-*";

    /// <summary>The most fields a URL-encoded import request may have (an import has fewer than 20 parts).</summary>
    public const int MaxUrlEncodedFields = 100;

    private string? _directory;

    /// <summary>The documented text parts that were sent, by name.</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems found while reading (a repeated part, an oversized text part…): code and message.</summary>
    public List<(string Code, string Message)> Problems { get; } = [];

    /// <summary>Where the <c>file</c> part was spooled, if it was sent.</summary>
    public string? FilePath { get; private set; }

    /// <summary>The <c>filename</c> of the <c>file</c> part's Content-Disposition, if any.</summary>
    public string? UploadFileName { get; private set; }

    /// <summary>The size of the <c>file</c> part.</summary>
    public long FileLength { get; private set; }

    /// <summary>Whether the body was a form at all (multipart or URL-encoded) or empty.</summary>
    public bool UnsupportedMediaType { get; private set; }

    /// <summary>Reads the request body, part by part, in the order the parts come.</summary>
    /// <param name="request">The request whose body is read.</param>
    /// <param name="operation">The operation, whose documented parts are kept.</param>
    /// <param name="spoolDirectory">Where the file part is streamed.</param>
    /// <param name="maxTextPartLength">The longest text part.</param>
    /// <param name="countUpload">Room in the job queue that the file part's bytes are counted in before they are written (a body of unknown length); refusing them stops the upload.</param>
    /// <param name="cancellationToken">The request's abort.</param>
    public static async Task<ImportForm> ReadAsync(HttpRequest request, ImportOperation operation, string spoolDirectory, int maxTextPartLength, IJobQueueReservation? countUpload, CancellationToken cancellationToken)
    {
        var form = new ImportForm();
        try
        {
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                {
                    form.Problems.Add(("invalidMultipart", "The multipart/form-data content type has no boundary. Let the HTTP client build the header (e.g. curl -F … without a hand-written Content-Type, or with 'content-type: multipart/form-data' only)."));
                    return form;
                }

                await form.ReadMultipartAsync(request.Body, boundary, operation, spoolDirectory, maxTextPartLength, countUpload, cancellationToken).ConfigureAwait(false);
            }
            else if (request.HasFormContentType)
            {
                IFormCollection fields;
                try
                {
                    // The parts of an import are short: limits far below ASP.NET Core's defaults (1 024 values of up to 4 MB)
                    // keep a URL-encoded body from holding gigabytes of strings.
                    request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
                    {
                        ValueCountLimit = MaxUrlEncodedFields,
                        KeyLengthLimit = 256,
                        ValueLengthLimit = maxTextPartLength,
                    }));
                    fields = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    // ASP.NET Core's form limits (a value over 4 MB, more than 1024 fields, a key over 2 KB): the request's fault.
                    form.Problems.Add(("invalidForm", $"The URL-encoded body cannot be read: {e.Message} Send the parts as multipart/form-data instead (curl -F), with the import commands in the 'file' part."));
                    return form;
                }

                foreach (var (name, value) in fields)
                {
                    if (operation.FindPart(name) is not null)
                    {
                        form.Fields[name] = value.ToString();
                    }
                }
            }
            else if (!string.IsNullOrEmpty(request.ContentType) || request.ContentLength > 0)
            {
                form.UnsupportedMediaType = true;
            }

            return form;
        }
        catch
        {
            await form.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReadMultipartAsync(Stream body, string boundary, ImportOperation operation, string spoolDirectory, int maxTextPartLength, IJobQueueReservation? countUpload, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body);
        try
        {
            await ReadSectionsAsync(reader, operation, spoolDirectory, maxTextPartLength, countUpload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException)
        {
            Problems.Add(("invalidMultipart", $"The multipart body cannot be read: {e.Message} Send a well-formed multipart/form-data body."));
        }
    }

    private async Task ReadSectionsAsync(MultipartReader reader, ImportOperation operation, string spoolDirectory, int maxTextPartLength, IJobQueueReservation? countUpload, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        while (section is not null)
        {
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                : null;
            var part = name is null ? null : operation.FindPart(name);
            if (part is null)
            {
                // Undocumented parts (e.g. the finalization's dummy "-F 'foo=bar'") are read past and ignored.
                await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
            else if (part.Kind == FormPartKind.File)
            {
                if (FilePath is not null)
                {
                    Problems.Add(("duplicatePart", "The 'file' part was sent twice: send one file per request."));
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition!.FileNameStar).Value;
                    if (string.IsNullOrEmpty(fileName))
                    {
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    }

                    UploadFileName = string.IsNullOrEmpty(fileName) ? null : fileName;
                    await SpoolAsync(section.Body, spoolDirectory, countUpload, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var text = await ReadTextAsync(section.Body, maxTextPartLength, cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    Problems.Add(("partTooLarge", $"The part '{part.Name}' is longer than {maxTextPartLength} bytes."));
                }
                else if (!Fields.TryAdd(part.Name, text))
                {
                    Problems.Add(("duplicatePart", $"The part '{part.Name}' was sent twice: send it once."));
                }
            }

            section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SpoolAsync(Stream source, string spoolDirectory, IJobQueueReservation? countUpload, CancellationToken cancellationToken)
    {
        _directory = Path.Combine(spoolDirectory, "upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var name = SafeFileName(UploadFileName);
        FilePath = Path.Combine(_directory, name);
        var file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            if (countUpload is null)
            {
                await source.CopyToAsync(file, 81920, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var buffer = ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        // Counted before it is written: what the queue cannot take never reaches the disk.
                        countUpload.Add(read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            FileLength = file.Length;
        }
    }

    private static string SafeFileName(string? uploadName)
    {
        var name = string.IsNullOrWhiteSpace(uploadName) ? "synchronization_file" : Path.GetFileName(uploadName.Replace('\\', '/'));
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(Array.IndexOf(invalid, c) >= 0 || char.IsControl(c) ? '_' : c);
        }

        var safe = builder.ToString().Trim('.', ' ');
        return safe.Length is 0 or > 200 ? "synchronization_file" : safe;
    }

    /// <summary>Reads a text part; <see langword="null"/> when it is longer than the limit.</summary>
    private static async Task<string?> ReadTextAsync(Stream body, int maxLength, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxLength)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover spool file is harmless; the next start does not depend on it.
            }
            catch (UnauthorizedAccessException)
            {
            }

            _directory = null;
        }

        return ValueTask.CompletedTask;
    }
}
