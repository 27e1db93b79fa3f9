using CatalogSync.CrashClient;
using CatalogSync.Http;
using CatalogSync.Plans;

// catalog-sync crash client: runs one "day" of CrashPlan against a catalog over HTTP, with a run journal.
//   CatalogSync.CrashClient <base-url> <user> <password> <journal-path> <day> [<kill-point>]
// Prints "POINT <n> <phase> <sync id>" at each progress report (after a batch was accepted, after it completed, after
// a finalization was accepted, after it completed, after an ID completed). At <kill-point> it prints
// "KILL <n> …" and stops there (sleeps) until the test kills the process. Exit code 0 when the run succeeded.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: CatalogSync.CrashClient <base-url> <user> <password> <journal-path> <day> [<kill-point>]");
    return 2;
}

var day = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
var killAt = args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 0;
var point = 0;
var progress = new SyncProgressPrinter(p =>
{
    point++;
    Console.WriteLine($"POINT {point} {p.Phase} {p.SyncId}");
    if (point == killAt)
    {
        Console.WriteLine($"KILL {point} {p.Phase} {p.SyncId}");
        Thread.Sleep(Timeout.Infinite);
    }
});

using var http = new HttpClient(ImportApiResilience.CreateHandler(new ImportApiResilienceOptions(), new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = new Uri(args[0]), UserName = args[1], Password = args[2] });
var report = await CrashPlan.RunAsync(client, crashColumns: CrashData.Columns(day), crashTables: CrashData.Tables(day), crashSchemas: CrashData.Schemas(day), options: new SyncRunOptions
{
    JournalPath = args[3],
    Progress = progress,
    PollInterval = TimeSpan.FromMilliseconds(50),
});
foreach (var line in report.Describe().Split('\n'))
{
    Console.WriteLine("REPORT " + line);
}

return report.Succeeded ? 0 : 1;

/// <summary>Acts on each progress report synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class SyncProgressPrinter(Action<SyncProgress> onReport) : IProgress<SyncProgress>
{
    public void Report(SyncProgress value) => onReport(value);
}
