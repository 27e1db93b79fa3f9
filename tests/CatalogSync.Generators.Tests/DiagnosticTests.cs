using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// One test per diagnostic at least: the source marks each expected diagnostic with <c>{|CSYNCnnn:text|}</c>; the
/// test asserts exactly those diagnostics (any other one fails it), their spans and their messages, and that the
/// generated code (if any) still compiles.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using CatalogSync;

        namespace Tests;


        """;

    private const string Ok = """[MissingPolicy(MissingStrategy.RemoveResources)]""";

    [Fact]
    public void CSYNC001_NoAssetName()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class {|CSYNC001:T|} { public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' has no [AssetName] member: mark the string member that holds the asset's full name with [AssetName]");
    }

    [Fact]
    public void CSYNC002_TwoAssetNames()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string A { get; set; } = "";
                [{|CSYNC002:AssetName|}] public string B { get; set; } = "";
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' marks both 'A' and 'B' with [AssetName]: keep [AssetName] on exactly one member");
    }

    [Fact]
    public void CSYNC002_TwoTagMembers()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [AssetTags] public string[] A { get; set; } = [];
                [{|CSYNC002:AssetTags|}] public string[] B { get; set; } = [];
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' marks both 'A' and 'B' with [AssetTags]: keep [AssetTags] on exactly one member");
    }

    [Fact]
    public void CSYNC003_ChangeStatusWithoutStatus()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [{|CSYNC003:MissingPolicy(MissingStrategy.ChangeStatus)|}]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' changes the status of missing assets but names no status: add StatusId = \"00000000-0000-0000-0000-000000005066\" (Missing from source) or StatusName = \"…\"");
    }

    [Fact]
    public void CSYNC004_StatusIdNotUuid()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = {|CSYNC004:"5066"|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "StatusId '5066' on 'T' is not a UUID: give the status id as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, e.g. 00000000-0000-0000-0000-000000005066, or use StatusName");
    }

    [Fact]
    public void CSYNC005_StatusWithoutEffect()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.Ignore, StatusName = {|CSYNC005:"Obsolete"|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "StatusName on 'T' has no effect with MissingStrategy.Ignore: only MissingStrategy.ChangeStatus uses a status; remove StatusName or change the strategy");
    }

    [Fact]
    public void CSYNC005_StatusIdWithRemoveResources()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources, StatusId = {|CSYNC005:"00000000-0000-0000-0000-000000005066"|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "StatusId on 'T' has no effect with MissingStrategy.RemoveResources: only MissingStrategy.ChangeStatus uses a status; remove StatusId or change the strategy");
    }

    [Fact]
    public void CSYNC006_PolicyWithoutSyncAsset()
    {
        Verify(
            """
            [{|CSYNC006:MissingPolicy(MissingStrategy.Ignore)|}]
            public sealed class NotSynced { }
            """,
            "[MissingPolicy] on 'NotSynced' has no effect because 'NotSynced' has no [SyncAsset]: add [SyncAsset(...)] or remove [MissingPolicy]");
    }

    [Fact]
    public void CSYNC007_StatusIdAndName()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [{|CSYNC007:MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066", StatusName = "Obsolete")|}]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' gives both StatusId and StatusName: keep one (a StatusId must be a status id of the catalog, a StatusName is looked up in the catalog at run time)");
    }

    [Fact]
    public void CSYNC008_NoMissingPolicy()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            public sealed class {|CSYNC008:T|} { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' declares no [MissingPolicy], so the catalog's default applies: assets that disappear from the source are REMOVED at finalization; add [MissingPolicy(MissingStrategy.RemoveResources)] to confirm, or choose ChangeStatus or Ignore");
    }

    [Fact]
    public void CSYNC009_SyncIdWithUnsafeCharacters()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D", SyncId = {|CSYNC009:"my sync"|})]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "SyncId 'my sync' is invalid: it contains ' '; use only A-Z, a-z, 0-9, '.', '_' and '-'");
    }

    [Fact]
    public void CSYNC009_SyncIdEmptyOrTooLong()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D", SyncId = {|CSYNC009:""|})]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D", SyncId = {|CSYNC009:"a12345678901234567890123456789012345678901234567890"|})]
            {{Ok}}
            public sealed class U { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(U), Name = {|CSYNC009:"plan/1"|})] public static partial class P;
            """,
            "SyncId '' is invalid: it is empty; give 1 to 50 characters",
            "SyncId 'a12345678901234567890123456789012345678901234567890' is invalid: it has 51 characters; at most 50 are allowed",
            "The plan Name (the prefix of derived synchronization IDs) 'plan/1' is invalid: it contains '/'; use only A-Z, a-z, 0-9, '.', '_' and '-'");
    }

    [Fact]
    public void CSYNC010_SameAssetTypeAndDomainUnderTwoSyncIds()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T1 { [AssetName] public string Name { get; set; } = ""; }

            [{|CSYNC010:SyncAsset(AssetType = "Table", Community = "C", Domain = "D", SyncId = "other")|}]
            [MissingPolicy(MissingStrategy.Ignore)]
            public sealed class T2 { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T1), typeof(T2))] public static partial class P;
            """,
            "'T2' (plan 'P') writes 'Table' assets in domain 'D' of community 'C' under synchronization ID 'other', but 'T1' (plan 'P') writes them under 'table-d-7bb29e17': the finalization of one ID would treat the other's assets as its own; use one SyncId for both (and one plan), or different domains");
    }

    [Fact]
    public void CSYNC010_OneTypeInTwoPlans()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), Name = "a")] public static partial class A;

            [SyncPlan(typeof(T), Name = "b")] public static partial class B;
            """.Replace("[SyncAsset(", "[{|CSYNC010:SyncAsset(", StringComparison.Ordinal).Replace("\"D\")]", "\"D\")|}]", StringComparison.Ordinal),
            "'T' (plan 'b') writes 'Table' assets in domain 'D' of community 'C' under synchronization ID 'b-table-d-1d192eb7', but 'T' (plan 'a') writes them under 'a-table-d-4e6c42ce': the finalization of one ID would treat the other's assets as its own; use one SyncId for both (and one plan), or different domains");
    }

    [Fact]
    public void CSYNC011_OneSyncIdWithTwoPolicies()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D", SyncId = "shared")]
            [MissingPolicy(MissingStrategy.RemoveResources)]
            public sealed class T1 { [AssetName] public string Name { get; set; } = ""; }

            [{|CSYNC011:SyncAsset(AssetType = "Column", Community = "C", Domain = "D", SyncId = "shared")|}]
            [MissingPolicy(MissingStrategy.ChangeStatus, StatusId = "00000000-0000-0000-0000-000000005066")]
            public sealed class T2 { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T1), typeof(T2))] public static partial class P;
            """,
            "Synchronization ID 'shared' holds 'T1' (RemoveResources) and 'T2' (ChangeStatus to status 00000000-0000-0000-0000-000000005066), but Collibra finalizes a whole ID with one strategy: give both the same [MissingPolicy] or different SyncId values");
    }

    [Fact]
    public void CSYNC012_AttributeTypeMappedTwice()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [CatalogAttribute("Description")] public string? A { get; set; }
                [{|CSYNC012:CatalogAttribute("Description")|}] public string? B { get; set; }
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'T' maps attribute type 'Description' on both 'A' and 'B': map it on one member (use a sequence for several values)");
    }

    [Fact]
    public void CSYNC012_RelationMappedTwice()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Col))] public string[] A { get; set; } = [];
                [{|CSYNC012:Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(Col))|}] public string[] B { get; set; } = [];
            }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class Col { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(Col))] public static partial class P;
            """,
            "'T' maps relation '00000000-0000-0000-0000-000000007042:SOURCE' on both 'A' and 'B': map it on one member (use a sequence for several values)");
    }

    [Fact]
    public void CSYNC013_UnsupportedMemberTypes()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [{|CSYNC013:AssetName|}] public int Id { get; set; }
                [{|CSYNC013:CatalogAttribute("Size")|}] public Dictionary<string, int> Size { get; set; } = new();
                [{|CSYNC013:AssetTags|}] public string Tags { get; set; } = "";
                [{|CSYNC013:Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(T))|}] public int[] Columns { get; set; } = [];
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "[AssetName] member 'T.Id' has type 'int', which is not supported: use string",
            "[CatalogAttribute] member 'T.Size' has type 'Dictionary<string, int>', which is not supported: use string, bool, an integer type, float, double, decimal, DateTimeOffset, DateTime, DateOnly, Guid, an enum, their nullable forms, or a sequence of these",
            "[AssetTags] member 'T.Tags' has type 'string', which is not supported: use a sequence of string, e.g. IReadOnlyList<string> or string[]",
            "[Relation] member 'T.Columns' has type 'int[]', which is not supported: use string, or a sequence of string for several related assets");
    }

    [Fact]
    public void CSYNC014_RelationTypeIdNotUuid()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation({|CSYNC014:"7042"|}, RelationRole.Source, typeof(Col))] public string[] Columns { get; set; } = [];
            }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class Col { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(Col))] public static partial class P;
            """,
            "Relation type id '7042' on 'T.Columns' is not a UUID: give the relation type's id, e.g. \"00000000-0000-0000-0000-000000007042\" (Column is part of Table)");
    }

    [Fact]
    public void CSYNC015_RelationTargetNotInPlan()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, {|CSYNC015:typeof(Col)|})] public string[] Columns { get; set; } = [];
            }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "Columns")]
            {{Ok}}
            public sealed class Col { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class Tables;

            [SyncPlan(typeof(Col))] public static partial class Columns;
            """,
            "'T' relates to 'Tests.Col', which plan 'Tables' does not synchronize, so the related assets may not exist: add typeof(Col) to the [SyncPlan]");
    }

    [Fact]
    public void CSYNC016_PlanNotStaticPartial()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static class {|CSYNC016:NotPartial|} { }

            [SyncPlan(typeof(T), Name = "p2")] public partial class {|CSYNC016:NotStatic|} { }

            public static partial class Outer
            {
                [SyncPlan(typeof(T), Name = "p3")] public static partial class {|CSYNC016:Nested|} { }
            }
            """,
            "[SyncPlan] class 'NotPartial' is not partial: declare it as a non-generic 'static partial class' directly in a namespace",
            "[SyncPlan] class 'NotStatic' is not static: declare it as a non-generic 'static partial class' directly in a namespace",
            "[SyncPlan] class 'Nested' is nested in 'Outer': declare it as a non-generic 'static partial class' directly in a namespace");
    }

    [Fact]
    public void CSYNC017_TypeInNoPlan()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class {|CSYNC017:Forgotten|} { [AssetName] public string Name { get; set; } = ""; }
            """,
            "No [SyncPlan] includes 'Forgotten', so it is never synchronized: add typeof(Forgotten) to a [SyncPlan]");
    }

    [Fact]
    public void CSYNC018_BatchSizeOutOfRange()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), BatchSize = {|CSYNC018:0|})] public static partial class Zero;

            [SyncPlan(typeof(T), BatchSize = {|CSYNC018:50_001|})] public static partial class TooBig;
            """,
            "BatchSize 0 of plan 'Zero' is out of range: the Import API takes at most 50000 resources per batch, and a batch needs room for an asset with its community and domain (3); use a value from 3 to 50000",
            "BatchSize 50001 of plan 'TooBig' is out of range: the Import API takes at most 50000 resources per batch, and a batch needs room for an asset with its community and domain (3); use a value from 3 to 50000");
    }

    [Fact]
    public void CSYNC019_TypeNotAccessible()
    {
        Verify(
            $$"""
            public static class Holder
            {
                [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
                {{Ok}}
                private sealed class {|CSYNC019:Hidden|} { [AssetName] public string Name { get; set; } = ""; }
            }
            """,
            "'Hidden' cannot be used by the generated code because it is private: make it a non-generic class, record or struct that is public or internal (and nested only in public or internal types)");
    }

    [Fact]
    public void CSYNC019_GenericTypeAndPrivateEnum()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class {|CSYNC019:Box|}<TItem> { [AssetName] public string Name { get; set; } = ""; }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                private enum Secret { A, B }

                [AssetName] public string Name { get; set; } = "";
                [{|CSYNC019:CatalogAttribute("Kind")|}] private Secret {|CSYNC020:Kind|} { get; set; }
                public bool IsA => Kind == Secret.A;
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "'Box' cannot be used by the generated code because it is generic: make it a non-generic class, record or struct that is public or internal (and nested only in public or internal types)",
            "'Secret' cannot be used by the generated code because it is private (it is the enum of member 'Kind'): make it a non-generic class, record or struct that is public or internal (and nested only in public or internal types)",
            "Member 'T.Kind' cannot be read by the generated code because it is private: use an instance field or a property with a public or internal getter");
    }

    [Fact]
    public void CSYNC020_MemberNotReadable()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { private get; set; } = "";
                [CatalogAttribute("Description")] public static string? Description { get; set; }
                public string Read() => Name;
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """.Replace("public string Name {", "public string {|CSYNC020:Name|} {", StringComparison.Ordinal).Replace("string? Description {", "string? {|CSYNC020:Description|} {", StringComparison.Ordinal),
            "Member 'T.Name' cannot be read by the generated code because its getter is private: use an instance field or a property with a public or internal getter",
            "Member 'T.Description' cannot be read by the generated code because it is static: use an instance field or a property with a public or internal getter");
    }

    [Fact]
    public void CSYNC021_SyncAssetWithoutCommunityOrDomain()
    {
        Verify(
            $$"""
            [{|CSYNC021,CSYNC021:SyncAsset(AssetType = "Table")|}]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "[SyncAsset] on 'T' has no Community: set Community to the name of the community that holds the domain",
            "[SyncAsset] on 'T' has no Domain: set Domain to the name of the domain the assets live in, or mark a string member with [AssetDomain]");
    }

    [Fact]
    public void CSYNC022_RelationCycle()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class A
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, typeof(B))] public string[] Bs { get; set; } = [];
            }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class B
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Target, typeof(A))] public string? TableName { get; set; }
            }

            [SyncPlan(typeof(A), typeof(B))] public static partial class {|CSYNC022:P|};
            """,
            "Plan 'P' cannot order types 'A', 'B' because their relations form a cycle (A → B → A): a related asset must be imported before the asset that lists it; declare the relation on one side only");
    }

    [Fact]
    public void CSYNC023_RelationToPerItemDomain()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, {|CSYNC023:typeof(Col)|})] public string[] Columns { get; set; } = [];
            }

            [SyncAsset(AssetType = "Column", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class Col
            {
                [AssetName] public string Name { get; set; } = "";
                [AssetDomain] public string? Area { get; set; }
            }

            [SyncPlan(typeof(T), typeof(Col))] public static partial class P;
            """,
            "'T' relates to 'Col', whose items choose their domain with [AssetDomain], so a name alone does not say where the related asset is: remove [AssetDomain] from 'Col' or declare the relation from 'Col's side");
    }

    [Fact]
    public void CSYNC024_NotASyncAssetType()
    {
        Verify(
            $$"""
            public sealed class Plain { public string Name { get; set; } = ""; }

            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [Relation("00000000-0000-0000-0000-000000007042", RelationRole.Source, {|CSYNC024:typeof(Plain)|})] public string[] Columns { get; set; } = [];
            }

            [SyncPlan(typeof(T), {|CSYNC024:typeof(Plain)|})] public static partial class P;
            """,
            "'Tests.Plain' is used as the target of a [Relation] of 'T' but is not a [SyncAsset] type declared in this project: add [SyncAsset(...)] to it",
            "'Tests.Plain' is used in [SyncPlan] 'P' but is not a [SyncAsset] type declared in this project: add [SyncAsset(...)] to it");
    }

    [Fact]
    public void CSYNC025_TypeListedTwice()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), {|CSYNC025:typeof(T)|})] public static partial class P;
            """,
            "Plan 'P' lists 'Tests.T' more than once: remove the repeated typeof(T)");
    }

    [Fact]
    public void CSYNC026_EmptyPlan()
    {
        Verify(
            """
            [{|CSYNC026:SyncPlan|}] public static partial class P;
            """,
            "Plan 'P' lists no type: name the [SyncAsset] types it synchronizes, e.g. [SyncPlan(typeof(Table), typeof(Column))]");
    }

    [Fact]
    public void CSYNC027_InvalidArguments()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy({|CSYNC027:(MissingStrategy)7|})]
            public sealed class T
            {
                [AssetName] public string Name { get; set; } = "";
                [CatalogAttribute({|CSYNC027:""|})] public string? Description { get; set; }
            }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "The strategy on 'T' is invalid: use MissingStrategy.RemoveResources, ChangeStatus or Ignore",
            "The attribute type name on 'T.Description' is invalid: name the catalog's attribute type, e.g. [CatalogAttribute(\"Description\")]");
    }

    [Fact]
    public void CSYNC027_InvalidDeletionGuardLimits()
    {
        Verify(
            """
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            [MissingPolicy(MissingStrategy.RemoveResources, MaxMissingPercent = {|CSYNC027:101|}, MaxMissingCount = {|CSYNC027:-5|})]
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))] public static partial class P;
            """,
            "MaxMissingPercent = 101 on 'T' is invalid: give 0 to 100 (percent of the type's assets), or -1 for the run's deletion guard",
            "MaxMissingCount = -5 on 'T' is invalid: give 0 or more, or -1 for the run's deletion guard");
    }

    [Fact]
    public void CSYNC028_DomainWithTwoDomainTypes()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [{|CSYNC028:SyncAsset(AssetType = "Business Term", Community = "C", Domain = "D", DomainType = "Glossary")|}]
            {{Ok}}
            public sealed class Term { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T), typeof(Term))] public static partial class P;
            """,
            "'Term' declares domain 'D' of community 'C' with type 'Glossary', but 'T' declares it with type 'Physical Data Dictionary': a domain has one type; give both the same DomainType");
    }

    [Fact]
    public void CSYNC029_PlanDeclaresAGeneratedMember()
    {
        Verify(
            $$"""
            [SyncAsset(AssetType = "Table", Community = "C", Domain = "D")]
            {{Ok}}
            public sealed class T { [AssetName] public string Name { get; set; } = ""; }

            [SyncPlan(typeof(T))]
            public static partial class P
            {
                public static string {|CSYNC029:Description|} => "mine";
            }
            """,
            "[SyncPlan] class 'P' already declares 'Description', which the generator adds to every plan: rename or remove your 'Description'");
    }

    [Fact]
    public void ValidDeclarationsReportNothing()
    {
        foreach (var scenario in Scenarios.All)
        {
            var result = GeneratorHarness.RunWithFiles(Scenarios.Files((string)scenario[1]), (string)scenario[1]);
            Assert.Empty(result.GeneratorDiagnostics);
        }
    }

    [Fact]
    public void DiagnosticsCarryTheirDocumentationLink()
    {
        var result = GeneratorHarness.Run(Header + "[SyncPlan] public static partial class P;");

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + "CSYNC026.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    /// <summary>Asserts exactly the marked diagnostics, in source order, with these messages.</summary>
    private static void Verify(string markup, params string[] messages) => DiagnosticAssert.Verify([], Header + markup, messages);
}
