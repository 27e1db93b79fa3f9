using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CatalogSync.Catalog;
using CatalogSync.Conformance;
using CatalogSync.Contract;
using Microsoft.Data.Sqlite;

namespace CatalogSync.Server.Tests;

/// <summary>
/// The engine's job-queue limit over real HTTP: an upload that the queue cannot take is answered 503 <c>queueFull</c> with
/// Retry-After before its body is read, and nothing of it is written (no upload file, no spool file, no job).
/// </summary>
public sealed class QueueLimitHttpTests : IAsyncLifetime
{
    private const int MaxPendingJobs = 3;
    private const long MaxPendingBytes = 10_000;
    private const string Batch = "/rest/2.0/import/synchronize/queue/batch/json-job";
    private const string Boundary = "queue-boundary";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-queue-http-");
    private EmbeddedCatalog _catalog = null!;
    private RunningServer _server = null!;

    private string DatabasePath => Path.Combine(_directory.FullName, "catalog.db");

    public async Task InitializeAsync()
    {
        _catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = DatabasePath, MaxPendingJobs = MaxPendingJobs, MaxPendingBytes = MaxPendingBytes });
        _server = await RunningServer.StartAsync(_catalog, _catalog);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _catalog.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task An_upload_whose_content_length_exceeds_the_room_left_is_503_before_its_body_is_read()
    {
        // Uploads under way hold 9 000 of the 10 000 bytes.
        using var held = _catalog.ReserveUpload(9_000);

        // Only the head is sent: an answer proves that the host did not wait for the body.
        var response = await RawHttp.SendAsync(_server.BaseAddress, "POST", Batch, [$"Content-Type: multipart/form-data; boundary={Boundary}", "Content-Length: 5000"]);
        var message = AssertQueueFull(response);
        Assert.Contains("hold 9000 bytes of input and this one 5000", message, StringComparison.Ordinal);
        AssertNothingKept();
    }

    [Fact]
    public async Task An_upload_beyond_the_job_count_is_503_before_its_body_is_read()
    {
        var held = Enumerable.Range(0, MaxPendingJobs).Select(_ => _catalog.ReserveUpload(0)).ToList();
        try
        {
            var response = await RawHttp.SendAsync(_server.BaseAddress, "POST", Batch, [$"Content-Type: multipart/form-data; boundary={Boundary}", "Content-Length: 300"]);
            var message = AssertQueueFull(response);
            Assert.Contains($"{MaxPendingJobs} jobs are waiting, running or being uploaded", message, StringComparison.Ordinal);
            AssertNothingKept();
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_chunked_upload_is_refused_when_its_running_byte_count_exceeds_the_room_and_leaves_nothing()
    {
        using var held = _catalog.ReserveUpload(9_000);
        var body = Multipart(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 60).Select(i => CatalogDriver.Asset($"chunked-{i}"))) + "]"));
        Assert.True(body.Length > 5_000, $"{body.Length} bytes");
        var head = Encoding.ASCII.GetBytes(
            $"POST {Batch} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nConnection: close\r\nAuthorization: {RawHttp.BasicAuthorization}\r\n"
            + $"Content-Type: multipart/form-data; boundary={Boundary}\r\nTransfer-Encoding: chunked\r\n\r\n");
        var response = await RawHttp.SendBytesAsync(_server.BaseAddress, head, Chunked(body, 512));
        var message = AssertQueueFull(response);
        Assert.Contains("hold 9000 bytes of input", message, StringComparison.Ordinal);
        AssertNothingKept();
    }

    [Fact]
    public async Task A_request_within_the_room_left_is_taken_and_the_room_comes_back_when_its_job_has_run()
    {
        var input = Encoding.UTF8.GetBytes("[" + CatalogDriver.Domain() + "," + CatalogDriver.Asset("within") + "]");
        Job job;
        using (_catalog.ReserveUpload(9_000))
        {
            Assert.True(Multipart(input).Length < 1_000, "the request must fit in the room left");
            job = await PostAsync(input);
        }

        (await _catalog.WaitForJobAsync(job.Id)).AssertSucceeded();
        Assert.Equal(["within"], await _catalog.AssetNamesAsync());
        Assert.Empty(_server.SpooledFiles());

        // Nothing is held any more: the whole room (and, for a single input, more) is there again.
        _catalog.ReserveUpload(MaxPendingBytes).Dispose();

        var chunkedAsset = Encoding.UTF8.GetBytes("[" + CatalogDriver.Domain() + "," + CatalogDriver.Asset("chunked") + "]");
        var head = Encoding.ASCII.GetBytes(
            $"POST {Batch} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nConnection: close\r\nAuthorization: {RawHttp.BasicAuthorization}\r\n"
            + $"Content-Type: multipart/form-data; boundary={Boundary}\r\nTransfer-Encoding: chunked\r\n\r\n");
        var response = await RawHttp.SendBytesAsync(_server.BaseAddress, head, Chunked(Multipart(chunkedAsset), 100));
        Assert.True(response.Status == 200, response.Text);
        var chunkedJob = JsonSerializer.Deserialize(response.Body, ContractJsonContext.Default.Job)!;
        (await _catalog.WaitForJobAsync(chunkedJob.Id)).AssertSucceeded();
        Assert.Equal(["chunked", "within"], await _catalog.AssetNamesAsync());
    }

    private async Task<Job> PostAsync(byte[] input)
    {
        using var form = new MultipartFormDataContent();
        form.AddFile("file", input);
        using var response = await _server.Http.PostAsync(Batch.TrimStart('/'), form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize(text, ContractJsonContext.Default.Job)!;
    }

    private static string AssertQueueFull(RawResponse response)
    {
        Assert.True(response.Status == 503, $"{response.Status}: {response.Text}");
        Assert.Equal("5", response.Headers["Retry-After"]);
        Assert.StartsWith("application/json", response.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        Assert.Equal(503, root.GetProperty("statusCode").GetInt32());
        Assert.Equal("queueFull", root.GetProperty("errorCode").GetString());
        var message = root.GetProperty("userMessage").GetString()!;
        Assert.Equal(message, root.GetProperty("message").GetString());
        Assert.Contains("Nothing of this request was kept", message, StringComparison.Ordinal);
        return message;
    }

    private void AssertNothingKept()
    {
        // No upload file or folder, no spooled input, no journaled or recorded job.
        Assert.Empty(Directory.Exists(_server.SpoolDirectory) ? Directory.GetFileSystemEntries(_server.SpoolDirectory) : []);
        var spool = DatabasePath + ".spool";
        Assert.Empty(Directory.Exists(spool) ? Directory.GetFiles(spool) : []);
        Assert.Equal(0L, Count(DatabasePath + ".queue", "pending_jobs"));
        Assert.Equal(0L, Count(DatabasePath, "jobs"));
    }

    private static long Count(string database, string table)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static byte[] Multipart(byte[] file) =>
    [
        .. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.json\"\r\nContent-Type: application/json\r\n\r\n"),
        .. file,
        .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"),
    ];

    private static byte[] Chunked(byte[] data, int size)
    {
        using var output = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += size)
        {
            var length = Math.Min(size, data.Length - offset);
            output.Write(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            output.Write(data, offset, length);
            output.Write("\r\n"u8);
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }
}
