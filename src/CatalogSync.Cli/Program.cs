using System.CommandLine;
using CatalogSync.Cli.Commands;

namespace CatalogSync.Cli;

/// <summary>The <c>catalog-sync</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the command tree: one command per file under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("CatalogSync: declarative Collibra Import API v2 synchronizations and an embedded, Collibra-compatible catalog.")
        {
            ServeCommand.Create(),
            ScopesCommand.Create(),
            MetamodelCommand.Create(),
        };
        foreach (var command in ManifestCommands.Create())
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) =>
        CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration
        {
            // Ctrl+C and SIGTERM are handled by the server's host, which stops accepting requests, lets the jobs
            // under way finish and closes the catalog; System.CommandLine must not kill the process meanwhile.
            ProcessTerminationTimeout = null,
        });
}
