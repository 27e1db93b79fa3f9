using System.Globalization;

namespace CatalogSync.LoadBenchmark;

/// <summary>One cycle of the benchmark: its batches and its finalization.</summary>
internal sealed class Phase(string name)
{
    public string Name { get; } = name;

    public int Assets { get; set; }

    public List<double> Batches { get; } = [];

    public double BatchesSeconds { get; set; }

    public double FinalizeSeconds { get; set; }

    public string FinalizeNote { get; set; } = "";
}

/// <summary>What the run measured, printed as one table at the end.</summary>
internal sealed class Report(int assets, int batchSize)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public List<Phase> Phases { get; } = [];

    public List<(string Call, double Milliseconds, string Note)> Reads { get; } = [];

    public int ServerPid { get; set; }

    public long ServerPeakRss { get; set; } = -1;

    public double ServerCpu { get; set; }

    public long ClientPeakRss { get; set; } = -1;

    public long DatabaseBytes { get; set; }

    public double? ProjectFloor { get; set; }

    public double? IntegerFloor { get; set; }

    public string? FloorNote { get; set; }

    public string LoadAtEnd { get; set; } = "?";

    public void Add(Phase phase) => Phases.Add(phase);

    public void Print()
    {
        var first = Phases.FirstOrDefault();
        Console.WriteLine();
        Console.WriteLine($"## Load benchmark: {assets:N0} assets (2 attributes each, 20 domains), batches of {batchSize:N0}, over HTTP");
        Console.WriteLine();
        Console.WriteLine("| phase | batches wall | assets/s | finalize | per-batch times (s) | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var p in Phases)
        {
            var ratio = p == first
                ? (IntegerFloor is { } f ? $"{p.BatchesSeconds / f:F1}× integer floor, {p.BatchesSeconds / ProjectFloor!.Value:F1}× project floor" : "")
                : first is null ? "" : $"{p.BatchesSeconds / first.BatchesSeconds:F2}× first sync";
            Console.WriteLine($"| {p.Name} | {p.BatchesSeconds:F1} s | {p.Assets / p.BatchesSeconds:N0} | {p.FinalizeSeconds:F2} s {(p.FinalizeNote.Length > 0 ? "(" + p.FinalizeNote + ")" : "(nothing missing)")} | {string.Join(" ", p.Batches.Select(b => b.ToString("F1", Inv)))} | {ratio} |");
        }

        if (ProjectFloor is { } pf && IntegerFloor is { } inf)
        {
            Console.WriteLine($"| sqlite3 floor, project schema (v3: integer keys, BLOB UUIDs, all indexes) | {pf:F1} s | {assets / pf:N0} | | one transaction | |");
            Console.WriteLine($"| sqlite3 floor, integer keys | {inf:F1} s | {assets / inf:N0} | | one transaction | |");
        }
        else
        {
            Console.WriteLine($"| sqlite3 floors | skipped | | | {FloorNote} | |");
        }

        Console.WriteLine();
        Console.WriteLine("| read call | median of 3 (ms) | note |");
        Console.WriteLine("|---|---|---|");
        foreach (var (call, ms, note) in Reads)
        {
            Console.WriteLine($"| `{call}` | {(double.IsNaN(ms) ? "failed" : ms.ToString("F1", Inv))} | {note} |");
        }

        Console.WriteLine();
        Console.WriteLine($"peak RSS (VmHWM): server {Mb(ServerPeakRss)}, client {Mb(ClientPeakRss)}; server CPU {ServerCpu:F1} s; catalog files {Mb(DatabaseBytes)}; load average at the end {LoadAtEnd}");
    }

    private static string Mb(long bytes) => bytes < 0 ? "?" : (bytes / 1024.0 / 1024.0).ToString("F0", Inv) + " MB";
}
