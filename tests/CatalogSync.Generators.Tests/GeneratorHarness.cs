using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CatalogSync.Plans;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CatalogSync.Generators.Tests;

/// <summary>Runs the generator over in-memory sources, with reference assemblies from the local SDK.</summary>
internal static partial class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/src/File{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                deterministic: true));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new SyncGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once.</summary>
    public static GeneratorResult Run(params string[] sources) => RunWithFiles([], sources);

    /// <summary>Runs the generator once, with <paramref name="files"/> as the project's AdditionalFiles items (path, text).</summary>
    public static GeneratorResult RunWithFiles(IReadOnlyList<(string Path, string Text)> files, params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver()
            .AddAdditionalTexts([.. files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text))])
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorResult(compilation, output, driver.GetRunResult());
    }

    /// <summary>The SDK's reference pack (never downloaded) plus the CatalogSync runtime and contract.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pack = Directory.GetDirectories(packs, major + ".*")
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .LastOrDefault()
            ?? throw new InvalidOperationException($"No Microsoft.NETCore.App.Ref {major}.* reference pack under {packs}.");
        var refDirectory = Path.Combine(pack, "ref", "net" + major + ".0");
        var references = Directory.GetFiles(refDirectory, "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(AssetMapper<>).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(CatalogSync.Contract.Job).Assembly.Location));
        // The policy enums ([MissingPolicy]\'s MissingStrategy, RelationRole) are the declarations core\'s.
        references.Add(MetadataReference.CreateFromFile(typeof(CatalogSync.MissingStrategy).Assembly.Location));
        return [.. references];
    }

    /// <summary>Source with <c>{|CSYNC001:text|}</c> (or <c>{|CSYNC001,CSYNC002:text|}</c>) markers: the text without them, and each marker's ID and span.</summary>
    public static (string Source, List<(string Id, TextSpan Span)> Markers) ParseMarkup(string markup)
    {
        var markers = new List<(string, TextSpan)>();
        var text = new System.Text.StringBuilder();
        var last = 0;
        foreach (Match match in MarkerPattern().Matches(markup))
        {
            text.Append(markup, last, match.Index - last);
            var start = text.Length;
            text.Append(match.Groups[2].Value);
            foreach (var id in match.Groups[1].Value.Split(','))
            {
                markers.Add((id, new TextSpan(start, match.Groups[2].Length)));
            }

            last = match.Index + match.Length;
        }

        text.Append(markup, last, markup.Length - last);
        return (text.ToString(), markers);
    }

    [GeneratedRegex(@"\{\|(CSYNC\d{3}(?:,CSYNC\d{3})*):(.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex MarkerPattern();
}

/// <summary>An AdditionalFiles item held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

internal sealed record GeneratorResult(CSharpCompilation Input, Compilation Output, GeneratorDriverRunResult RunResult)
{
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => RunResult.Diagnostics;

    public IEnumerable<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(r => r.GeneratedSources);

    /// <summary>Compiler diagnostics of the output (hidden ones excluded), at warning level 9999 with nullable on.</summary>
    public IEnumerable<Diagnostic> OutputCompilerDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden);
}
