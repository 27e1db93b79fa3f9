using System.Text.Json.Serialization;

namespace CatalogSync.Contract;

/// <summary>What a synchronization's finalization does with the resources that were not seen in the cycle.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FinalizationStrategy>))]
public enum FinalizationStrategy
{
    /// <summary>Delete them (Collibra's default).</summary>
    [JsonStringEnumMemberName("REMOVE_RESOURCES")] RemoveResources,
    /// <summary>Give missing assets the status <see cref="FinalizationOptions.MissingAssetStatusId"/>; restore them when they come back.</summary>
    [JsonStringEnumMemberName("CHANGE_STATUS")] ChangeStatus,
    /// <summary>Leave them as they are.</summary>
    [JsonStringEnumMemberName("IGNORE")] Ignore,
}

/// <summary>How relations given for an asset treat the relations it already has (<c>relationsAction</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RelationsAction>))]
public enum RelationsAction
{
    /// <summary>Add the given relations, keep the others.</summary>
    [JsonStringEnumMemberName("ADD_OR_IGNORE")] AddOrIgnore,
    /// <summary>The given relations replace those of the same type and direction.</summary>
    [JsonStringEnumMemberName("REPLACE")] Replace,
}

/// <summary>The file formats of the Import API.</summary>
public enum ImportFormat
{
    /// <summary>JSON import commands.</summary>
    Json,
    /// <summary>CSV with a template.</summary>
    Csv,
    /// <summary>Excel with a template.</summary>
    Excel,
}

/// <summary>Options of an import or synchronization batch (the multipart parts shared by every <c>*-job</c> call).</summary>
public sealed record ImportJobOptions
{
    /// <summary>Default options: a real (not simulated), all-or-nothing import.</summary>
    public static ImportJobOptions Default { get; } = new();

    /// <summary>Compute the result and counters but change nothing.</summary>
    public bool Simulation { get; init; }

    /// <summary>Commit the valid commands and report the others; otherwise the batch is all-or-nothing.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Whether a notification should be sent at the end (accepted, no effect in the embedded catalog).</summary>
    public bool SendNotification { get; init; }

    /// <summary>How given relations treat existing ones; <see langword="null"/> takes the endpoint's default.</summary>
    public RelationsAction? RelationsAction { get; init; }

    /// <summary>
    /// The cycle-lease owner token sent with a synchronization batch (<see cref="CycleLease.HeaderName"/>), or
    /// <see langword="null"/> to send none and behave exactly as with Collibra (no lock). A CatalogSync extension.
    /// </summary>
    public string? CycleOwner { get; init; }
}

/// <summary>Options of a finalization (<c>finalize/job</c>, and the finalize step of a full synchronization).</summary>
public sealed record FinalizationOptions
{
    /// <summary>Default options: <see cref="FinalizationStrategy.RemoveResources"/>.</summary>
    public static FinalizationOptions Default { get; } = new();

    /// <summary>What to do with missing resources.</summary>
    public FinalizationStrategy Strategy { get; init; } = FinalizationStrategy.RemoveResources;

    /// <summary>The status given to missing assets; required with <see cref="FinalizationStrategy.ChangeStatus"/>.</summary>
    public Guid? MissingAssetStatusId { get; init; }

    /// <summary>Compute what the finalization would do but change nothing.</summary>
    public bool Simulation { get; init; }

    /// <summary>
    /// The cycle-lease owner token sent with the finalization (<see cref="CycleLease.HeaderName"/>), or
    /// <see langword="null"/> to send none. A CatalogSync extension; the owner's finalization ends its lease.
    /// </summary>
    public string? CycleOwner { get; init; }

    /// <summary>Checks the combination, as the server does before it creates a job.</summary>
    /// <returns>A message saying what to fix, or <see langword="null"/> when the options are valid.</returns>
    public string? Validate() => Strategy switch
    {
        FinalizationStrategy.ChangeStatus when MissingAssetStatusId is null =>
            "finalizationStrategy CHANGE_STATUS needs missingAssetStatusId: the id of the status to give missing assets, e.g. 00000000-0000-0000-0000-000000005066.",
        FinalizationStrategy.ChangeStatus => null,
        _ => null,
    };
}

/// <summary>The Import API's rule for a synchronization id (<see cref="CatalogSync.Declarations.SyncIdRules.AcceptedProblem"/>), as an error message.</summary>
public static class SynchronizationId
{
    /// <summary>The longest id Collibra accepts.</summary>
    public const int MaxLength = CatalogSync.Declarations.SyncIdRules.MaxLength;

    /// <summary>Checks an id.</summary>
    /// <returns>A message saying what to fix, or <see langword="null"/> when the id is valid.</returns>
    public static string? Validate(string? synchronizationId) =>
        CatalogSync.Declarations.SyncIdRules.AcceptedProblem(synchronizationId) is { } problem
            ? $"The synchronization id {InputText.Quote(synchronizationId)} is not valid: {problem}."
            : null;
}

/// <summary>
/// The cycle lease, a CatalogSync extension of the Import API: a client that sends an owner token with its
/// synchronization batches takes a lease on the synchronization id for the cycle, and a batch or
/// finalization of that id with another token, or with none, is refused (409) while the lease is live.
/// Requests without a token on an id that nobody holds behave exactly as Collibra's (no lock).
/// </summary>
public static class CycleLease
{
    /// <summary>The request header that carries the owner token.</summary>
    public const string HeaderName = "X-CatalogSync-Cycle-Owner";

    /// <summary>The longest owner token accepted.</summary>
    public const int MaxOwnerLength = 100;

    /// <summary>Checks an owner token: 1 to 100 visible ASCII characters.</summary>
    /// <returns>A message saying what to fix, or <see langword="null"/> when the token is valid.</returns>
    public static string? ValidateOwner(string? owner)
    {
        if (string.IsNullOrEmpty(owner))
        {
            return $"The {HeaderName} header is empty: give 1 to {MaxOwnerLength} visible ASCII characters, or leave the header out.";
        }

        if (owner.Length > MaxOwnerLength)
        {
            return $"The {HeaderName} header has {owner.Length} characters: at most {MaxOwnerLength} are allowed.";
        }

        foreach (var c in owner)
        {
            if (c is < '!' or > '~')
            {
                return $"The {HeaderName} header may hold visible ASCII characters only (no spaces or control characters).";
            }
        }

        return null;
    }
}

/// <summary>
/// What an Import API endpoint is known to do beyond Collibra's documents. The runtime reads it before a run
/// (<see cref="IImportApiClient.GetCapabilitiesAsync"/>) and takes <see cref="Unknown"/> for any endpoint that does
/// not say: real Collibra, whose guide says <c>simulation</c> is ignored by synchronization requests.
/// </summary>
public sealed record CatalogCapabilities
{
    /// <summary>What is assumed of an endpoint that says nothing (real Collibra): no extension at all.</summary>
    public static CatalogCapabilities Unknown { get; } = new();

    /// <summary>The product that answered, e.g. <c>CatalogSync embedded catalog</c>; <see langword="null"/> when unknown.</summary>
    public string? Product { get; init; }

    /// <summary>
    /// A stable name of this catalog instance (the embedded catalog: its database file), so that a client's records of
    /// its runs against one catalog are not mixed with another's; <see langword="null"/> when unknown.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// Whether <c>simulation=true</c> on synchronization requests (batch, full synchronization, finalization)
    /// is honoured exactly: computed, counted and nothing changed. Only when this is <see langword="true"/> may a
    /// client send <c>simulation=true</c> to a synchronization endpoint.
    /// </summary>
    public bool SimulatesSynchronizations { get; init; }

    /// <summary>Whether the endpoint enforces cycle leases (<see cref="CycleLease"/>).</summary>
    public bool CycleLeases { get; init; }
}
