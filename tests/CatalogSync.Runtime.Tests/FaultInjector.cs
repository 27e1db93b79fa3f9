using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace CatalogSync.Runtime.Tests;

/// <summary>
/// A handler below the resilience handler (it sees every attempt) in front of the real server: it records each
/// attempt and plays the faults it was given, either instead of the server (the request never reaches it) or after
/// the server has handled the request (the answer is lost or replaced).
/// </summary>
public sealed class FaultInjector : DelegatingHandler
{
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates the injector.</summary>
    /// <param name="withTransport">Whether it sends to the network itself; false when IHttpClientFactory puts it in a chain.</param>
    public FaultInjector(bool withTransport = true)
    {
        if (withTransport)
        {
            InnerHandler = new SocketsHttpHandler();
        }
    }

    /// <summary>Every attempt that reached this handler: method, path, time since creation, what was played.</summary>
    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    /// <summary>Plays <paramref name="fault"/> on the next <paramref name="times"/> requests it matches.</summary>
    public FaultInjector Add(Fault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }

        return this;
    }

    public int Count(string method, string pathPart) =>
        Attempts.Count(a => a.Method == method && a.Path.Contains(pathPart, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var fault = Take(request.Method.Method, path);
        Attempts.Enqueue(new Attempt(request.Method.Method, path, _clock.Elapsed, fault?.Description ?? "forwarded"));
        if (fault is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (!fault.AfterServer)
        {
            if (request.Content is not null)
            {
                // Consume the body as a real server would before answering.
                await request.Content.CopyToAsync(Stream.Null, cancellationToken);
            }

            return fault.Play(request);
        }

        var real = await base.SendAsync(request, cancellationToken);
        await real.Content.LoadIntoBufferAsync(cancellationToken);
        if (fault.DelayAfterServer > TimeSpan.Zero)
        {
            await Task.Delay(fault.DelayAfterServer, cancellationToken);
        }

        if (fault.Status == HttpStatusCode.OK)
        {
            return real;
        }

        real.Dispose();
        return fault.Play(request);
    }

    private Fault? Take(string method, string path)
    {
        // Faults are taken in order; one that does not match the request stays for a later request.
        lock (_faults)
        {
            var pending = _faults.ToArray();
            for (var i = 0; i < pending.Length; i++)
            {
                if (pending[i].Matches(method, path))
                {
                    var rest = pending.Where((_, j) => j != i).ToArray();
                    _faults.Clear();
                    foreach (var f in rest)
                    {
                        _faults.Enqueue(f);
                    }

                    return pending[i];
                }
            }

            return null;
        }
    }

    public sealed record Attempt(string Method, string Path, TimeSpan At, string Played);

    public sealed record Fault(string Method, string PathPart, string Description)
    {
        public HttpStatusCode Status { get; init; } = HttpStatusCode.ServiceUnavailable;

        public TimeSpan? RetryAfter { get; init; }

        /// <summary>Throw this instead of answering (e.g. a connection error).</summary>
        public Exception? Throw { get; init; }

        /// <summary>Let the server handle the request first, then answer <see cref="Status"/> instead of its answer (200: its own answer).</summary>
        public bool AfterServer { get; init; }

        /// <summary>With <see cref="AfterServer"/>: wait this long before answering (to exceed an attempt timeout).</summary>
        public TimeSpan DelayAfterServer { get; init; }

        public bool Matches(string method, string path) =>
            method == Method && path.Contains(PathPart, StringComparison.Ordinal);

        public HttpResponseMessage Play(HttpRequestMessage request)
        {
            if (Throw is not null)
            {
                throw Throw;
            }

            var response = new HttpResponseMessage(Status)
            {
                RequestMessage = request,
                Content = new StringContent($"{{\"statusCode\":{(int)Status},\"errorCode\":\"injected\",\"userMessage\":\"{Description}\"}}", System.Text.Encoding.UTF8, "application/json"),
            };
            if (RetryAfter is { } after)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
            }

            return response;
        }

        public static Fault Unavailable(string method, string pathPart) => new(method, pathPart, "503 before the server");

        public static Fault TooManyRequests(string method, string pathPart, TimeSpan retryAfter) =>
            new(method, pathPart, "429 before the server") { Status = HttpStatusCode.TooManyRequests, RetryAfter = retryAfter };

        public static Fault ServerErrorAfterHandling(string method, string pathPart) =>
            new(method, pathPart, "500 after the server handled it") { Status = HttpStatusCode.InternalServerError, AfterServer = true };

        public static Fault ConnectionRefused(string method, string pathPart) =>
            new(method, pathPart, "connection refused") { Throw = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (injected).") };

        public static Fault SlowAfterHandling(string method, string pathPart, TimeSpan delay) =>
            new(method, pathPart, "slow answer after the server handled it") { AfterServer = true, DelayAfterServer = delay, Status = HttpStatusCode.OK };
    }
}
