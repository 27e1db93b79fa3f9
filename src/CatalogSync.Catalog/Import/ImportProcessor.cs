using CatalogSync.Catalog.Jobs;
using CatalogSync.Catalog.Metamodel;
using CatalogSync.Catalog.Storage;
using CatalogSync.Contract;
using Change = CatalogSync.Catalog.Import.SummaryBuilder.Change;

namespace CatalogSync.Catalog.Import;

/// <summary>A command cannot be applied; the message says why and what to do.</summary>
internal sealed class CommandFailedException(string message, ImportErrorType type = ImportErrorType.Validation) : Exception(message)
{
    public ImportErrorType ErrorType { get; } = type;

    /// <summary>The column of a CSV or Excel row that holds the failing value, when it is known.</summary>
    public string? Column { get; init; }
}

/// <summary>
/// Applies import commands to one write session: create or update communities, domains and assets;
/// under a synchronization id, also claim them and mark them seen in the current cycle, skip those
/// that did not change, and restore retired assets. A failing command leaves no trace: with
/// <c>continueOnError</c> each command runs under its own savepoint; without it an asset command checks
/// everything that can fail before its first write (so it needs none, and the batch, which a single error rolls
/// back whole, costs no savepoint per asset), and community and domain commands, which are few, keep theirs.
/// The caller decides whether the batch commits.
/// </summary>
internal sealed class ImportProcessor
{
    private const string CommandSavepoint = "command";

    private readonly ICatalogSession _session;
    private readonly Metamodel.Metamodel _metamodel;
    private readonly SyncRow? _sync;
    private readonly RelationsAction _relationsAction;
    private readonly long _now;
    private readonly List<AssetCommand> _deferred = [];
    private readonly long _maxHeld;
    private readonly bool _savepointPerCommand;
    private long _held;
    // An asset whose relations wait for the end of the file and that nothing else changed is counted once they are
    // applied (CountPending), so an asset whose only change is a relation (one cleared at the source) counts updated.
    private readonly List<(AssetCommand Command, Guid AssetId, Guid AssetTypeId, bool CountPending)> _relations = [];

    // Every asset names its domain and community: resolve each once per batch, not once per asset.
    // Only community and domain commands change those rows, and they empty the caches first.
    private readonly Dictionary<string, CommunityRow> _communities = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid CommunityId, string Name), DomainRow> _domains = [];

    // continueOnError: whether the valid commands commit when others fail; then each command needs its own savepoint.
    // Without it any error rolls the whole batch back, and an asset command that fails has written nothing (its checks
    // come first).
    public ImportProcessor(ICatalogSession session, Metamodel.Metamodel metamodel, SyncRow? sync, RelationsAction relationsAction, long now, SummaryBuilder summary, int maxErrors = int.MaxValue, long maxHeld = long.MaxValue, bool continueOnError = true)
    {
        _savepointPerCommand = continueOnError;
        _maxHeld = maxHeld;
        Errors = new JobErrors(maxErrors);
        _session = session;
        _metamodel = metamodel;
        _sync = sync;
        _relationsAction = relationsAction;
        _now = now;
        Summary = summary;
    }

    /// <summary>The commands' errors: all counted, the first ones kept.</summary>
    public JobErrors Errors { get; }

    public SummaryBuilder Summary { get; }

    public int Processed { get; private set; }

    /// <summary>Applies one command (assets whose domain comes later in the input wait for <see cref="Complete"/>).</summary>
    public void Apply(ImportCommand command)
    {
        Processed++;
        if (command is SkippedCommand)
        {
            // Marked seen and counted by TrySkipUnchanged, before it was read into a command.
            return;
        }

        // Asset commands (and invalid ones) check before they write: see the class comment.
        Guarded(command, isolate: _savepointPerCommand || command is CommunityCommand or DomainCommand, apply: () =>
        {
            switch (command)
            {
                case InvalidCommand invalid:
                    throw new CommandFailedException(invalid.Message);
                case CommunityCommand community:
                    ForgetContainers();
                    ApplyCommunity(community);
                    break;
                case DomainCommand domain:
                    ForgetContainers();
                    ApplyDomain(domain);
                    break;
                case AssetCommand asset when ResolveDomain(asset.Identifier.Domain, optional: true) is null && asset.Identifier.Id is null:
                    Hold(asset, asset, "comes before its domain");
                    _deferred.Add(asset);
                    break;
                case AssetCommand asset:
                    ApplyAsset(asset);
                    break;
            }
        });
    }

    /// <summary>
    /// The unchanged-resource cache by hash alone (rule 24 of docs/semantics.md): when this synchronization id owns a
    /// resource, not retired, that the very same command last wrote, marks it seen and counts it unchanged, and the
    /// command need not be parsed nor its resource looked up. A cached hash is only kept while the command's
    /// identifier still names its resource (see <see cref="CachedHash"/>; renames and moves forget the hashes of what
    /// they change).
    /// </summary>
    public bool TrySkipUnchanged(string hash)
    {
        if (_sync is null || hash.Length == 0 || _session.MarkSeenUnchanged(_sync.SyncId, hash, _sync.Cycle) is not { } seen)
        {
            return false;
        }

        var (resourceType, typeId) = seen.Kind switch
        {
            OwnedKind.Community => (ImportResourceType.Community, Guid.Empty),
            OwnedKind.Domain => (ImportResourceType.Domain, seen.TypeId),
            _ => (ImportResourceType.Asset, seen.TypeId),
        };
        Summary.Count(resourceType, typeId, Change.Unchanged);
        return true;
    }

    // The hash to cache for a command: none when its identifier does not name the resource it leaves behind (it
    // renames or moves it, or creates it under another name or in another container), since the same command sent
    // again must then be applied, not skipped (it fails, or creates another resource).
    private static string CachedHash(ImportCommand command) => command switch
    {
        AssetCommand a when a.Identifier.Id is null
            && ((a.NewName is not null && a.NewName != a.Identifier.Name) || (a.Domain is not null && a.Domain != a.Identifier.Domain)) => "",
        DomainCommand d when d.Identifier.Id is null
            && ((d.NewName is not null && d.NewName != d.Identifier.Name) || (d.Community is not null && d.Community != d.Identifier.Community)) => "",
        CommunityCommand c when c.Identifier.Id is null && c.NewName is not null && c.NewName != c.Identifier.Name => "",
        _ => command.Hash,
    };

    /// <summary>Applies what had to wait for the whole input: assets listed before their domain, then relations.</summary>
    public void Complete()
    {
        foreach (var asset in _deferred)
        {
            Guarded(asset, () => ApplyAsset(asset));
        }

        foreach (var (command, assetId, assetTypeId, countPending) in _relations)
        {
            var errors = Errors.Count;
            var changed = false;
            Guarded(command, () => changed = ApplyRelations(command, assetId, assetTypeId), ImportResourceType.Relation);
            if (Errors.Count > errors && _sync is not null)
            {
                // The asset is in, its relations are not (continueOnError): the next send must not be skipped as unchanged.
                _session.MarkSeen(_sync.SyncId, OwnedKind.Asset, assetId, "", _sync.Cycle);
            }

            if (countPending)
            {
                Summary.Count(ImportResourceType.Asset, assetTypeId, changed && Errors.Count == errors ? Change.Updated : Change.Unchanged);
            }
        }
    }

    // What waits for the end of the file (assets before their domain, relations) is held in memory: it is bounded, so
    // that a hostile file cannot make the job hold gigabytes. Beyond the bound the command fails and says what to do.
    private void Hold(AssetCommand command, AssetCommand held, string what)
    {
        var weight = Weight(held);
        if (_held + weight > _maxHeld)
        {
            throw new CommandFailedException(
                $"The {command.Identifier} {what}, so it must wait for the end of the file, but what already waits holds more than {_maxHeld} bytes: "
                + "list Community and Domain resources before their assets, or split the input into smaller batches (Collibra recommends at most 50 000 resources per batch).");
        }

        _held += weight;
    }

    // A rough size in memory: two bytes per character of every string, plus a little per reference.
    private static long Weight(AssetCommand command)
    {
        long chars = 0;
        static long Of(string? text) => text?.Length ?? 0;
        static long OfDomain(DomainRef? domain) => domain is null ? 0 : 64 + Of(domain.Name) + (domain.Community is { } c ? 32 + Of(c.Name) : 0);
        static long OfAsset(AssetRef asset) => 64 + Of(asset.Name) + OfDomain(asset.Domain);
        chars += 128 + Of(command.Hash) + OfAsset(command.Identifier) + Of(command.NewName) + Of(command.DisplayName) + OfDomain(command.Domain) + Of(command.Type?.Name) + Of(command.Status?.Name);
        foreach (var (name, values) in command.Attributes ?? [])
        {
            chars += 32 + Of(name) + values.Sum(v => 16 + Of(v));
        }

        chars += (command.Tags ?? []).Sum(t => 16 + Of(t));
        foreach (var group in command.Relations ?? [])
        {
            chars += 64 + Of(group.Key) + group.Assets.Sum(OfAsset);
        }

        foreach (var (role, owners) in command.Responsibilities ?? new Dictionary<string, IReadOnlyList<OwnerRef>>())
        {
            chars += 32 + Of(role) + owners.Sum(o => 32 + Of(o.Key));
        }

        return 2 * chars;
    }

    // Community and domain commands may rename or retype what the caches hold; they are few, so start afresh.
    private void ForgetContainers()
    {
        _communities.Clear();
        _domains.Clear();
    }

    private void Remember(CommunityRow? community, DomainRow? domain)
    {
        if (community is not null)
        {
            _communities[community.Name] = community;
        }

        if (domain is not null)
        {
            _domains[(domain.CommunityId, domain.Name)] = domain;
        }
    }

    private void Guarded(ImportCommand command, Action apply, ImportResourceType? resourceType = null, bool isolate = true)
    {
        if (isolate)
        {
            _session.Savepoint(CommandSavepoint);
        }

        try
        {
            apply();
            if (isolate)
            {
                _session.ReleaseSavepoint(CommandSavepoint);
            }
        }
        catch (CommandFailedException ex)
        {
            if (isolate)
            {
                _session.RollbackToSavepoint(CommandSavepoint);
                _session.ReleaseSavepoint(CommandSavepoint);
            }

            Errors.Add(new ImportError
            {
                ErrorType = ex.ErrorType,
                ResourceType = resourceType ?? command.ResourceType,
                // A command made from a CSV or Excel row names the row (and the column, when the value came from one).
                ErrorMessage = command.Source is { } source ? $"{source.Row}{(ex.Column is { } column ? ", " + column : "")}: {ex.Message}" : ex.Message,
                Command = new ImportCommandReference { Indices = [command.Index], Identifier = command.Describe() },
            });
        }
    }

    // ---- Resolution -------------------------------------------------------------------------

    private CommunityRow? ResolveCommunity(CommunityRef? reference, bool optional = false)
    {
        if (reference is null)
        {
            return null;
        }

        if (reference.Id is null && _communities.TryGetValue(reference.Name!, out var cached))
        {
            return cached;
        }

        var row = reference.Id is { } id ? _session.GetCommunity(id) : _session.FindCommunity(reference.Name!);
        Remember(row, null);
        return row is not null || optional
            ? row
            : throw new CommandFailedException($"The {reference} does not exist: import it first (a Community resource) or fix the name.");
    }

    private DomainRow? ResolveDomain(DomainRef? reference, bool optional = false)
    {
        if (reference is null)
        {
            return null;
        }

        if (reference.Id is { } id)
        {
            return _session.GetDomain(id) ?? (optional ? null : throw new CommandFailedException($"The {reference} does not exist."));
        }

        var community = ResolveCommunity(reference.Community, optional);
        if (community is not null && _domains.TryGetValue((community.Id, reference.Name!), out var cached))
        {
            return cached;
        }

        var row = community is null ? null : _session.FindDomain(community.Id, reference.Name!);
        Remember(null, row);
        return row is not null || optional
            ? row
            : throw new CommandFailedException($"The {reference} does not exist: import it first (a Domain resource with a type) or fix the name.");
    }

    private AssetRow? ResolveAsset(AssetRef reference)
    {
        if (reference.Id is { } id)
        {
            return _session.GetAsset(id);
        }

        var domain = ResolveDomain(reference.Domain, optional: true);
        return domain is null ? null : _session.FindAsset(domain.Id, reference.Name!);
    }

    private AssetTypeInfo ResolveAssetType(NameOrId type)
    {
        var found = type.Id is { } id ? _metamodel.AssetTypesById.GetValueOrDefault(id) : _metamodel.AssetTypesByName.GetValueOrDefault(type.Name!);
        return found ?? throw new CommandFailedException(
            $"Unknown asset type {type}: the catalog has no such asset type. Known types include {Sample(_metamodel.AssetTypesByName.Keys)}; GET /rest/2.0/assetTypes lists them all.");
    }

    private DomainTypeInfo ResolveDomainType(NameOrId type)
    {
        var found = type.Id is { } id ? _metamodel.DomainTypesById.GetValueOrDefault(id) : _metamodel.DomainTypesByName.GetValueOrDefault(type.Name!);
        return found ?? throw new CommandFailedException(
            $"Unknown domain type {type}. Known domain types include {Sample(_metamodel.DomainTypesByName.Keys)}; GET /rest/2.0/domainTypes lists them all.");
    }

    private StatusInfo ResolveStatus(NameOrId status)
    {
        var found = status.Id is { } id ? _metamodel.StatusesById.GetValueOrDefault(id) : _metamodel.StatusesByName.GetValueOrDefault(status.Name!);
        return found ?? throw new CommandFailedException(
            $"Unknown status {status}. Known statuses include {Sample(_metamodel.StatusesByName.Keys)}; GET /rest/2.0/statuses lists them all.");
    }

    private static string Sample(IEnumerable<string> names) =>
        string.Join(", ", names.Order(StringComparer.Ordinal).Take(6).Select(n => $"'{n}'")) + ", …";

    // ---- Ownership --------------------------------------------------------------------------

    private bool IsUnchanged(OwnedKind kind, Guid resourceId, string hash, out OwnershipRow? ownership)
    {
        ownership = _sync is null ? null : _session.GetOwnership(_sync.SyncId, kind, resourceId);
        return ownership is { RetiredStatusId: null } && ownership.Hash.Length > 0 && ownership.Hash == hash;
    }

    private void MarkSeen(OwnedKind kind, Guid resourceId, string hash)
    {
        if (_sync is not null)
        {
            _session.MarkSeen(_sync.SyncId, kind, resourceId, hash, _sync.Cycle);
        }
    }

    // ---- Communities ------------------------------------------------------------------------

    private void ApplyCommunity(CommunityCommand command)
    {
        var existing = ResolveCommunity(command.Identifier, optional: true);
        if (existing is null && command.Identifier.Id is not null && command.Identifier.Name is null && command.NewName is null)
        {
            throw new CommandFailedException($"The {command.Identifier} does not exist, and the command gives no name to create it with.");
        }

        if (existing is not null && IsUnchanged(OwnedKind.Community, existing.Id, command.Hash, out _))
        {
            MarkSeen(OwnedKind.Community, existing.Id, CachedHash(command));
            Summary.Count(ImportResourceType.Community, Guid.Empty, Change.Unchanged);
            return;
        }

        var parent = ResolveCommunity(command.Parent);
        if (existing is null)
        {
            var name = command.NewName ?? command.Identifier.Name!;
            if (_session.FindCommunity(name) is not null)
            {
                throw new CommandFailedException($"A community named {InputText.Quote(name)} already exists; community names are unique.");
            }

            var row = new CommunityRow(command.Identifier.Id ?? Guid.NewGuid(), name, command.Description, parent?.Id, _now, _now);
            _session.InsertCommunity(row);
            existing = row;
            Summary.Count(ImportResourceType.Community, Guid.Empty, Change.Added);
        }
        else
        {
            var updated = existing with
            {
                Name = command.NewName ?? existing.Name,
                Description = command.Description ?? existing.Description,
                ParentId = parent?.Id ?? existing.ParentId,
            };
            var changed = updated != existing;
            if (updated.Name != existing.Name && _session.FindCommunity(updated.Name) is not null)
            {
                throw new CommandFailedException($"The community cannot be renamed to {InputText.Quote(updated.Name)}: a community with that name already exists.");
            }

            if (changed)
            {
                _session.UpdateCommunity(updated with { LastModifiedOn = _now });
            }

            changed |= ApplyResponsibilities(existing.Id, command);
            Summary.Count(ImportResourceType.Community, Guid.Empty, changed ? Change.Updated : Change.Unchanged);
            MarkSeen(OwnedKind.Community, existing.Id, CachedHash(command));
            return;
        }

        ApplyResponsibilities(existing.Id, command);
        MarkSeen(OwnedKind.Community, existing.Id, CachedHash(command));
    }

    // ---- Domains ----------------------------------------------------------------------------

    private void ApplyDomain(DomainCommand command)
    {
        var existing = ResolveDomain(command.Identifier, optional: true);
        if (existing is not null && IsUnchanged(OwnedKind.Domain, existing.Id, command.Hash, out _))
        {
            MarkSeen(OwnedKind.Domain, existing.Id, CachedHash(command));
            Summary.Count(ImportResourceType.Domain, existing.TypeId, Change.Unchanged);
            return;
        }

        var type = command.Type is null ? null : ResolveDomainType(command.Type);
        if (existing is null)
        {
            if (command.Identifier.Id is not null && command.Identifier.Name is null)
            {
                throw new CommandFailedException($"The {command.Identifier} does not exist; identify a new domain by \"name\" and \"community\".");
            }

            var community = ResolveCommunity(command.Community ?? command.Identifier.Community)!;
            if (type is null)
            {
                throw new CommandFailedException($"The {command.Identifier} does not exist, and a new domain needs a \"type\", e.g. {{ \"name\": \"Glossary\" }}.");
            }

            var row = new DomainRow(command.Identifier.Id ?? Guid.NewGuid(), command.NewName ?? command.Identifier.Name!, command.Description, community.Id, type.Id, _now, _now);
            _session.InsertDomain(row);
            ApplyResponsibilities(row.Id, command);
            MarkSeen(OwnedKind.Domain, row.Id, CachedHash(command));
            Summary.Count(ImportResourceType.Domain, row.TypeId, Change.Added);
            return;
        }

        var updated = existing with
        {
            Name = command.NewName ?? existing.Name,
            Description = command.Description ?? existing.Description,
            TypeId = type?.Id ?? existing.TypeId,
        };
        var changed = updated != existing;
        if (updated.Name != existing.Name && _session.FindDomain(existing.CommunityId, updated.Name) is not null)
        {
            throw new CommandFailedException($"The domain cannot be renamed to {InputText.Quote(updated.Name)}: its community already has a domain with that name.");
        }

        if (changed)
        {
            _session.UpdateDomain(updated with { LastModifiedOn = _now });
        }

        changed |= ApplyResponsibilities(existing.Id, command);
        MarkSeen(OwnedKind.Domain, existing.Id, CachedHash(command));
        Summary.Count(ImportResourceType.Domain, updated.TypeId, changed ? Change.Updated : Change.Unchanged);
    }

    // ---- Assets -----------------------------------------------------------------------------

    private void ApplyAsset(AssetCommand command)
    {
        var existing = ResolveAsset(command.Identifier);
        if (existing is null && command.Identifier.Id is not null && command.Identifier.Name is null)
        {
            throw new CommandFailedException($"The {command.Identifier} does not exist; identify a new asset by \"name\" and \"domain\".");
        }

        if (existing is null)
        {
            // Makes the message precise: which part of the chain is missing.
            ResolveDomain(command.Identifier.Domain);
        }

        if (existing is not null && IsUnchanged(OwnedKind.Asset, existing.Id, command.Hash, out _))
        {
            MarkSeen(OwnedKind.Asset, existing.Id, CachedHash(command));
            Summary.Count(ImportResourceType.Asset, existing.TypeId, Change.Unchanged);
            return;
        }

        var ownership = existing is null || _sync is null ? null : _session.GetOwnership(_sync.SyncId, OwnedKind.Asset, existing.Id);
        var type = command.Type is null ? null : ResolveAssetType(command.Type);
        var status = command.Status is null ? null : ResolveStatus(command.Status);
        var moveTo = command.Domain is null ? null : ResolveDomain(command.Domain);


        // Everything that can fail comes before the first write (see the class comment), in the order the checks had
        // when each command had its savepoint: name clashes, then attribute types and values, roles, and the bound on
        // what waits for the end of the file.
        (List<(AttributeTypeInfo Type, List<string> Values)>? Attributes, List<ResponsibilityRow>? Responsibilities, AssetCommand? RelationsOnly) Check()
        {
            var attributes = ResolveAttributes(command);
            var responsibilities = ResolveResponsibilities(command);
            AssetCommand? relationsOnly = null;
            if (command.Relations is { Count: > 0 })
            {
                // Only what the relations need waits for the end of the file.
                relationsOnly = command with { Attributes = null, Tags = null, Responsibilities = null, DisplayName = null, NewName = null, Type = null, Status = null, Domain = null };
                Hold(command, relationsOnly, "has relations");
            }

            return (attributes, responsibilities, relationsOnly);
        }

        var changed = false;
        Change change;
        AssetRow row;
        (List<(AttributeTypeInfo Type, List<string> Values)>? Attributes, List<ResponsibilityRow>? Responsibilities, AssetCommand? RelationsOnly) @checked;
        if (existing is null)
        {
            if (type is null)
            {
                throw new CommandFailedException($"The {command.Identifier} does not exist, and a new asset needs a \"type\", e.g. {{ \"name\": \"Business Term\" }}.");
            }

            var domain = moveTo ?? ResolveDomain(command.Identifier.Domain)!;
            row = new AssetRow(
                command.Identifier.Id ?? Guid.NewGuid(),
                command.NewName ?? command.Identifier.Name!,
                command.DisplayName,
                domain.Id,
                type.Id,
                status?.Id ?? type.DefaultStatusId,
                _now,
                _now);
            // The name given by the identifier was just looked up (not found); only a rename or move needs another look.
            if ((command.NewName is not null || moveTo is not null || command.Identifier.Id is not null) && _session.FindAsset(domain.Id, row.Name) is not null)
            {
                throw new CommandFailedException($"An asset named {InputText.Quote(row.Name)} already exists in that domain; asset names are unique per domain.");
            }

            @checked = Check();
            _session.InsertAsset(row);
            change = Change.Added;
        }
        else
        {
            var newType = type?.Id ?? existing.TypeId;
            var newStatus = status?.Id ?? existing.StatusId;
            var restored = false;
            var retired = ownership?.RetiredStatusId;
            if (retired is not null && status is null && existing.StatusId == retired)
            {
                // Seen again after a CHANGE_STATUS finalization: back to the type's default status,
                // unless the input gives a status of its own (then that one wins).
                newStatus = _metamodel.AssetTypesById[newType].DefaultStatusId;
                restored = true;
            }

            row = existing with
            {
                Name = command.NewName ?? existing.Name,
                DisplayName = command.DisplayName ?? existing.DisplayName,
                DomainId = moveTo?.Id ?? existing.DomainId,
                TypeId = newType,
                StatusId = newStatus,
            };
            changed = row != existing;
            if ((row.Name != existing.Name || row.DomainId != existing.DomainId) && _session.FindAsset(row.DomainId, row.Name) is not null)
            {
                throw new CommandFailedException($"The asset cannot be renamed or moved to {InputText.Quote(row.Name)}: that domain already has an asset with that name.");
            }

            @checked = Check();
            if (retired is not null)
            {
                _session.ClearRetired(_sync!.SyncId, existing.Id);
            }

            if (changed)
            {
                _session.UpdateAsset(row with { LastModifiedOn = _now });
            }

            change = restored ? Change.Restored : Change.Updated;
        }

        var isNew = change == Change.Added;
        var (attributes, responsibilities, relationsOnly) = @checked;
        changed |= ApplyAttributes(row.Id, attributes, isNew);
        changed |= ApplyTags(row.Id, command, isNew);
        changed |= responsibilities is not null && ApplyResponsibilities(row.Id, responsibilities, isNew);
        var counted = change == Change.Added || change == Change.Restored || changed;
        var countPending = false;
        if (relationsOnly is not null)
        {
            countPending = !counted;
            _relations.Add((relationsOnly, row.Id, row.TypeId, countPending));
        }

        MarkSeen(OwnedKind.Asset, row.Id, CachedHash(command));
        if (!countPending)
        {
            Summary.Count(ImportResourceType.Asset, row.TypeId, counted ? change : Change.Unchanged);
        }
    }

    // The attribute types of the command with their normalised values, checked: an unknown type, a type given twice or
    // a value that does not fit its type fails the command here, before anything is written.
    private List<(AttributeTypeInfo Type, List<string> Values)>? ResolveAttributes(AssetCommand command)
    {
        if (command.Attributes is null)
        {
            return null;
        }

        var result = new List<(AttributeTypeInfo, List<string>)>(command.Attributes.Count);
        foreach (var (name, values) in command.Attributes)
        {
            var type = _metamodel.AttributeTypesByName.GetValueOrDefault(name)
                ?? (Guid.TryParse(name, out var id) ? _metamodel.AttributeTypesById.GetValueOrDefault(id) : null)
                ?? throw new CommandFailedException($"Unknown attribute type {InputText.Quote(name)}. Known attribute types include {Sample(_metamodel.AttributeTypesByName.Keys)}; GET /rest/2.0/attributeTypes lists them all.");
            foreach (var (seen, _) in result)
            {
                if (seen.Id == type.Id)
                {
                    throw new CommandFailedException($"Attribute type {InputText.Quote(type.Name)} is given twice.");
                }
            }

            var normalized = new List<string>(values.Count);
            foreach (var value in values)
            {
                try
                {
                    normalized.Add(Normalize(type, value));
                }
                catch (CommandFailedException ex) when (command.Source?.ColumnOf(name) is { } column)
                {
                    throw new CommandFailedException(ex.Message, ex.ErrorType) { Column = column };
                }
            }

            result.Add((type, normalized));
        }

        return result;
    }

    private bool ApplyAttributes(Guid assetId, List<(AttributeTypeInfo Type, List<string> Values)>? attributes, bool isNew)
    {
        if (attributes is null)
        {
            return false;
        }

        var changed = false;
        foreach (var (type, normalized) in attributes)
        {
            if (isNew)
            {
                // A new asset has no values yet: insert, with no DELETE first.
                if (normalized.Count > 0)
                {
                    _session.InsertAttributeValues(assetId, type.Id, normalized, _now);
                    changed = true;
                }
            }
            else if (!_session.GetAttributeValues(assetId, type.Id).SequenceEqual(normalized, StringComparer.Ordinal))
            {
                _session.ReplaceAttributeValues(assetId, type.Id, normalized, _now);
                changed = true;
            }
        }

        return changed;
    }

    private static string Normalize(AttributeTypeInfo type, string value) => type.Kind switch
    {
        AttributeKind.Numeric => AttributeValues.NormalizeNumber(value)
            ?? throw new CommandFailedException($"Attribute {InputText.Quote(type.Name)} is numeric, but {InputText.Quote(value)} is not a number: {AttributeValues.NumberRule}"),
        AttributeKind.Boolean => bool.TryParse(value, out var flag)
            ? (flag ? "true" : "false")
            : throw new CommandFailedException($"Attribute {InputText.Quote(type.Name)} is boolean, but {InputText.Quote(value)} is neither 'true' nor 'false'."),
        AttributeKind.Date => AttributeValues.NormalizeDate(value)
            ?? throw new CommandFailedException($"Attribute {InputText.Quote(type.Name)} is a date, but {InputText.Quote(value)} is neither milliseconds since the epoch nor an ISO 8601 date: {AttributeValues.DateRule}"),
        _ => value,
    };

    private bool ApplyTags(Guid assetId, AssetCommand command, bool isNew)
    {
        if (command.Tags is null)
        {
            return false;
        }

        var wanted = command.Tags.Order(StringComparer.Ordinal).ToList();
        if (isNew ? wanted.Count == 0 : _session.GetTags(assetId).SequenceEqual(wanted, StringComparer.Ordinal))
        {
            return false;
        }

        _session.ReplaceTags(assetId, wanted);
        return true;
    }

    private bool ApplyResponsibilities(Guid resourceId, ImportCommand command) =>
        ResolveResponsibilities(command) is { } wanted && ApplyResponsibilities(resourceId, wanted, isNew: false);

    // The command's responsibilities with their roles checked (an unknown role fails the command before any write).
    private List<ResponsibilityRow>? ResolveResponsibilities(ImportCommand command)
    {
        if (command.Responsibilities is null)
        {
            return null;
        }

        var wanted = new List<ResponsibilityRow>();
        foreach (var (role, owners) in command.Responsibilities)
        {
            var roleInfo = (Guid.TryParse(role, out var roleId) ? _metamodel.RolesById.GetValueOrDefault(roleId) : null)
                ?? _metamodel.RolesByName.GetValueOrDefault(role)
                ?? throw new CommandFailedException($"Unknown role {InputText.Quote(role)}. Known roles include {Sample(_metamodel.RolesByName.Keys)}.");
            wanted.AddRange(owners.Select(o => new ResponsibilityRow(roleInfo.Name, o.Kind, o.Key)));
        }

        return wanted;
    }

    private bool ApplyResponsibilities(Guid resourceId, List<ResponsibilityRow> wanted, bool isNew)
    {
        if (isNew ? wanted.Count == 0 : _session.GetResponsibilities(resourceId).SequenceEqual(wanted))
        {
            return false;
        }

        _session.ReplaceResponsibilities(resourceId, wanted);
        return true;
    }

    // ---- Relations --------------------------------------------------------------------------

    /// <returns>Whether a relation was added or removed.</returns>
    private bool ApplyRelations(AssetCommand command, Guid assetId, Guid assetTypeId)
    {
        var changed = false;
        foreach (var group in command.Relations!)
        {
            var relationType = _metamodel.RelationTypesById.GetValueOrDefault(group.TypeId)
                ?? throw new CommandFailedException($"Unknown relation type {group.TypeId} in {InputText.QuoteName(group.Key)}; GET /rest/2.0/relationTypes lists the known ones.");

            // The suffix names the role of the listed assets: ":SOURCE" lists sources, so this asset is the target.
            var assetIsTarget = group.ListedAreSources;
            var ownSide = assetIsTarget ? relationType.TargetTypeId : relationType.SourceTypeId;
            var otherSide = assetIsTarget ? relationType.SourceTypeId : relationType.TargetTypeId;
            if (!_metamodel.IsA(assetTypeId, ownSide))
            {
                throw new CommandFailedException(
                    $"Relation {InputText.QuoteName(group.Key)} makes this {_metamodel.AssetTypesById[assetTypeId].Name} the {(assetIsTarget ? "target" : "source")}, but that side of {InputText.Quote(Describe(relationType))} must be a {_metamodel.AssetTypesById[ownSide].Name}. Use the other direction (:{(assetIsTarget ? "TARGET" : "SOURCE")}) or another relation type.");
            }

            var wanted = new HashSet<Guid>();
            foreach (var reference in group.Assets)
            {
                var other = ResolveAsset(reference)
                    ?? throw new CommandFailedException($"Relation {InputText.QuoteName(group.Key)} lists the {reference}, which does not exist: import it in this batch or an earlier one.");
                if (!_metamodel.IsA(other.TypeId, otherSide))
                {
                    throw new CommandFailedException(
                        $"Relation {InputText.QuoteName(group.Key)} lists {InputText.Quote(other.Name)}, a {_metamodel.AssetTypesById[other.TypeId].Name}, but that side of {InputText.Quote(Describe(relationType))} must be a {_metamodel.AssetTypesById[otherSide].Name}.");
                }

                wanted.Add(other.Id);
            }

            var existing = _session.GetRelated(assetId, relationType.Id, assetIsTarget).ToHashSet();
            foreach (var add in wanted.Except(existing))
            {
                AddOrRemove(relationType.Id, assetId, add, assetIsTarget, add: true);
                changed = true;
            }

            if (_relationsAction == RelationsAction.Replace)
            {
                // An empty list removes every relation of the key: the source has none (any more).
                foreach (var remove in existing.Except(wanted))
                {
                    AddOrRemove(relationType.Id, assetId, remove, assetIsTarget, add: false);
                    changed = true;
                }
            }
        }

        return changed;
    }

    private void AddOrRemove(Guid typeId, Guid assetId, Guid otherId, bool assetIsTarget, bool add)
    {
        var (source, target) = assetIsTarget ? (otherId, assetId) : (assetId, otherId);
        if (add)
        {
            _session.AddRelation(typeId, source, target, _now);
            Summary.Count(ImportResourceType.Relation, typeId, Change.Added);
        }
        else
        {
            _session.RemoveRelation(typeId, source, target);
            Summary.Count(ImportResourceType.Relation, typeId, Change.Removed);
        }
    }

    private string Describe(RelationTypeInfo type) =>
        $"{_metamodel.AssetTypesById[type.SourceTypeId].Name} {type.Role} {_metamodel.AssetTypesById[type.TargetTypeId].Name}";
}
