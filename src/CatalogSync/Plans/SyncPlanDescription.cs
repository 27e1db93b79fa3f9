using System.Globalization;
using System.Text;
using CatalogSync.Contract;
using CatalogSync.Declarations;

namespace CatalogSync.Plans;

/// <summary>
/// What a generated sync plan does: its synchronization IDs in the order they run, the strategy that finalizes
/// each, and the types each one imports. The generator emits one per <see cref="SyncPlanAttribute">[SyncPlan]</see>;
/// the executor runs it and the CLI prints it.
/// </summary>
public sealed record SyncPlanDescription
{
    /// <summary>Creates a description and checks it.</summary>
    /// <param name="name">The plan's name.</param>
    /// <param name="batchSize">The most resources in one batch (3 to 50 000).</param>
    /// <param name="groups">The synchronization groups, in the order they run.</param>
    /// <exception cref="ArgumentException">The description is inconsistent.</exception>
    public SyncPlanDescription(string name, int batchSize, IReadOnlyList<SyncGroupDescription> groups)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(groups);
        if (batchSize is < BatchLimits.MinBatchSize or > BatchLimits.MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be between {BatchLimits.MinBatchSize} and {BatchLimits.MaxBatchSize}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(groups));
            if (!ids.Add(group.SyncId))
            {
                throw new ArgumentException($"The synchronization ID '{group.SyncId}' appears in more than one group.", nameof(groups));
            }
        }

        foreach (var type in groups.SelectMany(g => g.Types))
        {
            if (type.MovedFrom is { } from && ids.Contains(from))
            {
                throw new ArgumentException($"'{type.TypeName}' moved from '{from}', which is still the ID of a group: a type can only move out of an ID that no type uses any more.", nameof(groups));
            }
        }

        Name = name;
        BatchSize = batchSize;
        Groups = groups;
    }

    /// <summary>The plan's name.</summary>
    public string Name { get; }

    /// <summary>The most resources in one batch (the runtime's batches carry assets only: containers are ensured before).</summary>
    public int BatchSize { get; }

    /// <summary>The synchronization groups, in the order they run.</summary>
    public IReadOnlyList<SyncGroupDescription> Groups { get; }

    /// <summary>All types of the plan, in the order they are imported.</summary>
    public IEnumerable<SyncTypeDescription> Types => Groups.SelectMany(g => g.Types);

    /// <summary>
    /// The synchronization IDs the plan no longer uses (<see cref="RemovedSyncIdAttribute">[RemovedSyncId]</see>), and
    /// what becomes of their assets. None may be an ID of <see cref="Groups"/>; types
    /// may have moved out of one (<see cref="SyncTypeDescription.MovedFrom"/>): its last cycle carries them too.
    /// </summary>
    public IReadOnlyList<SyncIdRemoval> Removed
    {
        get => _removed;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var removal in value)
            {
                ArgumentNullException.ThrowIfNull(removal, nameof(Removed));
                if (Groups.Any(g => g.SyncId == removal.SyncId))
                {
                    throw new ArgumentException($"The removed synchronization ID '{removal.SyncId}' is still the ID of a group.", nameof(Removed));
                }
            }

            _removed = value;
        }
    }

    private readonly IReadOnlyList<SyncIdRemoval> _removed = [];

    /// <summary>The old synchronization IDs the plan's types moved out of (<see cref="SyncTypeDescription.MovedFrom"/>), in plan order.</summary>
    public IEnumerable<string> MovedFrom => Types.Select(t => t.MovedFrom).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>A readable, multi-line description, e.g. for <c>catalog-sync plan</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Sync plan '{Name}': {Groups.Count} synchronization ID(s), batches of at most {BatchSize} resources");
        for (var i = 0; i < Groups.Count; i++)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. ");
            Groups[i].Describe(text, "   ");
        }

        foreach (var from in MovedFrom)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"moved out of '{from}': forgotten once the new IDs have finalized");
        }

        foreach (var removal in Removed)
        {
            text.Append('\n').Append(removal.ToString());
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();
}

/// <summary>One synchronization ID of a plan: the types it imports and how it is finalized.</summary>
public sealed record SyncGroupDescription
{
    /// <summary>Creates a group and checks it.</summary>
    /// <param name="syncId">The synchronization ID.</param>
    /// <param name="strategy">The finalization strategy.</param>
    /// <param name="statusId">With <see cref="MissingStrategy.ChangeStatus"/>: the status id, if known.</param>
    /// <param name="statusName">With <see cref="MissingStrategy.ChangeStatus"/>: the status name, if no id was given.</param>
    /// <param name="types">The types, in the order they are imported.</param>
    /// <exception cref="ArgumentException">The group is inconsistent.</exception>
    public SyncGroupDescription(string syncId, MissingStrategy strategy, Guid? statusId, string? statusName, IReadOnlyList<SyncTypeDescription> types)
    {
        if (DeclaredSyncId.Problem(syncId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(syncId));
        }

        ArgumentNullException.ThrowIfNull(types);
        if (strategy == MissingStrategy.ChangeStatus && statusId is null && string.IsNullOrEmpty(statusName))
        {
            throw new ArgumentException($"The group '{syncId}' changes the status of missing assets but names no status.", nameof(statusId));
        }

        if (strategy != MissingStrategy.ChangeStatus && (statusId is not null || statusName is not null))
        {
            throw new ArgumentException($"The group '{syncId}' gives a status, but only {nameof(MissingStrategy.ChangeStatus)} uses one.", nameof(statusId));
        }

        SyncId = syncId;
        Strategy = strategy;
        StatusId = statusId;
        StatusName = string.IsNullOrEmpty(statusName) ? null : statusName;
        Types = types;
    }

    /// <summary>The synchronization ID.</summary>
    public string SyncId { get; }

    /// <summary>What the finalization does with missing assets.</summary>
    public MissingStrategy Strategy { get; }

    /// <summary>The Import API's name of <see cref="Strategy"/>.</summary>
    public FinalizationStrategy FinalizationStrategy => Strategy switch
    {
        MissingStrategy.ChangeStatus => FinalizationStrategy.ChangeStatus,
        MissingStrategy.Ignore => FinalizationStrategy.Ignore,
        _ => FinalizationStrategy.RemoveResources,
    };

    /// <summary>With <see cref="MissingStrategy.ChangeStatus"/>: the id of the status missing assets get, when declared.</summary>
    public Guid? StatusId { get; }

    /// <summary>With <see cref="MissingStrategy.ChangeStatus"/>: the status name to look up, when no id was declared.</summary>
    public string? StatusName { get; }

    /// <summary>The types, in the order they are imported.</summary>
    public IReadOnlyList<SyncTypeDescription> Types { get; }

    /// <summary>A readable, multi-line description.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        Describe(text, "");
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    internal void Describe(StringBuilder text, string indent)
    {
        text.Append(CultureInfo.InvariantCulture, $"{SyncId}: finalize with {StrategyText}");
        foreach (var type in Types)
        {
            text.Append('\n');
            text.Append(indent).Append("  - ").Append(type.ToString());
        }
    }

    private string StrategyText => Strategy switch
    {
        MissingStrategy.ChangeStatus when StatusId is { } id => $"CHANGE_STATUS (missing assets get status {id:D})",
        MissingStrategy.ChangeStatus => $"CHANGE_STATUS (missing assets get status '{StatusName}')",
        MissingStrategy.Ignore => "IGNORE (missing assets stay as they are)",
        _ => "REMOVE_RESOURCES (missing assets are deleted)",
    };
}

/// <summary>One annotated type of a plan.</summary>
/// <param name="TypeName">The type's full name, e.g. <c>Warehouse.WarehouseTable</c>.</param>
/// <param name="AssetType">The asset type's name in the catalog.</param>
/// <param name="Community">The community's name.</param>
/// <param name="Domain">The default domain's name; <see langword="null"/> when every item names its own.</param>
/// <param name="DomainType">The domain type's name.</param>
/// <param name="PerItemDomain">Whether items choose their domain with an <c>[AssetDomain]</c> member.</param>
public sealed record SyncTypeDescription(string TypeName, string AssetType, string Community, string? Domain, string DomainType, bool PerItemDomain = false)
{
    /// <summary>The members mapped to attribute types (<see cref="CatalogAttributeAttribute">[CatalogAttribute]</see>), checked by the preflight.</summary>
    public IReadOnlyList<SyncAttributeDescription> Attributes { get; init; } = [];

    /// <summary>The members mapped to relations (<see cref="RelationAttribute">[Relation]</see>), checked by the preflight.</summary>
    public IReadOnlyList<SyncRelationDescription> Relations { get; init; } = [];

    /// <summary>This type's deletion guard (<see cref="MissingPolicyAttribute.MaxMissingPercent"/>): the largest share, in percent, of its assets one run may remove or retire; <see langword="null"/> takes the run's.</summary>
    public int? MaxMissingPercent { get; init; }

    /// <summary>This type's deletion guard (<see cref="MissingPolicyAttribute.MaxMissingCount"/>): the most of its assets one run may remove or retire; <see langword="null"/> takes the run's.</summary>
    public int? MaxMissingCount { get; init; }

    /// <summary>
    /// The synchronization ID that carried this type until now (<see cref="SyncAssetAttribute.MovedFrom"/>); the run
    /// lets the new ID take the assets over and then forgets the old one. <see langword="null"/>: no move.
    /// </summary>
    public string? MovedFrom
    {
        get => _movedFrom;
        init
        {
            if (value is not null && DeclaredSyncId.Problem(value) is { } problem)
            {
                throw new ArgumentException(problem, nameof(MovedFrom));
            }

            _movedFrom = value;
        }
    }

    private readonly string? _movedFrom;

    /// <inheritdoc/>
    public bool Equals(SyncTypeDescription? other) =>
        other is not null
        && (TypeName, AssetType, Community, Domain, DomainType, PerItemDomain) == (other.TypeName, other.AssetType, other.Community, other.Domain, other.DomainType, other.PerItemDomain)
        && (MaxMissingPercent, MaxMissingCount, MovedFrom) == (other.MaxMissingPercent, other.MaxMissingCount, other.MovedFrom)
        && Attributes.SequenceEqual(other.Attributes)
        && Relations.SequenceEqual(other.Relations);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TypeName, AssetType, Community, Domain, DomainType, PerItemDomain, Attributes.Count, Relations.Count);

    /// <inheritdoc/>
    public override string ToString()
    {
        var domain = (Domain, PerItemDomain) switch
        {
            (null, _) => "a per-item domain",
            (_, true) => $"a per-item domain (default '{Domain}')",
            _ => $"domain '{Domain}'",
        };
        return $"{TypeName} → '{AssetType}' assets in {domain} ({DomainType}) of community '{Community}'";
    }
}

/// <summary>What a mapped member writes, as far as the catalog's attribute kinds care.</summary>
public enum SyncValueKind
{
    /// <summary>Text (<see cref="string"/>, <see cref="Guid"/>).</summary>
    Text,
    /// <summary>A number (any integer or floating-point type, <see cref="decimal"/>).</summary>
    Number,
    /// <summary><see langword="true"/> or <see langword="false"/>.</summary>
    Boolean,
    /// <summary>A date (<see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>).</summary>
    Date,
    /// <summary>One name of an enum.</summary>
    Enum,
}

/// <summary>A member mapped to an attribute type.</summary>
/// <param name="AttributeType">The attribute type's name in the catalog.</param>
/// <param name="Member">The C# member, e.g. <c>RowCount</c>.</param>
/// <param name="Kind">What the member writes.</param>
/// <param name="IsSequence">Whether the member holds several values.</param>
public sealed record SyncAttributeDescription(string AttributeType, string Member, SyncValueKind Kind, bool IsSequence = false);

/// <summary>A member mapped to a relation.</summary>
/// <param name="RelationTypeId">The relation type's id.</param>
/// <param name="Role">Which end of the relation the listed assets are.</param>
/// <param name="TargetTypeName">The listed assets' annotated type, as in <see cref="SyncTypeDescription.TypeName"/>.</param>
/// <param name="TargetAssetType">The listed assets' asset type name.</param>
/// <param name="Member">The C# member, e.g. <c>Schema</c>.</param>
public sealed record SyncRelationDescription(Guid RelationTypeId, RelationRole Role, string TargetTypeName, string TargetAssetType, string Member);

/// <summary>The declarations core's rule for a declared synchronization ID (<see cref="SyncIdRules.DeclaredProblem"/>), as the message of an argument error.</summary>
internal static class DeclaredSyncId
{
    public static string? Problem(string? syncId) =>
        SyncIdRules.DeclaredProblem(syncId) is { } problem ? $"The synchronization ID {InputText.Quote(syncId)} is not valid: {problem}." : null;
}

/// <summary>A synchronization ID a plan no longer uses, and what becomes of the assets it tracked (<see cref="RemovedSyncIdAttribute"/>).</summary>
public sealed record SyncIdRemoval
{
    /// <summary>Creates the removal; <see cref="RemovedAssets.ChangeStatus"/> needs a status id or name.</summary>
    public SyncIdRemoval(string syncId, RemovedAssets then, Guid? statusId = null, string? statusName = null)
    {
        if (DeclaredSyncId.Problem(syncId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(syncId));
        }

        if (then == RemovedAssets.ChangeStatus && statusId is null && string.IsNullOrEmpty(statusName))
        {
            throw new ArgumentException($"The removal of '{syncId}' changes the status of its assets but names no status.", nameof(statusId));
        }

        SyncId = syncId;
        Then = then;
        StatusId = then == RemovedAssets.ChangeStatus ? statusId : null;
        StatusName = then == RemovedAssets.ChangeStatus && statusId is null ? statusName : null;
    }

    /// <summary>The synchronization ID.</summary>
    public string SyncId { get; }

    /// <summary>What becomes of its assets.</summary>
    public RemovedAssets Then { get; }

    /// <summary>With <see cref="RemovedAssets.ChangeStatus"/>: the status id.</summary>
    public Guid? StatusId { get; }

    /// <summary>With <see cref="RemovedAssets.ChangeStatus"/>: the status name, looked up at run time.</summary>
    public string? StatusName { get; }

    /// <summary>One line: the ID and what the run does with it.</summary>
    public override string ToString() => Then switch
    {
        RemovedAssets.ChangeStatus => $"removed '{SyncId}': its assets get status {(StatusId is { } id ? id.ToString("D") : $"'{StatusName}'")}, then it is forgotten",
        RemovedAssets.Remove => $"removed '{SyncId}': its assets are deleted, then it is forgotten",
        _ => $"removed '{SyncId}': forgotten, its assets stay as they are",
    };
}
