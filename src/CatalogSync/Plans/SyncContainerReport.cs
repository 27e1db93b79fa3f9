using System.Globalization;

namespace CatalogSync.Plans;

/// <summary>What kind of container a <see cref="SyncContainerReport"/> is about.</summary>
public enum SyncContainerKind
{
    /// <summary>A community (by name, at the top level).</summary>
    Community,

    /// <summary>A domain of a community.</summary>
    Domain,
}

/// <summary>What a run did about a community or domain its plan points at.</summary>
public enum SyncContainerAction
{
    /// <summary>It existed (a domain: with the declared domain type) and was left exactly as it was.</summary>
    Existed,

    /// <summary>It was missing and was created by a plain import, outside any synchronization ID (<see cref="SyncContainerReport.Job"/>).</summary>
    Created,

    /// <summary>A preview: it is missing, and a run would create it. Nothing was written.</summary>
    WouldBeCreated,
}

/// <summary>
/// One community or domain a plan points at, and what the run did about it. Containers are ensured, never owned: the
/// missing ones are created by a plain import before the batch that first needs them, and no synchronization batch
/// carries a community or domain command, so no finalization removes or retypes one.
/// </summary>
/// <param name="Kind">Community or domain.</param>
/// <param name="Community">The community's name (the domain's community for a domain).</param>
/// <param name="Domain">The domain's name; <see langword="null"/> for a community.</param>
/// <param name="DomainType">The domain's type (as found, or as created); <see langword="null"/> for a community.</param>
/// <param name="Action">What the run did.</param>
public sealed record SyncContainerReport(SyncContainerKind Kind, string Community, string? Domain, string? DomainType, SyncContainerAction Action)
{
    /// <summary>The plain import that created it (<see cref="SyncContainerAction.Created"/>), else <see langword="null"/>.</summary>
    public Guid? Job { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var what = Kind == SyncContainerKind.Community
            ? $"community '{Community}'"
            : $"domain '{Domain}' ({DomainType}) of community '{Community}'";
        return Action switch
        {
            SyncContainerAction.Created => string.Create(CultureInfo.InvariantCulture, $"created {what} (plain import, job {Job})"),
            SyncContainerAction.WouldBeCreated => $"would create {what}",
            _ => $"{what} exists",
        };
    }
}
