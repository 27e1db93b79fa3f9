using System.Diagnostics;

namespace CatalogSync.LoadBenchmark;

/// <summary>The <c>sqlite3</c> command-line tool: the floors are measured with it, outside .NET.</summary>
internal static class Sqlite3
{
    private const string Tool = "sqlite3";

    /// <summary>Installs Debian's sqlite3 with apt-get when it is missing (as root or with sudo -n); false with a note when it cannot.</summary>
    public static bool EnsureInstalled(out string note)
    {
        note = "";
        if (Exists())
        {
            return true;
        }

        Console.WriteLine("  sqlite3 is missing: installing Debian's package (apt-get install sqlite3)");
        var sudo = Environment.UserName == "root" ? "" : "sudo -n ";
        Shell($"{sudo}apt-get install -y -q sqlite3 || ({sudo}apt-get update -q && {sudo}apt-get install -y -q sqlite3)");
        if (Exists())
        {
            return true;
        }

        note = "sqlite3 is not installed and apt-get could not install it (install Debian's sqlite3 package to get the floors)";
        return false;
    }

    /// <summary>Copies a database (WAL included) with sqlite3's .backup.</summary>
    public static void Backup(string source, string destination)
    {
        if (!Exists())
        {
            return;
        }

        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(source);
        start.ArgumentList.Add($".backup '{destination}'");
        using var process = Process.Start(start)!;
        process.WaitForExit();
    }

    public static string Scalar(string database, string sql)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true };
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(sql);
        using var process = Process.Start(start)!;
        var result = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return result;
    }

    /// <summary>Streams the SQL that <paramref name="write"/> produces into sqlite3 and returns the seconds it took, to its exit.</summary>
    public static double Run(string database, Action<TextWriter> write)
    {
        // Its standard output (the answers of the PRAGMAs) is read and dropped.
        var start = new ProcessStartInfo(Tool) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-bail");
        start.ArgumentList.Add(database);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using (var input = process.StandardInput)
        {
            write(input);
        }

        process.WaitForExit();
        _ = output.Result;
        var seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed ({process.ExitCode}): {errors.Result}");
        }

        return seconds;
    }

    private static bool Exists()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Tool, "-version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", command } })!;
        process.WaitForExit();
    }
}
