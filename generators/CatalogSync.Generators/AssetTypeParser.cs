using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.Generators;

/// <summary>Turns a [SyncAsset] type symbol into an <see cref="AssetTypeModel"/> and its own diagnostics.</summary>
internal static class AssetTypeParser
{
    private const string StringOnly = "string";
    private const string StringSequence = "a sequence of string, e.g. IReadOnlyList<string> or string[]";
    private const string StringOrSequence = "string, or a sequence of string for several related assets";
    private const string AttributeValueTypes =
        "string, bool, an integer type, float, double, decimal, DateTimeOffset, DateTime, DateOnly, Guid, an enum, their nullable forms, or a sequence of these";

    public static AssetTypeModel Parse(ParseTarget target, CancellationToken cancellationToken)
    {
        var symbol = target.Symbol;
        var syntax = (TypeDeclarationSyntax)target.Node;
        var attribute = target.Attribute;
        var diagnostics = new List<DiagnosticInfo>();
        var typeLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        var attributeLocation = attribute.Location(cancellationToken);
        var shortName = symbol.Name;
        var nameable = false;

        if (SymbolHelpers.InaccessibleReason(symbol) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.TypeNotAccessible, typeLocation, shortName, reason));
        }
        else if (symbol.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.TypeNotAccessible, typeLocation, shortName, "it is static"));
        }
        else
        {
            nameable = true;
        }

        // [SyncAsset] properties.
        var assetType = attribute.NamedString("AssetType") ?? "";
        var community = attribute.NamedString("Community") ?? "";
        var domain = attribute.NamedString("Domain");
        var domainType = attribute.NamedString("DomainType");
        var syncId = attribute.NamedString("SyncId");
        var movedFrom = attribute.NamedString("MovedFrom");
        if (Strings.IsNullOrWhiteSpace(assetType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingSyncAssetProperty, attribute.NamedLocation("AssetType", cancellationToken), shortName, "AssetType", "set AssetType to the asset type's name in the catalog, e.g. AssetType = \"Table\""));
        }

        if (Strings.IsNullOrWhiteSpace(community))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingSyncAssetProperty, attribute.NamedLocation("Community", cancellationToken), shortName, "Community", "set Community to the name of the community that holds the domain"));
        }

        if (domainType is not null && Strings.IsNullOrWhiteSpace(domainType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingSyncAssetProperty, attribute.NamedLocation("DomainType", cancellationToken), shortName, "DomainType", "remove DomainType to use \"Physical Data Dictionary\", or name a domain type"));
        }

        if (syncId is not null && SyncIdRules.DeclaredProblem(syncId) is { } syncIdProblem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidSyncId, attribute.NamedLocation("SyncId", cancellationToken), "SyncId", syncId, syncIdProblem));
        }

        if (movedFrom is not null && SyncIdRules.DeclaredProblem(movedFrom) is { } movedFromProblem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidSyncId, attribute.NamedLocation("MovedFrom", cancellationToken), "MovedFrom", movedFrom, movedFromProblem));
        }

        var policy = ParsePolicy(symbol, shortName, typeLocation, diagnostics, cancellationToken, out var statusIdRef, out var statusNameRef);
        var guard = ParseGuard(symbol, shortName, diagnostics, cancellationToken);
        var members = new MemberCollector(shortName, diagnostics, cancellationToken);
        members.Collect(symbol);

        if (members.NameMember is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingAssetName, typeLocation, shortName));
        }

        if (Strings.IsNullOrWhiteSpace(domain))
        {
            domain = null;
            if (members.DomainMember is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingSyncAssetProperty, attribute.NamedLocation("Domain", cancellationToken), shortName, "Domain", "set Domain to the name of the domain the assets live in, or mark a string member with [AssetDomain]"));
            }
        }

        var containers = new List<string>();
        for (var t = symbol.ContainingType; t is not null; t = t.ContainingType)
        {
            containers.Insert(0, t.Name);
        }

        containers.Add(symbol.Name);
        return new AssetTypeModel(
            Key: symbol.ToDisplayString(SymbolHelpers.FullyQualified),
            TypeName: symbol.ToDisplayString(),
            ShortName: shortName,
            Namespace: SymbolHelpers.Namespace(symbol),
            MapperName: string.Join("_", containers) + "AssetMapper",
            IsPublic: SymbolHelpers.IsEffectivelyPublic(symbol),
            IsReferenceType: symbol.IsReferenceType,
            IsNameable: nameable,
            AssetType: assetType,
            Community: community,
            Domain: domain,
            DomainType: domainType ?? AttributeNames.DefaultDomainType,
            SyncId: syncId,
            MovedFrom: movedFrom,
            Policy: policy,
            Guard: guard,
            NameMember: members.NameMember,
            DisplayNameMember: members.DisplayNameMember,
            StatusMember: members.StatusMember,
            TagsMember: members.TagsMember,
            TagsContainerNullable: members.TagsContainerNullable,
            DomainMember: members.DomainMember,
            Attributes: members.Attributes.ToEquatableArray(),
            Relations: members.Relations.ToEquatableArray(),
            Enums: members.Enums.Values.OrderBy(e => e.FullName, StringComparer.Ordinal).ToEquatableArray(),
            Location: typeLocation,
            AttributeLocation: attributeLocation,
            Diagnostics: diagnostics.ToEquatableArray(),
            Refs: new MetamodelRefs(
                new NameRef(assetType, attribute.NamedLocation("AssetType", cancellationToken)),
                domainType is null ? null : new NameRef(domainType, attribute.NamedLocation("DomainType", cancellationToken)),
                statusIdRef,
                statusNameRef,
                members.AttributeRefs.ToEquatableArray(),
                members.RelationRefs.ToEquatableArray()));
    }

    /// <summary>CSYNC006 for a [MissingPolicy] type without [SyncAsset]; null otherwise.</summary>
    public static DiagnosticInfo? ParseStrayPolicy(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol.Find(AttributeNames.SyncAsset) is not null)
        {
            return null;
        }

        return DiagnosticInfo.Create(DiagnosticCatalog.PolicyWithoutSyncAsset, context.Attributes[0].Location(cancellationToken), context.TargetSymbol.Name);
    }

    /// <summary>The per-type deletion guard of [MissingPolicy]; kept apart from the policy, which decides the synchronization ID.</summary>
    private static GuardModel ParseGuard(INamedTypeSymbol symbol, string shortName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (symbol.Find(AttributeNames.MissingPolicy) is not { } attribute)
        {
            return GuardModel.None;
        }

        int Read(string name, int max, string rule)
        {
            if (attribute.Named(name) is not { Value: int value } || value == -1)
            {
                return -1;
            }

            if (value < 0 || value > max)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidArgument, attribute.NamedLocation(name, cancellationToken), name + " = " + value.ToString(System.Globalization.CultureInfo.InvariantCulture), shortName, rule));
                return -1;
            }

            return value;
        }

        return new GuardModel(
            Read("MaxMissingPercent", 100, "give 0 to 100 (percent of the type's assets), or -1 for the run's deletion guard"),
            Read("MaxMissingCount", int.MaxValue, "give 0 or more, or -1 for the run's deletion guard"));
    }

    private static PolicyModel? ParsePolicy(INamedTypeSymbol symbol, string shortName, LocationInfo? typeLocation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, out NameRef? statusIdRef, out NameRef? statusNameRef)
    {
        statusIdRef = null;
        statusNameRef = null;
        var attribute = symbol.Find(AttributeNames.MissingPolicy);
        if (attribute is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingPolicy, typeLocation, shortName));
            return null;
        }

        var strategy = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value ? (MissingStrategy)value : MissingStrategy.RemoveResources;
        if (strategy is not (MissingStrategy.RemoveResources or MissingStrategy.ChangeStatus or MissingStrategy.Ignore))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidArgument, attribute.PositionalLocation(0, cancellationToken), "The strategy", shortName, "use MissingStrategy.RemoveResources, ChangeStatus or Ignore"));
            strategy = MissingStrategy.RemoveResources;
        }

        var statusId = attribute.NamedString("StatusId");
        var statusName = attribute.NamedString("StatusName");
        if (strategy == MissingStrategy.ChangeStatus)
        {
            if (statusId is not null && statusName is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.StatusIdAndName, attribute.Location(cancellationToken), shortName));
            }
            else if (statusId is null && Strings.IsNullOrWhiteSpace(statusName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.ChangeStatusWithoutStatus, attribute.Location(cancellationToken), shortName));
            }

            if (statusId is not null && !Strings.IsUuid(statusId))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.StatusIdNotUuid, attribute.NamedLocation("StatusId", cancellationToken), statusId, shortName) with { Replacement = Strings.UuidReplacement(statusId) });
            }

            // What the metamodel check looks up: the status the policy will use, at its argument.
            if (statusId is not null && Strings.IsUuid(statusId))
            {
                statusIdRef = new NameRef(statusId, attribute.NamedLocation("StatusId", cancellationToken));
            }
            else if (statusId is null && statusName is not null)
            {
                statusNameRef = new NameRef(statusName, attribute.NamedLocation("StatusName", cancellationToken));
            }

            return new PolicyModel(strategy, statusId is not null && Strings.IsUuid(statusId) ? Guid.ParseExact(statusId, "D").ToString("D") : null, statusId is null ? statusName : null);
        }

        foreach (var name in new[] { "StatusId", "StatusName" })
        {
            if (attribute.HasNamed(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.StatusWithoutEffect, attribute.NamedLocation(name, cancellationToken), name, shortName, strategy.ToString()));
            }
        }

        return new PolicyModel(strategy, null, null);
    }

    /// <summary>Reads the mapped members of a type and its base types.</summary>
    private sealed class MemberCollector(string typeName, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _mappedKeys = new(StringComparer.Ordinal);

        public string? NameMember { get; private set; }

        public string? DisplayNameMember { get; private set; }

        public string? StatusMember { get; private set; }

        public string? TagsMember { get; private set; }

        public bool TagsContainerNullable { get; private set; }

        public string? DomainMember { get; private set; }

        public List<AttributeMapping> Attributes { get; } = [];

        public List<RelationMapping> Relations { get; } = [];

        public List<AttributeRef> AttributeRefs { get; } = [];

        public List<RelationRef> RelationRefs { get; } = [];

        public Dictionary<string, EnumModel> Enums { get; } = new(StringComparer.Ordinal);

        public void Collect(INamedTypeSymbol type)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member is not (IPropertySymbol or IFieldSymbol) || member.IsImplicitlyDeclared)
                    {
                        continue;
                    }

                    var ours = member.GetAttributes().Where(IsOurs).ToList();
                    if (ours.Count == 0 || !seen.Add(member.Name))
                    {
                        continue;
                    }

                    Collect(member, ours);
                }
            }
        }

        private static bool IsOurs(AttributeData attribute) =>
            attribute.Is(AttributeNames.AssetName) || attribute.Is(AttributeNames.AssetDisplayName) || attribute.Is(AttributeNames.AssetStatus)
            || attribute.Is(AttributeNames.AssetTags) || attribute.Is(AttributeNames.AssetDomain) || attribute.Is(AttributeNames.CatalogAttribute)
            || attribute.Is(AttributeNames.Relation);

        private void Collect(ISymbol member, List<AttributeData> attributes)
        {
            var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
            var memberLocation = LocationInfo.From(member.Locations.FirstOrDefault());
            var readable = CheckReadable(member, memberLocation);
            var access = SymbolHelpers.EscapeIdentifier(member.Name);
            foreach (var attribute in attributes)
            {
                var location = attribute.Location(cancellationToken) ?? memberLocation;
                if (attribute.Is(AttributeNames.AssetName))
                {
                    if (Role("AssetName", member.Name, location) && RequireString(memberType, "AssetName", member.Name, location, StringOnly) && readable)
                    {
                        NameMember = access;
                    }
                    else
                    {
                        NameMember ??= "";
                    }
                }
                else if (attribute.Is(AttributeNames.AssetDisplayName))
                {
                    if (Role("AssetDisplayName", member.Name, location) && RequireString(memberType, "AssetDisplayName", member.Name, location, StringOnly))
                    {
                        DisplayNameMember = access;
                    }
                }
                else if (attribute.Is(AttributeNames.AssetStatus))
                {
                    if (Role("AssetStatus", member.Name, location) && RequireString(memberType, "AssetStatus", member.Name, location, StringOnly))
                    {
                        StatusMember = access;
                    }
                }
                else if (attribute.Is(AttributeNames.AssetDomain))
                {
                    if (Role("AssetDomain", member.Name, location) && RequireString(memberType, "AssetDomain", member.Name, location, StringOnly))
                    {
                        DomainMember = access;
                    }
                    else
                    {
                        DomainMember ??= "";
                    }
                }
                else if (attribute.Is(AttributeNames.AssetTags))
                {
                    if (Role("AssetTags", member.Name, location))
                    {
                        var shape = ValueShapes.Get(memberType, allowSequence: true);
                        if (shape is { IsSequence: true, Kind: ValueKind.String })
                        {
                            TagsMember = access;
                            TagsContainerNullable = shape.ContainerNullable;
                        }
                        else
                        {
                            Unsupported("AssetTags", member.Name, memberType, location, StringSequence);
                        }
                    }
                }
                else if (attribute.Is(AttributeNames.CatalogAttribute))
                {
                    CollectAttribute(member, memberType, attribute, location, access);
                }
                else if (attribute.Is(AttributeNames.Relation))
                {
                    CollectRelation(member, memberType, attribute, location, access);
                }
            }
        }

        private void CollectAttribute(ISymbol member, ITypeSymbol memberType, AttributeData attribute, LocationInfo? location, string access)
        {
            var attributeType = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (Strings.IsNullOrWhiteSpace(attributeType))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidArgument, attribute.PositionalLocation(0, cancellationToken), "The attribute type name", typeName + "." + member.Name, "name the catalog's attribute type, e.g. [CatalogAttribute(\"Description\")]"));
                return;
            }

            if (!Mapped("attribute:" + attributeType, "attribute type '" + attributeType + "'", member.Name, location))
            {
                return;
            }

            var shape = ValueShapes.Get(memberType, allowSequence: true);
            if (shape is null)
            {
                Unsupported("CatalogAttribute", member.Name, memberType, location, AttributeValueTypes);
                return;
            }

            if (shape.Kind == ValueKind.Enum && !AddEnum(memberType, member.Name, location))
            {
                return;
            }

            Attributes.Add(new AttributeMapping(attributeType!, access, shape));
            AttributeRefs.Add(new AttributeRef(
                new NameRef(attributeType!, attribute.PositionalLocation(0, cancellationToken)),
                member.Name,
                memberType.ToDisplayString(SymbolHelpers.Short),
                shape,
                EnumMembers(memberType),
                ConstantValue(member)));
        }

        /// <summary>The members of a mapped enum with their declarations, for the list attribute check.</summary>
        private EquatableArray<EnumMemberRef> EnumMembers(ITypeSymbol memberType)
        {
            if (ValueShapes.EnumType(memberType) is not { } enumType)
            {
                return EquatableArray<EnumMemberRef>.Empty;
            }

            var members = new List<EnumMemberRef>();
            var values = new HashSet<object>();
            foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && field.ConstantValue is { } value && values.Add(value))
                {
                    members.Add(new EnumMemberRef(field.Name, LocationInfo.From(field.Locations.FirstOrDefault())));
                }
            }

            return members.ToEquatableArray();
        }

        /// <summary>The string a member always holds, where the source says so (a literal initializer or expression body).</summary>
        private NameRef? ConstantValue(ISymbol member)
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var expression = syntax switch
                {
                    PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    _ => null,
                };
                if (expression is LiteralExpressionSyntax literal && literal.Token.Value is string text)
                {
                    return new NameRef(text, LocationInfo.From(literal));
                }
            }

            return null;
        }

        private void CollectRelation(ISymbol member, ITypeSymbol memberType, AttributeData attribute, LocationInfo? location, string access)
        {
            if (attribute.ConstructorArguments.Length != 3)
            {
                return;
            }

            var typeId = attribute.ConstructorArguments[0].Value as string;
            var roleValue = attribute.ConstructorArguments[1].Value is int r ? (RelationRole)r : (RelationRole)(-1);
            var target = attribute.ConstructorArguments[2].Value as INamedTypeSymbol;
            var ok = true;
            if (!Strings.IsUuid(typeId))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RelationTypeIdNotUuid, attribute.PositionalLocation(0, cancellationToken), typeId ?? "", typeName + "." + member.Name) with { Replacement = Strings.UuidReplacement(typeId) });
                ok = false;
            }

            if (roleValue is not (RelationRole.Source or RelationRole.Target))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidArgument, attribute.PositionalLocation(1, cancellationToken), "The relation role", typeName + "." + member.Name, "use RelationRole.Source or RelationRole.Target"));
                ok = false;
            }

            var shape = ValueShapes.Get(memberType, allowSequence: true);
            if (shape is not { Kind: ValueKind.String })
            {
                Unsupported("Relation", member.Name, memberType, location, StringOrSequence);
                ok = false;
            }

            if (target is null || target.TypeKind == TypeKind.Error)
            {
                return;
            }

            if (!ok)
            {
                return;
            }

            var id = Guid.ParseExact(typeId!, "D").ToString("D");
            var key = id + ":" + roleValue.ToString().ToUpperInvariant();
            if (!Mapped("relation:" + key, "relation '" + key + "'", member.Name, location))
            {
                return;
            }

            RelationRefs.Add(new RelationRef(
                new NameRef(id, attribute.PositionalLocation(0, cancellationToken)),
                roleValue.ToString().ToUpperInvariant(),
                attribute.PositionalLocation(1, cancellationToken),
                target.ToDisplayString(SymbolHelpers.FullyQualified),
                target.Name,
                member.Name));
            Relations.Add(new RelationMapping(
                id,
                roleValue,
                target.ToDisplayString(SymbolHelpers.FullyQualified),
                target.ToDisplayString(),
                target.Name,
                access,
                shape!.IsSequence,
                shape.ContainerNullable,
                attribute.PositionalLocation(2, cancellationToken)));
        }

        private bool AddEnum(ITypeSymbol memberType, string memberName, LocationInfo? location)
        {
            var enumType = ValueShapes.EnumType(memberType)!;
            if (SymbolHelpers.InaccessibleReason(enumType) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.TypeNotAccessible, location, enumType.Name, reason + " (it is the enum of member '" + memberName + "')"));
                return false;
            }

            var fullName = enumType.ToDisplayString(SymbolHelpers.FullyQualified);
            if (!Enums.ContainsKey(fullName))
            {
                var names = new List<string>();
                var values = new HashSet<object>();
                foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
                {
                    if (field.HasConstantValue && field.ConstantValue is { } value && values.Add(value))
                    {
                        names.Add(field.Name);
                    }
                }

                var methodName = "Format" + new string(enumType.ToDisplayString().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
                Enums.Add(fullName, new EnumModel(fullName, methodName, names.ToEquatableArray()));
            }

            return true;
        }

        private bool CheckReadable(ISymbol member, LocationInfo? location)
        {
            string? reason = null;
            if (member.IsStatic)
            {
                reason = "it is static";
            }
            else if (member.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                reason = "it is " + (member.DeclaredAccessibility == Accessibility.Private ? "private" : "protected");
            }
            else if (member is IPropertySymbol property)
            {
                if (property.IsIndexer)
                {
                    reason = "it is an indexer";
                }
                else if (property.GetMethod is null)
                {
                    reason = "it has no getter";
                }
                else if (property.GetMethod.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    reason = "its getter is " + (property.GetMethod.DeclaredAccessibility == Accessibility.Private ? "private" : "protected");
                }
            }

            if (reason is null)
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MemberNotReadable, location, typeName + "." + member.Name, reason));
            return false;
        }

        private bool Role(string role, string memberName, LocationInfo? location)
        {
            if (_roles.TryGetValue(role, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateRole, location, typeName, first, memberName, role));
                return false;
            }

            _roles.Add(role, memberName);
            return true;
        }

        private bool Mapped(string key, string what, string memberName, LocationInfo? location)
        {
            if (_mappedKeys.TryGetValue(key, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateMapping, location, typeName, what, first, memberName));
                return false;
            }

            _mappedKeys.Add(key, memberName);
            return true;
        }

        private bool RequireString(ITypeSymbol memberType, string role, string memberName, LocationInfo? location, string expected)
        {
            if (memberType.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            Unsupported(role, memberName, memberType, location, expected);
            return false;
        }

        private void Unsupported(string role, string memberName, ITypeSymbol memberType, LocationInfo? location, string expected) =>
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedMemberType, location, role, typeName + "." + memberName, memberType.ToDisplayString(SymbolHelpers.Short), expected));
    }
}
