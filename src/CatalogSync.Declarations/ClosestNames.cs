using System;
using System.Collections.Generic;
using System.Linq;

namespace CatalogSync.Declarations;

// One rule for "did you mean", shared by the source generator (linked source), the runtime preflight and the manifest
// reader, so that a name or a key is suggested the same way at compile time, at run time and in a YAML manifest.

/// <summary>"Did you mean": the valid names nearest to a wrong one, by edit distance, ignoring case.</summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class ClosestNames
{
    /// <summary>
    /// The names among <paramref name="candidates"/> nearest to <paramref name="wanted"/>, nearest first: a name that
    /// differs only in case always, others within about a third of the name's length (at least 2 edits).
    /// </summary>
    /// <param name="wanted">The name that was not found.</param>
    /// <param name="candidates">The valid names.</param>
    /// <param name="count">How many to return at most.</param>
    public static IReadOnlyList<string> Nearest(string wanted, IEnumerable<string> candidates, int count)
    {
        var limit = Math.Max(2, wanted.Length / 3);
        var upper = wanted.ToUpperInvariant();
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(upper, c.ToUpperInvariant())))
            .Where(c => c.Distance <= limit && !string.Equals(c.Name, wanted, StringComparison.Ordinal))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>" (did you mean 'A' or 'B'?)", or an empty string when there is nothing close.</summary>
    /// <param name="nearest">The names from <see cref="Nearest"/>.</param>
    public static string DidYouMean(IReadOnlyList<string> nearest) =>
        nearest.Count == 0 ? "" : "did you mean " + string.Join(" or ", nearest.Select(n => "'" + n + "'")) + "?";

    /// <summary>Levenshtein distance with two rows.</summary>
    /// <param name="a">One string.</param>
    /// <param name="b">The other.</param>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
