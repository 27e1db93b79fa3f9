using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using CatalogSync.Catalog;
using CatalogSync.Cli.NoCode;
using CatalogSync.Contract;
using CatalogSync.Declarations.Diagnostics;
using CatalogSync.Http;
using CatalogSync.Manifests;
using CatalogSync.Plans;
using CatalogSync.Plans.Journal;

namespace CatalogSync.Cli.Commands;

/// <summary>
/// <c>catalog-sync validate | plan | sync | status</c>: a YAML sync manifest (docs/manifest.md) checked with the
/// compiler's rules, previewed, and run without code, against real Collibra (<c>--url</c>) or an in-process embedded
/// catalog (<c>--embedded PATH</c>). Target and credentials never come from the manifest.
/// </summary>
internal static class ManifestCommands
{
    /// <summary>Exit codes, documented in docs/manifest.md.</summary>
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Invalid = 3;
    public const int Blocked = 4;

    public static IEnumerable<Command> Create()
    {
        yield return Validate();
        yield return Run("plan", "A dry run against the target (simulation=true): per type what would be added, updated, unchanged, removed, retired and restored, and what the deletion guard would do. Changes nothing.", preview: true);
        yield return Run("sync", "Runs the manifest's entries without code: their sources' records in batches, then each synchronization ID's finalization, with progress and a summary.", preview: false);
        yield return Status();
    }

    private static Argument<string> ManifestArgument() => new("manifest") { Description = "The sync manifest, e.g. products.sync.yaml." };

    private static Command Validate()
    {
        var manifest = ManifestArgument();
        var command = new Command("validate", "Checks a sync manifest with the compiler's rules and IDs (YAML, keys, values, the plan across types, the metamodel snapshot it names), printed as file(line,col): error CSYNCnnn: …")
        {
            manifest,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var check = ManifestCheck.Load(parse.GetValue(manifest)!, cancellationToken);
            return Task.FromResult(Print(check, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error) ? Invalid : Ok);
        });
        return command;
    }

    private static Command Run(string name, string description, bool preview)
    {
        var manifest = ManifestArgument();
        var target = new TargetOptions();
        var force = new Option<bool>("--force") { Description = "Lets a run through that the deletion guard would block (logged in the report)." };
        var journal = new Option<string?>("--journal") { Description = "The run journal's file (default: CatalogSync/runs.db under the user's local application data)." };
        var command = new Command(name, description) { manifest };
        target.AddTo(command);
        if (!preview)
        {
            command.Add(force);
            command.Add(journal);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(manifest)!, target.Read(parse), preview, !preview && parse.GetValue(force), preview ? null : parse.GetValue(journal),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static Command Status()
    {
        var journal = new Option<string?>("--journal") { Description = "The run journal's file (default: CatalogSync/runs.db under the user's local application data)." };
        var limit = new Option<int>("--last") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("status", "The run journal: the last runs (plan, catalog, outcome) and the cycles still open (batches sent, or a finalization not confirmed), which the next run resumes or closes.")
        {
            journal, limit,
        };
        command.SetAction((parse, _) => Task.FromResult(PrintStatus(parse.GetValue(journal) ?? RunJournal.DefaultPath, parse.GetValue(limit), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));
        return command;
    }

    internal static async Task<int> RunAsync(string path, Target target, bool preview, bool force, string? journal, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (target.Problem is { } problem)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return Usage;
        }

        var check = ManifestCheck.Load(path, cancellationToken);
        if (Print(check, output, error))
        {
            return Invalid;
        }

        var document = check.Document!;
        var plan = check.Resolved!.Plans.FirstOrDefault(p => !p.IsStub);
        if (plan is null || check.Assets.Count == 0)
        {
            await error.WriteLineAsync($"{path}: the manifest declares no entry that runs without code (entries with 'type' run from the app's code).").ConfigureAwait(false);
            return Invalid;
        }

        if (document.Types.Any(t => t.Type is not null))
        {
            await error.WriteLineAsync($"{path}: entries with 'type' complete C# types and run from the app's code: the CLI runs a manifest only when all its entries are without code.").ConfigureAwait(false);
            return Invalid;
        }

        SyncPlanDescription description;
        try
        {
            description = PlanDescriptions.From(plan);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
            return Invalid;
        }

        var sources = new List<SyncSource>();
        foreach (var mapper in check.Resolved.Mappers)
        {
            var entry = document.Types.First(t => t.Type is null && (t.Name?.Value ?? t.AssetType?.Value) == mapper.Type.Key);
            var sourcePath = document.ResolvePath(entry.Source!.Path.Value);
            if (!File.Exists(sourcePath) && !Directory.Exists(sourcePath))
            {
                await error.WriteLineAsync($"{entry.Source.Path.Span}: error: the source '{sourcePath}' of '{mapper.Type.Key}' does not exist.").ConfigureAwait(false);
                return Invalid;
            }

            var delimiter = entry.Source.Delimiter?.Value is { Length: 1 } d ? d[0] : ',';
            var type = mapper.Type;
            var columns = new[] { type.NameMember, type.DisplayNameMember, type.StatusMember, type.TagsMember, type.DomainMember }
                .Concat(type.Attributes.Select(a => a.Member)).Concat(type.Relations.Select(r => r.Member)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var problems = await RowSources.CheckColumnsAsync(sourcePath, delimiter, columns, cancellationToken).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                foreach (var columnProblem in problems)
                {
                    await error.WriteLineAsync($"{entry.Source.Path.Span}: error: {columnProblem}").ConfigureAwait(false);
                }

                await error.WriteLineAsync("Nothing was sent: a column that is not in the source would clear its value on every asset.").ConfigureAwait(false);
                return Invalid;
            }

            sources.Add(SyncSource.Create(RowSources.ReadAsync(sourcePath, delimiter, cancellationToken), new RowMapper(mapper)));
        }

        var console = new RunConsole(output);
        var options = new SyncRunOptions
        {
            Progress = console,
            JournalPath = journal,
            DeletionGuard = DeletionGuardOptions.Default with { Override = force },
        };

        EmbeddedCatalog? embedded = null;
        HttpClient? http = null;
        try
        {
            IImportApiClient client;
            if (target.EmbeddedPath is { } database)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
                embedded = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.GetFullPath(database) }, cancellationToken).ConfigureAwait(false);
                client = embedded;
            }
            else
            {
                http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                client = new CollibraHttpClient(http, new CollibraHttpClientOptions { BaseAddress = target.Url!, UserName = target.User, Password = target.Password });
            }

            SyncRunReport report;
            try
            {
                report = await console.RunAsync(() => preview
                    ? SyncPlanExecutor.PreviewAsync(client, description, sources, options, cancellationToken)
                    : SyncPlanExecutor.RunAsync(client, description, sources, options, cancellationToken)).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync("A source cannot be read, so nothing was finalized: " + e.Message).ConfigureAwait(false);
                return Failed;
            }

            console.Summary(report);
            return report.BlockedByGuard ? Blocked : report.Succeeded ? Ok : Failed;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"The catalog at {target.Url} cannot be reached or refused the request: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            http?.Dispose();
        }
    }

    /// <summary>Prints the findings (errors to stderr, warnings to stdout) and returns whether any is an error.</summary>
    internal static bool Print(ManifestCheck check, TextWriter output, TextWriter error)
    {
        foreach (var finding in check.Findings)
        {
            (finding.Severity == DiagnosticRuleSeverity.Error ? error : output).WriteLine(finding.ToString());
        }

        var errors = check.Findings.Count(f => f.Severity == DiagnosticRuleSeverity.Error);
        var warnings = check.Findings.Count - errors;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {warnings} warning(s)."));
        return errors > 0;
    }

    private static int PrintStatus(string path, int limit, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            output.WriteLine($"No run journal at {path}: no run has been made from this account (or --journal names another file).");
            return Ok;
        }

        using var journal = RunJournal.Open(path);
        output.WriteLine($"Run journal {path}");
        var runs = journal.Runs(limit);
        output.WriteLine(runs.Count == 0 ? "No runs." : "Last runs:");
        foreach (var run in runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  #{run.Id} {run.StartedOn:yyyy-MM-dd HH:mm:ss}Z plan '{run.Plan}' on {run.Catalog}: {run.Outcome ?? (run.EndedOn is null ? "did not end (stopped or still running)" : "ended")}"));
        }

        var open = journal.OpenCycles();
        output.WriteLine(open.Count == 0 ? "Nothing pending: every cycle is closed." : "Pending (the next run of the plan resumes or closes these):");
        foreach (var cycle in open)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {cycle.SyncId} on {cycle.Catalog}: {(cycle.State == "open" ? "batches sent, not finalized" : "finalization sent, not confirmed")} (run #{cycle.RunId}, {cycle.UpdatedOn:yyyy-MM-dd HH:mm:ss}Z)"));
        }

        _ = error;
        return Ok;
    }

    /// <summary>The target of plan and sync: an embedded catalog file, or a Collibra-compatible URL with credentials (options or environment).</summary>
    internal sealed record Target(string? EmbeddedPath, Uri? Url, string? User, string? Password, string? Problem);

    private sealed class TargetOptions
    {
        private readonly Option<string?> _embedded = new("--embedded") { Description = "Runs against an embedded catalog in this SQLite file (created if missing), in-process: nothing to install or start." };
        private readonly Option<string?> _url = new("--url") { Description = $"The catalog's root, e.g. https://acme.collibra.com/ (or {MetamodelCommand.UrlVariable})." };
        private readonly Option<string?> _user = new("--user") { Description = $"User name for HTTP Basic authentication (or {MetamodelCommand.UserVariable})." };
        private readonly Option<string?> _password = new("--password") { Description = $"Password for HTTP Basic authentication (or {MetamodelCommand.PasswordVariable})." };

        public void AddTo(Command command)
        {
            command.Add(_embedded);
            command.Add(_url);
            command.Add(_user);
            command.Add(_password);
        }

        public Target Read(ParseResult parse)
        {
            var embedded = parse.GetValue(_embedded);
            var url = parse.GetValue(_url) ?? Environment(MetamodelCommand.UrlVariable);
            var user = parse.GetValue(_user) ?? Environment(MetamodelCommand.UserVariable);
            var password = parse.GetValue(_password) ?? Environment(MetamodelCommand.PasswordVariable);
            if (embedded is not null)
            {
                return parse.GetValue(_url) is not null
                    ? new Target(null, null, null, null, "Give --embedded or --url, not both.")
                    : new Target(embedded, null, null, null, null);
            }

            if (url is null || !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
            {
                return new Target(null, null, null, null, $"Give the target: --embedded PATH for an embedded catalog, or the catalog's http(s) address with --url or {MetamodelCommand.UrlVariable} (got '{url}').");
            }

            return (user is null) != (password is null)
                ? new Target(null, null, null, null, $"Give both a user and a password (--user/--password or {MetamodelCommand.UserVariable}/{MetamodelCommand.PasswordVariable}), or neither.")
                : new Target(null, root, user, password, null);
        }

        private static string? Environment(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
    }
}
