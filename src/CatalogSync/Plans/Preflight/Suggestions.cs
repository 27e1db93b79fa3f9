using CatalogSync.Declarations;

namespace CatalogSync.Plans.Preflight;

/// <summary>
/// "Did you mean": the valid names nearest to a wrong one. The rule is <see cref="ClosestNames"/>, shared with the
/// source generator, so a name is suggested the same way at compile time and at run time.
/// </summary>
internal static class Suggestions
{
    public static List<string> Nearest(string wanted, IEnumerable<string> candidates, int count) =>
        [.. ClosestNames.Nearest(wanted, candidates, count)];
}
