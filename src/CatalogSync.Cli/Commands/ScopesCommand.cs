using System.CommandLine;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogSync.Cli.Commands;

/// <summary>
/// <c>catalog-sync scopes update|check</c>: writes, or compares with, the project's scope file
/// (<c>catalogsync.scopes.json</c>): each plan's synchronization IDs and the types each carries, as the generator
/// recorded them in the built assembly (<c>[assembly: AssemblyMetadata("CatalogSync.Scope", …)]</c>). The assembly
/// is read as metadata, never loaded or run.
/// </summary>
internal static class ScopesCommand
{
    public const string MetadataKey = "CatalogSync.Scope";
    public const string DefaultFile = "catalogsync.scopes.json";

    public static Command Create()
    {
        var command = new Command("scopes", "The scope file (catalogsync.scopes.json): which synchronization IDs each plan uses and which types each carries. The compiler checks the plans against it, so that no edit moves or drops a scope by accident.");
        command.Subcommands.Add(CreateVerb("update", "Writes the scope file from the built assemblies' plans (after a declared move or removal, or to record new types)."));
        command.Subcommands.Add(CreateVerb("check", "Compares the scope file with the built assemblies' plans; exits with 1 when they differ."));
        return command;
    }

    private static Command CreateVerb(string name, string description)
    {
        var assemblies = new Argument<string[]>("assemblies") { Description = "The built assemblies (.dll) whose [SyncPlan] classes the file records.", Arity = ArgumentArity.OneOrMore };
        var file = new Option<string>("--file")
        {
            Description = "The scope file.",
            DefaultValueFactory = _ => DefaultFile,
        };
        var verb = new Command(name, description) { assemblies, file };
        verb.SetAction(parse => Run(name == "update", parse.GetValue(assemblies)!, parse.GetValue(file)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return verb;
    }

    internal static int Run(bool update, IReadOnlyList<string> assemblies, string file, TextWriter output, TextWriter error)
    {
        var plans = new List<JsonObject>();
        foreach (var path in assemblies)
        {
            try
            {
                plans.AddRange(ReadPlans(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or JsonException)
            {
                error.WriteLine($"'{path}' cannot be read as a .NET assembly with CatalogSync plans: {e.Message}");
                return 2;
            }
        }

        if (plans.Count == 0)
        {
            error.WriteLine($"No [SyncPlan] was found in {string.Join(", ", assemblies.Select(a => "'" + a + "'"))}: build the project that declares the plans (with the CatalogSync generator), and pass its assembly.");
            return 2;
        }

        var wanted = Write(plans);
        var current = File.Exists(file) ? File.ReadAllText(file) : null;
        var changes = Diff(current, plans);
        if (!update)
        {
            if (changes.Count == 0)
            {
                output.WriteLine($"{file} matches the plans.");
                return 0;
            }

            output.WriteLine($"{file} differs from the plans; run 'catalog-sync scopes update' after declaring any move or removal:");
            foreach (var change in changes)
            {
                output.WriteLine("  " + change);
            }

            return 1;
        }

        if (current == wanted)
        {
            output.WriteLine($"{file} is up to date.");
            return 0;
        }

        File.WriteAllText(file, wanted);
        output.WriteLine($"Wrote {file}: {plans.Sum(p => p["syncIds"]!.AsArray().Count)} synchronization ID(s) of {plans.Count} plan(s).");
        foreach (var change in changes)
        {
            output.WriteLine("  " + change);
        }

        return 0;
    }

    /// <summary>The scope records of every plan in the assembly, from its metadata.</summary>
    private static IEnumerable<JsonObject> ReadPlans(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("it has no .NET metadata");
        }

        var metadata = pe.GetMetadataReader();
        var found = new List<JsonObject>();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference
                || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != "AssemblyMetadataAttribute")
            {
                continue;
            }

            // The custom attribute blob: prolog 0x0001, then the two string arguments (key, value).
            var blob = metadata.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1 || blob.ReadSerializedString() != MetadataKey || blob.ReadSerializedString() is not { } value)
            {
                continue;
            }

            found.Add(JsonNode.Parse(value)?.AsObject() ?? throw new InvalidOperationException("an empty scope record"));
        }

        return found;
    }

    /// <summary>The file's text: IDs sorted by plan, then ID; types in plan order; indented, LF line ends.</summary>
    private static string Write(List<JsonObject> plans)
    {
        var ids = new JsonArray();
        foreach (var plan in plans.OrderBy(p => (string?)p["plan"], StringComparer.Ordinal))
        {
            foreach (var id in plan["syncIds"]!.AsArray().OrderBy(i => (string?)i!["syncId"], StringComparer.Ordinal))
            {
                ids.Add(new JsonObject
                {
                    ["syncId"] = (string?)id!["syncId"],
                    ["plan"] = (string?)plan["plan"],
                    ["strategy"] = (string?)id["strategy"],
                    ["types"] = id["types"]!.DeepClone(),
                });
            }
        }

        var root = new JsonObject
        {
            ["$comment"] = "Written by 'catalog-sync scopes update': the synchronization IDs of each plan and the types each carries. Commit it and list it as an AdditionalFiles item: the compiler then reports a type that moves to another ID, or leaves its plan, until the move or removal is declared (docs/scopes.md).",
            ["version"] = 1,
            ["syncIds"] = ids,
        };
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>What differs between the file and the plans, one line per type: added, moved, or no longer synchronized.</summary>
    private static List<string> Diff(string? current, List<JsonObject> plans)
    {
        static string Key(JsonNode type) => $"{(string?)type["assetType"]} in '{(string?)type["domain"] ?? "(per-item domains) of " + (string?)type["community"]}'";
        static string Identity(JsonNode type) => $"{(string?)type["assetType"]}\u001f{(string?)type["community"]}\u001f{(string?)type["domain"] ?? "\0"}";

        var recorded = new Dictionary<string, (string SyncId, string Key)>(StringComparer.Ordinal);
        if (current is not null)
        {
            try
            {
                foreach (var id in JsonNode.Parse(current)?["syncIds"]?.AsArray() ?? [])
                {
                    foreach (var type in id?["types"]?.AsArray() ?? [])
                    {
                        recorded.TryAdd(Identity(type!), ((string?)id!["syncId"] ?? "", Key(type!)));
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return [$"the current file cannot be read ({e.Message}); it is written anew"];
            }
        }

        var changes = new List<string>();
        var now = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in plans.SelectMany(p => p["syncIds"]!.AsArray()))
        {
            var syncId = (string?)id!["syncId"];
            foreach (var type in id["types"]!.AsArray())
            {
                var identity = Identity(type!);
                now.Add(identity);
                if (!recorded.TryGetValue(identity, out var before))
                {
                    changes.Add($"+ {Key(type!)} under '{syncId}'");
                }
                else if (before.SyncId != syncId)
                {
                    changes.Add($"~ {Key(type!)} moved from '{before.SyncId}' to '{syncId}'");
                }
            }
        }

        foreach (var (identity, before) in recorded)
        {
            if (!now.Contains(identity))
            {
                changes.Add($"- {before.Key} under '{before.SyncId}' is no longer synchronized");
            }
        }

        return changes;
    }
}
