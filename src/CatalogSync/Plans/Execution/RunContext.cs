using CatalogSync.Contract;
using CatalogSync.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogSync.Plans.Execution;

/// <summary>What every part of one run (or preview) shares: the catalog, the plan, the options and the run's counters.</summary>
internal sealed class RunContext
{
    public RunContext(IImportApiClient client, SyncPlanDescription plan, Dictionary<string, SyncSource> sources, SyncRunOptions options, bool simulation, CancellationToken cancellationToken)
    {
        Client = client;
        Reader = client as ICatalogReader;
        Plan = plan;
        Sources = sources;
        Options = options;
        Simulation = simulation;
        CancellationToken = cancellationToken;
        BatchSize = options.BatchSize ?? plan.BatchSize;
        // One lease token per run, on every batch, simulated finalization, close and finalization: a catalog that
        // enforces cycle leases keeps other writers out of this run's cycles while it runs.
        // Relations are sent explicitly as REPLACE unless the caller chose: the catalog then follows the source,
        // whatever the endpoint's own default (Collibra's contract does not state one).
        JobOptions = options.JobOptions with
        {
            Simulation = simulation,
            RelationsAction = options.JobOptions.RelationsAction ?? RelationsAction.Replace,
            // Collibra does not support simulation together with continueOnError: a preview never sends both.
            ContinueOnError = !simulation && options.JobOptions.ContinueOnError,
            CycleOwner = options.JobOptions.CycleOwner ?? Guid.NewGuid().ToString("N"),
        };
        Telemetry = new RunTelemetry(plan.Name, simulation, options.Progress, options.Logger ?? NullLogger.Instance);
        Waiter = new JobWaiter(client, options.PollInterval, options.MaxJobWait, options.JobLookupGrace, options.TimeProvider ?? TimeProvider.System, cancellationToken);
        CloseWaiter = new JobWaiter(client, options.PollInterval, options.MaxJobWait, options.JobLookupGrace, options.TimeProvider ?? TimeProvider.System, CancellationToken.None);
    }


    /// <summary>Waits for a close's job: not cancellable, like the request (bounded by <see cref="SyncRunOptions.MaxJobWait"/>).</summary>
    public JobWaiter CloseWaiter { get; }

    /// <summary>The one identity checker of the run: every item of every source passes it in the read loop.</summary>
    public SourceIdentityChecker Checker { get; } = new();

    /// <summary>The first <see cref="MaxSourceProblems"/> problems found in the sources.</summary>
    public List<string> SourceProblems { get; } = [];

    /// <summary>How many problems were found in the sources in all.</summary>
    public int SourceProblemCount { get; private set; }

    /// <summary>The most source problems a report lists.</summary>
    public const int MaxSourceProblems = 100;

    /// <summary>Records a problem of the sources.</summary>
    public void AddSourceProblem(string problem)
    {
        SourceProblemCount++;
        if (SourceProblems.Count < MaxSourceProblems)
        {
            SourceProblems.Add(problem);
        }
    }

    /// <summary>The finalization of <paramref name="group"/> (real, or the guard's or a preview's simulated one), with the run's lease token.</summary>
    public FinalizationOptions FinalizationFor(SyncGroupDescription group, Guid? statusId, bool simulation) => new()
    {
        Strategy = group.FinalizationStrategy,
        MissingAssetStatusId = group.Strategy == MissingStrategy.ChangeStatus ? statusId : null,
        Simulation = simulation,
        CycleOwner = CycleOwner,
    };

    /// <summary>The finalization that closes a stopped run's cycle and changes nothing (<c>IGNORE</c>), with the run's lease token.</summary>
    public FinalizationOptions CloseFinalization => new() { Strategy = FinalizationStrategy.Ignore, CycleOwner = CycleOwner };

    public IImportApiClient Client { get; }

    /// <summary>Where a preview reads the catalog's assets and a run looks status names up: the client, when it is one.</summary>
    public ICatalogReader? Reader { get; }

    public SyncPlanDescription Plan { get; }

    public Dictionary<string, SyncSource> Sources { get; }

    public SyncRunOptions Options { get; }

    /// <summary>Whether this is a preview.</summary>
    public bool Simulation { get; }

    public CancellationToken CancellationToken { get; }

    public int BatchSize { get; }

    /// <summary>The options of every batch (and of a preview's one job).</summary>
    public ImportJobOptions JobOptions { get; private set; }

    /// <summary>
    /// The run's one cycle-lease owner token (<see cref="ImportJobOptions.CycleOwner"/>), sent with every batch,
    /// simulated finalization, close and finalization of the run: the caller's, or a new one. Settable only before the
    /// first request: the journal (<see cref="JournalRecorder"/>) reuses the token of the run that left a cycle
    /// unfinished, so that the catalog's lease lets this run in.
    /// </summary>
    public string CycleOwner
    {
        get => JobOptions.CycleOwner!;
        set => JobOptions = JobOptions with { CycleOwner = value };
    }

    /// <summary>The run journal of a run (<see langword="null"/>: a preview, the journal is off, or the catalog cannot be named).</summary>
    public JournalRecorder? Journal { get; set; }

    /// <summary>The plan's declared moves and removals of synchronization IDs; <see langword="null"/> when it declares none.</summary>
    public ScopeChangePhase? Scopes { get; set; }

    /// <summary>
    /// The run's containers (<see cref="ContainerPhase"/>): what was looked up and created, and the filter of a
    /// preview's writer; <see langword="null"/> when the client cannot read the catalog or the run stopped before.
    /// </summary>
    public ContainerPhase? Containers { get; set; }

    /// <summary>What the catalog says it can do (read before the first batch; <see cref="CatalogCapabilities.Unknown"/> when it cannot be read).</summary>
    public CatalogCapabilities Capabilities { get; set; } = CatalogCapabilities.Unknown;

    public RunTelemetry Telemetry { get; }

    public JobWaiter Waiter { get; }

    /// <summary>Batches (or preview jobs) the catalog accepted in the whole run.</summary>
    public int TotalBatches { get; set; }

    /// <summary>"Run" or "Preview".</summary>
    public string Kind => Simulation ? "Preview" : "Run";

    /// <summary>Whether the token was cancelled.</summary>
    public bool Cancelled => CancellationToken.IsCancellationRequested;

    /// <summary>What a failure means, by the one classification shared with the HTTP resilience.</summary>
    public CatalogFailure Classify(Exception exception) => CatalogFailures.Classify(exception, CancellationToken);

    /// <summary>A failure of the catalog or of the way to it, as opposed to a mistake of the caller or its cancellation.</summary>
    public bool IsCatalogFailure(Exception exception) => Classify(exception) != CatalogFailure.None;

    /// <summary>The caller's own cancellation.</summary>
    public bool IsCancellation(Exception exception) => exception is OperationCanceledException && Cancelled;
}
