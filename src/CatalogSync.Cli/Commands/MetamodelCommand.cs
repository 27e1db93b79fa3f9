using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using CatalogSync.Contract;
using CatalogSync.Http;

namespace CatalogSync.Cli.Commands;

/// <summary>
/// <c>catalog-sync metamodel pull</c>: writes the metamodel snapshot (<c>catalogsync.metamodel.json</c>, docs/metamodel.md)
/// of any Core REST v2 endpoint — a real Collibra or <c>catalog-sync serve</c> — for the generator to check the
/// declarations against.
/// </summary>
internal static class MetamodelCommand
{
    public const string UrlVariable = "CATALOGSYNC_URL";
    public const string UserVariable = "CATALOGSYNC_USER";
    public const string PasswordVariable = "CATALOGSYNC_PASSWORD";

    /// <summary>Exit codes, documented in docs/metamodel.md.</summary>
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Unauthorized = 4;
    public const int NotCollibra = 5;

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = $"The catalog's root, e.g. https://acme.collibra.com/ or http://127.0.0.1:5180/ (or {UrlVariable})." };
        var user = new Option<string?>("--user") { Description = $"User name for HTTP Basic authentication (or {UserVariable})." };
        var password = new Option<string?>("--password") { Description = $"Password for HTTP Basic authentication (or {PasswordVariable})." };
        var output = new Option<string>("--out")
        {
            Description = "The snapshot file to write.",
            DefaultValueFactory = _ => MetamodelSnapshot.FileName,
        };
        var pull = new Command("pull", "Reads the catalog's statuses, asset, domain, attribute and relation types over Core REST v2 (every page) and writes them as a metamodel snapshot.")
        {
            url, user, password, output,
        };
        pull.SetAction((parse, cancellationToken) => PullAsync(
            parse.GetValue(url) ?? NullIfEmpty(Environment.GetEnvironmentVariable(UrlVariable)),
            parse.GetValue(user) ?? NullIfEmpty(Environment.GetEnvironmentVariable(UserVariable)),
            parse.GetValue(password) ?? NullIfEmpty(Environment.GetEnvironmentVariable(PasswordVariable)),
            parse.GetValue(output)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return new Command("metamodel", "The metamodel snapshot (catalogsync.metamodel.json): the catalog's types and statuses, which the compiler checks [SyncAsset] declarations against.")
        {
            pull,
        };
    }

    internal static async Task<int> PullAsync(string? url, string? user, string? password, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (url is null || !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"Give the catalog's address as an http(s) URL with --url or {UrlVariable}, e.g. https://acme.collibra.com/ (got '{url}').").ConfigureAwait(false);
            return Usage;
        }

        if ((user is null) != (password is null))
        {
            await error.WriteLineAsync($"Give both a user and a password (--user/--password or {UserVariable}/{PasswordVariable}), or neither.").ConfigureAwait(false);
            return Usage;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = root, UserName = user, Password = password });
        MetamodelSnapshot snapshot;
        try
        {
            snapshot = await MetamodelPull.ReadAsync(client, "catalog-sync metamodel pull from " + root.GetLeftPart(UriPartial.Path), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            await error.WriteLineAsync($"The catalog at {root} cannot be reached: {e.Message}").ConfigureAwait(false);
            return Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"The catalog at {root} did not answer within {http.Timeout.TotalSeconds:0} seconds.").ConfigureAwait(false);
            return Unreachable;
        }
        catch (CatalogApiException e) when (e.StatusCode is 401 or 403)
        {
            await error.WriteLineAsync($"The catalog at {root} refused the credentials ({e.StatusCode}: {e.Message}): give a user that may read the metamodel with --user/--password or {UserVariable}/{PasswordVariable}.").ConfigureAwait(false);
            return Unauthorized;
        }
        catch (CatalogApiException e) when (e.StatusCode == 404 || e.InnerException is JsonException)
        {
            await error.WriteLineAsync($"{root} does not look like a Collibra Core REST v2 endpoint ({e.Message}): give the catalog's root, without /rest/2.0.").ConfigureAwait(false);
            return NotCollibra;
        }
        catch (CatalogApiException e)
        {
            await error.WriteLineAsync($"The catalog at {root} answered with an error: {e.Message}").ConfigureAwait(false);
            return Failed;
        }

        try
        {
            // Read back before writing: a snapshot the generator could not read is never written.
            MetamodelSnapshot.Parse(snapshot.ToJson());
        }
        catch (MetamodelSnapshotException e)
        {
            await error.WriteLineAsync($"The catalog's metamodel cannot be written as a snapshot: {e.Message}").ConfigureAwait(false);
            return Failed;
        }

        var full = Path.GetFullPath(file);
        await File.WriteAllTextAsync(full, snapshot.ToJson(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"Wrote {full}: {snapshot.Statuses.Count} statuses, {snapshot.AssetTypes.Count} asset types, {snapshot.DomainTypes.Count} domain types, "
            + $"{snapshot.AttributeTypes.Count} attribute types, {snapshot.RelationTypes.Count} relation types. "
            + $"List it in the project as <AdditionalFiles Include=\"{MetamodelSnapshot.FileName}\" /> to check the declarations against it.").ConfigureAwait(false);
        return Ok;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
