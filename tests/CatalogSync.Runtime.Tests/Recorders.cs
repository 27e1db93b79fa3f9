using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CatalogSync.Plans;
using Microsoft.Extensions.Logging;

namespace CatalogSync.Runtime.Tests;

/// <summary>Records progress reports synchronously (unlike <see cref="Progress{T}"/>, which posts them), and can act on one.</summary>
public sealed class ProgressRecorder(Action<SyncProgress>? onReport = null) : IProgress<SyncProgress>
{
    public ConcurrentQueue<SyncProgress> Reports { get; } = new();

    public void Report(SyncProgress value)
    {
        Reports.Enqueue(value);
        onReport?.Invoke(value);
    }
}

/// <summary>A logger that keeps every line.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, eventId, formatter(state, exception)));
}

/// <summary>
/// Listens to CatalogSync's spans and metrics, keeping only those of the run under a root activity this test starts
/// (tests run in parallel and the listeners are process-wide).
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly Activity _root;
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryRecorder()
    {
        _root = new Activity("catalogsync-test-root").Start();
        var rootId = _root.RootId;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CatalogSyncDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.RootId == rootId)
                {
                    Spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CatalogSyncDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags, rootId));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags, rootId));
        _meters.Start();
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public double Sum(string instrument, string? tag = null, object? value = null) =>
        Measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public int Count(string instrument) => Measurements.Count(m => m.Instrument == instrument);

    public int Count(string instrument, string tag, object? value) =>
        Measurements.Count(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string? rootId)
    {
        if (Activity.Current?.RootId != rootId)
        {
            return;
        }

        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
        _root.Stop();
    }
}
