using System.Globalization;
using CatalogSync.Contract;
using Microsoft.AspNetCore.Http;

namespace CatalogSync.Server;

/// <summary>Reads Collibra's query parameters, collecting every invalid one so that one 400 names them all.</summary>
internal sealed class QueryParser(HttpRequest request)
{
    private readonly List<string> _problems = [];

    /// <summary>A 400 naming every invalid parameter, or <see langword="null"/>.</summary>
    public IResult? Error => _problems.Count == 0 ? null : ApiErrors.BadRequest("invalidParameter", string.Join(" ", _problems));

    public string? Text(string name) => request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public Guid? Uuid(string name)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        _problems.Add($"The parameter '{name}' must be a UUID, not {InputText.Quote(text)}.");
        return null;
    }

    /// <summary>A list of UUIDs, repeated (<c>typeIds=a&amp;typeIds=b</c>) or comma-separated, under any of the given names.</summary>
    public IReadOnlyList<Guid> Uuids(params string[] names)
    {
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            if (!request.Query.TryGetValue(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (Guid.TryParse(item, out var id))
                    {
                        if (!ids.Contains(id))
                        {
                            ids.Add(id);
                        }
                    }
                    else
                    {
                        _problems.Add($"The parameter '{name}' must list UUIDs, not {InputText.Quote(item)}.");
                    }
                }
            }
        }

        return ids;
    }

    public IReadOnlyList<string> Texts(string name) =>
        request.Query.TryGetValue(name, out var values)
            ? [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]
            : [];

    public int Integer(string name, int defaultValue, int minimum)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        _problems.Add($"The parameter '{name}' must be a whole number of at least {minimum}, not {InputText.Quote(text)}.");
        return defaultValue;
    }

    public bool Boolean(string name, bool defaultValue)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _problems.Add($"The parameter '{name}' must be true or false, not {InputText.Quote(text)}.");
        return defaultValue;
    }

    /// <summary>Checks a parameter against its allowed words; the value itself is not used.</summary>
    public string? Choice(string name, params string[] allowed)
    {
        var text = Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            _problems.Add($"The parameter '{name}' must be one of {string.Join(", ", allowed)}, not {InputText.Quote(text)}.");
        }

        return match;
    }

    public NameMatchMode MatchMode() => Choice("nameMatchMode", "ANYWHERE", "EXACT", "START", "END") switch
    {
        "EXACT" => NameMatchMode.Exact,
        "START" => NameMatchMode.Start,
        "END" => NameMatchMode.End,
        _ => NameMatchMode.Anywhere,
    };

    public Paging Paging() => new()
    {
        Offset = Integer("offset", 0, 0),
        // Collibra's REST API serves at most 1000 results per page: a larger limit is taken as 1000 (the answer's limit says so).
        Limit = Math.Min(Integer("limit", 0, 0), Contract.Paging.MaxLimit),
        CountLimit = Integer("countLimit", -1, -1),
    };
}
