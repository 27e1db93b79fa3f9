using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CatalogSync.Server.Tests;

/// <summary>The built <c>catalog-sync</c> run with <c>dotnet</c>, its output collected line by line.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _lock = new();

    private ServeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_lock) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_lock) { _error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_lock) { return _output.ToString(); } } }

    public string Error { get { lock (_lock) { return _error.ToString(); } } }

    public static ServeProcess Start(string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "catalog-sync.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("CATALOGSYNC_USER");
        start.Environment.Remove("CATALOGSYNC_PASSWORD");
        start.Environment.Remove("CATALOGSYNC_ENABLE_TEST_HOOKS");
        start.Environment.Remove("CATALOGSYNC_TEST_JOB_DELAY_MS");
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        return new ServeProcess(Process.Start(start)!);
    }

    public async Task<Match> WaitForLineAsync(Regex pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in Output.Split('\n'))
            {
                var match = pattern.Match(line.TrimEnd('\r'));
                if (match.Success)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                Assert.Fail($"catalog-sync exited early ({_process.ExitCode}): {Output} {Error}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No line matched {pattern} in: {Output} {Error}");
    }

    /// <summary>The process id (for /proc/{pid}/status).</summary>
    public int ProcessId => _process.Id;

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
