using System.Globalization;

namespace CatalogSync.Declarations;

/// <summary>
/// The rules of a synchronization ID, written once: what the Import API accepts (<see cref="AcceptedProblem"/>), and the
/// stricter rule for an ID a declaration gives (<see cref="DeclaredProblem"/>). Each returns what is wrong as a phrase
/// ("it has 51 characters; at most 50 are allowed"), which the generator, the runtime, the CLI and the embedded
/// catalog put into their own sentence, so that a mistake reads the same everywhere.
/// </summary>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class SyncIdRules
{
    /// <summary>The longest ID the Import API accepts.</summary>
    public const int MaxLength = 50;

    /// <summary>The characters a declared ID may use, as the messages name them.</summary>
    public const string AllowedCharacters = "A-Z, a-z, 0-9, '.', '_' and '-'";

    /// <summary>What is wrong with <paramref name="syncId"/> for the Import API, or <see langword="null"/> when it accepts it.</summary>
    /// <param name="syncId">The ID as given.</param>
    public static string? AcceptedProblem(string? syncId)
    {
        if (syncId is null || syncId.Length == 0)
        {
            return "it is empty; give 1 to " + Number(MaxLength) + " characters";
        }

        if (syncId.Length > MaxLength)
        {
            return "it has " + Number(syncId.Length) + " characters; at most " + Number(MaxLength) + " are allowed";
        }

        if (syncId is "." or "..")
        {
            return "'.' and '..' are path segments that HTTP clients and servers remove or resolve, so the request would reach another endpoint; choose an ID with other characters";
        }

        foreach (var c in syncId)
        {
            if (!char.IsWhiteSpace(c))
            {
                return null;
            }
        }

        return "it is blank; give 1 to " + Number(MaxLength) + " visible characters";
    }

    /// <summary>
    /// What is wrong with <paramref name="syncId"/> as the ID of a declaration, or <see langword="null"/>: the Import API's
    /// rule, and only <see cref="AllowedCharacters"/>, which pass unchanged through URLs, file names and shells.
    /// </summary>
    /// <param name="syncId">The ID as declared.</param>
    public static string? DeclaredProblem(string? syncId)
    {
        if (AcceptedProblem(syncId) is { } problem)
        {
            return problem;
        }

        foreach (var c in syncId!)
        {
            if (!IsAllowed(c))
            {
                return "it contains '" + c + "'; use only " + AllowedCharacters;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="c"/> is one of <see cref="AllowedCharacters"/>.</summary>
    /// <param name="c">A character.</param>
    public static bool IsAllowed(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
