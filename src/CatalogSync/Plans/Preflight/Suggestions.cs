namespace CatalogSync.Plans.Preflight;

/// <summary>"Did you mean": the valid names nearest to a wrong one, by edit distance, ignoring case.</summary>
internal static class Suggestions
{
    public static List<string> Nearest(string wanted, IEnumerable<string> candidates, int count)
    {
        // A name that differs only in case is always offered; others within about a third of the name's length.
        var limit = Math.Max(2, wanted.Length / 3);
        return candidates
            .Select(c => (Name: c, Distance: Distance(wanted.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>Levenshtein distance with two rows.</summary>
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
