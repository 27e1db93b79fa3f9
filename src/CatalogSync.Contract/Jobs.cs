using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>The state of a job, as Collibra's <c>Job.state</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Queued, not started.</summary>
    [JsonStringEnumMemberName("WAITING")] Waiting,
    /// <summary>Running.</summary>
    [JsonStringEnumMemberName("RUNNING")] Running,
    /// <summary>Cancellation requested, still running.</summary>
    [JsonStringEnumMemberName("CANCELING")] Canceling,
    /// <summary>Finished (see <see cref="Job.Result"/> for success or partial success).</summary>
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    /// <summary>Cancelled before it finished; nothing it did was committed.</summary>
    [JsonStringEnumMemberName("CANCELED")] Canceled,
    /// <summary>Failed; nothing it did was committed.</summary>
    [JsonStringEnumMemberName("ERROR")] Error,
}

/// <summary>The result of a job, as Collibra's <c>Job.result</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobResult>))]
public enum JobResult
{
    /// <summary>Not finished yet.</summary>
    [JsonStringEnumMemberName("NOT_SET")] NotSet,
    /// <summary>Everything succeeded.</summary>
    [JsonStringEnumMemberName("SUCCESS")] Success,
    /// <summary>Valid commands were committed, invalid ones reported (<c>continueOnError=true</c>).</summary>
    [JsonStringEnumMemberName("COMPLETED_WITH_ERROR")] CompletedWithError,
    /// <summary>The job failed and changed nothing.</summary>
    [JsonStringEnumMemberName("FAILURE")] Failure,
    /// <summary>The job was cancelled and changed nothing.</summary>
    [JsonStringEnumMemberName("ABORTED")] Aborted,
}

/// <summary>An asynchronous job (Collibra's <c>Job</c> schema), polled at <c>GET /rest/2.0/jobs/{jobId}</c>.</summary>
public sealed record Job
{
    /// <summary>The job's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Always <c>Job</c>.</summary>
    public string ResourceType { get; init; } = "Job";

    /// <summary>Creation time, milliseconds since the Unix epoch (UTC).</summary>
    public long CreatedOn { get; init; }

    /// <summary>Last change, milliseconds since the Unix epoch (UTC).</summary>
    public long LastModifiedOn { get; init; }

    /// <summary>Whether this is a system resource (always <see langword="false"/>).</summary>
    public bool System { get; init; }

    /// <summary>A readable name, e.g. <c>Synchronization batch 'warehouse'</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The job type; import jobs are <c>IMPORT</c>.</summary>
    public string Type { get; init; } = "IMPORT";

    /// <summary>Progress from 0 to 100.</summary>
    public double ProgressPercentage { get; init; }

    /// <summary>Whether the job can still be cancelled.</summary>
    public bool Cancelable { get; init; }

    /// <summary>Start time, milliseconds since the Unix epoch, once running.</summary>
    public long? StartDate { get; init; }

    /// <summary>End time, milliseconds since the Unix epoch, once finished.</summary>
    public long? EndDate { get; init; }

    /// <summary>The job's state.</summary>
    public JobState State { get; init; }

    /// <summary>The job's result; <see cref="JobResult.NotSet"/> until it finishes.</summary>
    public JobResult Result { get; init; }

    /// <summary>A message for people: what happened, or why it failed.</summary>
    public string? Message { get; init; }

    /// <summary>Whether the job has reached a final state.</summary>
    [JsonIgnore]
    public bool IsFinished => State is JobState.Completed or JobState.Canceled or JobState.Error;
}
