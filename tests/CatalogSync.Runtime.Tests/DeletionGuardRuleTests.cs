using CatalogSync.Plans;

namespace CatalogSync.Runtime.Tests;

/// <summary>The deletion guard's rule on counts: limits per plan and per type, the small-scope allowance, the empty source.</summary>
public sealed class DeletionGuardRuleTests
{
    private static readonly SyncTypeDescription Tables = new("Shop.Table", "Table", "Shop", "Tables", "Physical Data Dictionary");
    private static readonly SyncGroupDescription Remove = new("shop-remove", MissingStrategy.RemoveResources, null, null, [Tables]);
    private static readonly SyncGroupDescription Retire = new("shop-retire", MissingStrategy.ChangeStatus, TempCatalog.MissingFromSource, null, [Tables]);
    private static readonly SyncGroupDescription Ignore = new("shop-ignore", MissingStrategy.Ignore, null, null, [Tables]);

    private static string? Blocked(SyncGroupDescription group, long missing, long owned, long sent, DeletionGuardOptions? options = null, SyncTypeDescription? type = null, bool atMost = false) =>
        DeletionGuard.Evaluate(group, type ?? Tables, options ?? DeletionGuardOptions.Default, missing, owned, sent, atMost).Blocked;

    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(25, 100, 75)]      // exactly the limit
    [InlineData(9, 10, 1)]         // 90 %, but below 10 missing: a small scope may lose a few
    [InlineData(10_000, 1_000_000, 990_000)]
    public void Counts_within_the_limits_pass(long missing, long owned, long sent) =>
        Assert.Null(Blocked(Remove, missing, owned, sent));

    [Fact]
    public void A_share_above_the_limit_blocks_with_the_numbers()
    {
        Assert.Equal("the finalization would remove 26 of its 100 assets (26 %), more than the limit of 25 %", Blocked(Remove, 26, 100, 74));
        Assert.Equal("the finalization would retire up to 90 of its 100 assets (90 %), more than the limit of 25 %", Blocked(Retire, 90, 100, 10, atMost: true));
    }

    [Fact]
    public void A_count_above_the_limit_blocks_whatever_the_share() =>
        Assert.Equal("the finalization would remove 10001 of its assets, more than the limit of 10000", Blocked(Remove, 10_001, 10_000_000, 9_989_999));

    [Fact]
    public void An_empty_source_blocks_unless_allowed_and_ignore_never_blocks()
    {
        Assert.Equal("the source gave no Shop.Table item, but the finalization would remove 3 of its assets (an empty source reads as everything missing)", Blocked(Remove, 3, 3, 0));
        Assert.Null(Blocked(Remove, 3, 3, 0, DeletionGuardOptions.Default with { BlockEmptySource = false }));
        Assert.Null(Blocked(Ignore, 100, 100, 0));
    }

    [Fact]
    public void A_type_limit_replaces_the_plan_limit()
    {
        var strict = Tables with { MaxMissingPercent = 5, MaxMissingCount = 20 };
        Assert.NotNull(Blocked(Remove, 10, 100, 90, type: strict));
        Assert.NotNull(Blocked(Remove, 21, 100_000, 99_979, type: strict));
        var lax = Tables with { MaxMissingPercent = 100 };
        Assert.Null(Blocked(Remove, 90, 100, 10, type: lax));
        var count = DeletionGuard.Evaluate(Remove, strict, DeletionGuardOptions.Default, 10, 100, 90, atMost: true);
        Assert.Equal("shop-remove Shop.Table: at most 10 of 100 missing (10 %; limits 5 %, 20) — blocked: the finalization would remove up to 10 of its 100 assets (10 %), more than the limit of 5 %", count.ToString());
    }

    [Fact]
    public void Invalid_limits_are_refused_by_the_run_options()
    {
        Assert.Contains("between 0 and 100", new SyncRunOptions { DeletionGuard = new DeletionGuardOptions { MaxMissingPercent = 120 } }.Validate(), StringComparison.Ordinal);
        Assert.Null(SyncRunOptions.Default.Validate());
    }
}
