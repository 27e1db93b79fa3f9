using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CatalogSync.Server.Tests;

/// <summary>An HTTP answer read off the wire.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Sends requests byte for byte over a TCP socket: HttpClient (System.Uri) removes '.' segments and fixes malformed
/// requests before they leave, so hostile request targets and bodies have to be written by hand.
/// </summary>
public static class RawHttp
{
    public static string BasicAuthorization =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RunningServer.User}:{RunningServer.Password}"));

    /// <summary>Sends one request (<c>Connection: close</c> is added) and reads the whole answer.</summary>
    public static async Task<RawResponse> SendAsync(Uri server, string method, string target, IEnumerable<string>? headers = null, byte[]? body = null, string? authorization = null)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\nAuthorization: {authorization ?? BasicAuthorization}\r\n");
        foreach (var header in headers ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        return await SendBytesAsync(server, Encoding.UTF8.GetBytes(head.ToString()), body);
    }

    /// <summary>Sends raw bytes and reads the answer until the server closes the connection.</summary>
    public static async Task<RawResponse> SendBytesAsync(Uri server, byte[] head, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(head);
        if (body is not null)
        {
            try
            {
                await stream.WriteAsync(body);
            }
            catch (IOException)
            {
                // The server may answer (413, 400) and close before the whole body is sent: read what it said.
            }
        }

        using var received = new MemoryStream();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer was written.
        }

        return Parse(received.ToArray());
    }

    private static RawResponse Parse(byte[] data)
    {
        var split = IndexOf(data, "\r\n\r\n"u8);
        if (split < 0)
        {
            throw new InvalidDataException($"No HTTP answer was received ({data.Length} bytes).");
        }

        var lines = Encoding.ASCII.GetString(data, 0, split).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = data.AsSpan(split + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    private static byte[] Unchunk(byte[] data)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < data.Length)
        {
            var end = IndexOf(data.AsSpan(position), "\r\n"u8);
            if (end < 0)
            {
                break;
            }

            var size = int.Parse(Encoding.ASCII.GetString(data, position, end).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += end + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(data, position, Math.Min(size, data.Length - position));
            position += size + 2;
        }

        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value) => data.IndexOf(value);
}
