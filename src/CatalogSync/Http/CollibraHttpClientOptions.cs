namespace CatalogSync.Http;

/// <summary>Where a Collibra-compatible catalog is and how to sign in to it.</summary>
public sealed record CollibraHttpClientOptions
{
    /// <summary>
    /// The catalog's root, e.g. <c>https://acme.collibra.com/</c> or <c>http://127.0.0.1:5180/</c>; the client
    /// appends <c>rest/2.0/…</c>. <see langword="null"/> takes the <see cref="HttpClient.BaseAddress"/>.
    /// </summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>The user name for HTTP Basic authentication.</summary>
    public string? UserName { get; init; }

    /// <summary>The password for HTTP Basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>A bearer token (OAuth), sent instead of Basic credentials when set.</summary>
    public string? BearerToken { get; init; }
}
