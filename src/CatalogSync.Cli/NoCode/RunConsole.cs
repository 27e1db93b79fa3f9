using System.Globalization;
using CatalogSync.Plans;
using Spectre.Console;

namespace CatalogSync.Cli.NoCode;

/// <summary>
/// What <c>plan</c> and <c>sync</c> show while they run and after: on a terminal a live display (one line per
/// synchronization ID: batches, assets sent, assets per second, the finalization), else (a pipe, a CI log) one plain
/// line per batch and finalization; then a summary table per type.
/// </summary>
internal sealed class RunConsole : IProgress<SyncProgress>
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _plain;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressContext? _live;

    public RunConsole(TextWriter output)
    {
        _plain = output;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!_console.Profile.Capabilities.Interactive)
        {
            // A pipe or a CI log has no width: wide enough that the summary's rows do not wrap.
            _console.Profile.Width = 160;
        }
    }

    /// <summary>Whether the live display is drawn (an interactive terminal), rather than plain lines.</summary>
    public bool IsLive => _console.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="run"/> under the live display, when there is one.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        if (!IsLive)
        {
            return await run().ConfigureAwait(false);
        }

        return await _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _live = context;
                try
                {
                    return await run().ConfigureAwait(false);
                }
                finally
                {
                    lock (_lock)
                    {
                        foreach (var task in _tasks.Values)
                        {
                            task.Value = task.MaxValue;
                        }
                    }
                }
            }).ConfigureAwait(false);
    }

    public void Report(SyncProgress value)
    {
        lock (_lock)
        {
            var rate = _clock.Elapsed.TotalSeconds > 0 ? value.AssetsSent / _clock.Elapsed.TotalSeconds : 0;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{value.SyncId}: {Describe(value.Phase)}{(value.TypeName is null ? "" : " (" + value.TypeName + ")")}, {value.BatchesSent} batch(es), {value.AssetsSent} asset(s) sent, {rate:0} assets/s");
            if (_live is null)
            {
                _plain.WriteLine("  " + line);
                return;
            }

            if (!_tasks.TryGetValue(value.SyncId, out var task))
            {
                task = _live.AddTask(Markup.Escape(value.SyncId), maxValue: 3);
                _tasks.Add(value.SyncId, task);
            }

            task.Description = Markup.Escape(line);
            task.Value = value.Phase switch
            {
                SyncPhase.BatchStarted or SyncPhase.BatchCompleted => 1,
                SyncPhase.FinalizationStarted or SyncPhase.FinalizationCompleted => 2,
                _ => 3,
            };
        }
    }

    /// <summary>The run's summary: a table of every type of every synchronization ID, then the report's own words.</summary>
    public void Summary(SyncRunReport report)
    {
        var table = new Table().Title(Markup.Escape(report.Simulation ? "Preview (simulation, nothing changed)" : "Run"))
            .AddColumns("Synchronization ID", "Type", "Outcome", "Sent", "Added", "Updated", "Unchanged", "Removed", "Retired", "Restored");
        table.Border(TableBorder.Rounded);
        foreach (var group in report.Groups)
        {
            var types = group.Types.Count > 0 ? group.Types : [];
            foreach (var type in types)
            {
                var counts = type.Counters;
                table.AddRow(Cell(group.Group.SyncId), Cell(type.Type.AssetType + " (" + type.Type.TypeName + ")"), Cell(group.Outcome.ToString()), Number(type.AssetsSent),
                    Number(counts.Added), Number(counts.Updated), Number(counts.Unchanged), Missing(counts.Removed, group), Missing(counts.Retired, group), Missing(counts.Restored, group));
            }
        }

        _console.Write(table);
        _plain.WriteLine(report.Describe());
    }

    private static string Describe(SyncPhase phase) => phase switch
    {
        SyncPhase.BatchStarted => "batch sent",
        SyncPhase.BatchCompleted => "batch done",
        SyncPhase.FinalizationStarted => "finalizing",
        SyncPhase.FinalizationCompleted => "finalized",
        _ => "done",
    };

    private static Markup Cell(string text) => new(Markup.Escape(text));

    private static Markup Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static Markup Missing(int value, SyncGroupReport group) => group.MissingCounts switch
    {
        SyncMissingCounts.UpperBound => new("≤ " + value.ToString(CultureInfo.InvariantCulture)),
        SyncMissingCounts.Unknown => new("?"),
        _ => Number(value),
    };
}
