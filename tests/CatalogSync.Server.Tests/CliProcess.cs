using System.Diagnostics;

namespace CatalogSync.Server.Tests;

/// <summary>Runs the real <c>catalog-sync</c> (built beside the tests) as a process, with the target variables cleared.</summary>
public static class CliProcess
{
    /// <summary>Runs it to its end (at most 3 minutes) and returns its exit code and output.</summary>
    /// <param name="arguments">The command line after <c>catalog-sync</c>.</param>
    /// <param name="environment">Variables to set; <c>CATALOGSYNC_URL</c>, <c>_USER</c> and <c>_PASSWORD</c> are otherwise removed.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "catalog-sync.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "CATALOGSYNC_URL", "CATALOGSYNC_USER", "CATALOGSYNC_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
