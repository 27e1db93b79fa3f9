using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using CatalogSync.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CatalogSync.Benchmarks;

/// <summary>
/// The source generator's cost on a large consumer: <see cref="Types"/> simple [SyncAsset] types (a name, two
/// attributes, a policy) in plans of ten, one file per plan. <c>Cold</c> is a first run on a fresh compilation (what a
/// command-line build pays); <c>AfterUnrelatedEdit</c> re-runs a driver that has seen the compilation after one file
/// without annotated types changed (what every IDE keystroke pays).
/// </summary>
/// <remarks>
/// 100 types by default; set <c>CATALOGSYNC_BENCH_LARGE=1</c> for 1 000 too (100 plans of 10), the size the generator's
/// targets are stated for (docs/runtime.md, "Benchmarks"). <see cref="Setup"/> prints the generated line counts.
/// </remarks>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private ImmutableArray<SyntaxTree> _trees;
    private SyntaxTree _unrelated = null!;
    private SyntaxTree _unrelatedEdited = null!;
    private SyntaxTree _unrelatedLonger = null!;
    private SyntaxTree _unrelatedDeclared = null!;
    private CSharpCompilation _fresh = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _warmFloorDriver = null!;
    private CSharpCompilation _warmCompilation = null!;

    public static IEnumerable<int> TypeCounts =>
        Environment.GetEnvironmentVariable("CATALOGSYNC_BENCH_LARGE") == "1" ? [100, 1_000] : [100];

    [ParamsSource(nameof(TypeCounts))]
    public int Types { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trees = [.. Enumerable.Range(0, Types / 10).Select(plan => CSharpSyntaxTree.ParseText(PlanSource(plan), ParseOptions, path: $"/src/Plan{plan:000}.cs"))];
        _unrelated = CSharpSyntaxTree.ParseText(Unrelated("x * 2"), ParseOptions, path: "/src/Unrelated.cs");
        _unrelatedEdited = CSharpSyntaxTree.ParseText(Unrelated("x + x"), ParseOptions, path: "/src/Unrelated.cs");
        _unrelatedLonger = CSharpSyntaxTree.ParseText(Unrelated("x + x + 0"), ParseOptions, path: "/src/Unrelated.cs");
        _unrelatedDeclared = CSharpSyntaxTree.ParseText(Unrelated("x * 2; public static int Thrice(int x) => x * 3"), ParseOptions, path: "/src/Unrelated.cs");

        var compilation = NewCompilation();
        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Concat(diagnostics).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The benchmark's consumer does not compile:\n" + string.Join("\n", errors.Take(10)));
        }

        var sources = driver.GetRunResult().Results.Single().GeneratedSources;
        var lines = sources.Sum(s => s.SourceText.Lines.Count);
        var mapperLines = sources.Where(s => s.HintName.EndsWith("AssetMapper.g.cs", StringComparison.Ordinal)).Sum(s => s.SourceText.Lines.Count);
        Console.WriteLine($"// {Types} types: {sources.Length} files, {lines} generated lines ({(double)lines / Types:0.0} per type; mappers {(double)mapperLines / Types:0.0}, plans {(double)(lines - mapperLines) / Types:0.0})");
    }

    [IterationSetup(Target = nameof(Cold))]
    public void FreshCompilation() => _fresh = NewCompilation();

    [IterationSetup(Targets = [nameof(AfterUnrelatedEdit), nameof(AfterLongerUnrelatedEdit), nameof(AfterUnrelatedDeclarationEdit)])]
    public void WarmDriver()
    {
        _warmCompilation = NewCompilation();
        _warmDriver = NewDriver().RunGenerators(_warmCompilation);
    }

    [IterationSetup(Target = nameof(FloorAfterUnrelatedEdit))]
    public void WarmFloorDriver()
    {
        _warmCompilation = NewCompilation();
        _warmFloorDriver = NewDriver(generator: new FloorGenerator()).RunGenerators(_warmCompilation);
    }

    [Benchmark(Description = "Generator, cold")]
    public GeneratorDriver Cold() => NewDriver().RunGenerators(_fresh);

    [Benchmark(Description = "Generator, after an unrelated edit")]
    public GeneratorDriver AfterUnrelatedEdit() => _warmDriver.RunGenerators(_warmCompilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    /// <summary>The same edit, but one that changes the body's length (what typing does): nothing else moves.</summary>
    [Benchmark(Description = "Generator, after an unrelated edit that changes a body's length")]
    public GeneratorDriver AfterLongerUnrelatedEdit() => _warmDriver.RunGenerators(_warmCompilation.ReplaceSyntaxTree(_unrelated, _unrelatedLonger));

    /// <summary>
    /// An edit outside a method body (a method added to the unrelated class): it may change what names bind to, so every
    /// type is parsed again (the parse's full cost; the outputs still compare equal and nothing is emitted).
    /// </summary>
    [Benchmark(Description = "Generator, after an unrelated declaration edit")]
    public GeneratorDriver AfterUnrelatedDeclarationEdit() => _warmDriver.RunGenerators(_warmCompilation.ReplaceSyntaxTree(_unrelated, _unrelatedDeclared));

    /// <summary>
    /// Roslyn's own floor for the same edit: a generator that only finds the [SyncAsset] and [SyncPlan] types (as ours
    /// does) and emits nothing. What the IDE pays per keystroke for any attribute-driven generator over these types;
    /// <see cref="AfterUnrelatedEdit"/> minus this is CatalogSync's own cost.
    /// </summary>
    [Benchmark(Description = "Floor (attributes found, nothing done), after an unrelated edit")]
    public GeneratorDriver FloorAfterUnrelatedEdit() => _warmFloorDriver.RunGenerators(_warmCompilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    /// <summary>
    /// Not a benchmark: one cold run and one run after the unrelated edit with step tracking on, printing where the time
    /// goes per pipeline step (<c>dotnet run -c Release -- --profile [types]</c>). Timings of single runs, for finding
    /// what to cut; the figures to report come from the benchmark.
    /// </summary>
    public void Profile()
    {
        var compilation = NewCompilation();
        var driver = NewDriver(trackSteps: true);
        var floor = NewDriver(generator: new FloorGenerator()).RunGenerators(compilation).RunGenerators(compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));
        Console.WriteLine($"floor (attributes found, nothing done) after an unrelated edit: {floor.GetTimingInfo().ElapsedTime.TotalMilliseconds:0.0} ms");
        foreach (var (label, input) in new[] { ("cold", compilation), ("after an unrelated edit", compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited)) })
        {
            driver = driver.RunGenerators(input);
            var result = driver.GetRunResult().Results.Single();
            Console.WriteLine($"{label}: {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:0.0} ms");
            foreach (var (name, steps) in result.TrackedSteps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} {g.Count()}");
                Console.WriteLine($"  {name,-28} {steps.Sum(s => s.ElapsedTime.TotalMilliseconds),8:0.0} ms  {string.Join(", ", reasons)}");
            }
        }
    }

    /// <summary>
    /// Not a benchmark: <paramref name="runs"/> warm drivers per case, each timed once on the edit, alternating the
    /// cases so that a loaded machine's noise falls on all of them alike; prints the minimum and median of the
    /// generator's own time and the bytes allocated (<c>dotnet run -c Release -- --compare [types] [runs]</c>).
    /// </summary>
    public void Compare(int runs)
    {
        var cases = new (string Label, Func<GeneratorDriver> Driver, SyntaxTree Edited)[]
        {
            ("ours, body edit (same length)", () => NewDriver(), _unrelatedEdited),
            ("ours, body edit (longer)", () => NewDriver(), _unrelatedLonger),
            ("ours, declaration edit", () => NewDriver(), _unrelatedDeclared),
            ("floor, body edit (same length)", () => NewDriver(generator: new FloorGenerator()), _unrelatedEdited),
            ("floor + [MissingPolicy] lookup", () => NewDriver(generator: new FloorGenerator(withMissingPolicy: true)), _unrelatedEdited),
        };
        var times = cases.Select(_ => new List<double>()).ToArray();
        var bytes = cases.Select(_ => new List<long>()).ToArray();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var compilation = NewCompilation();
                var driver = cases[i].Driver().RunGenerators(compilation);
                var edited = compilation.ReplaceSyntaxTree(_unrelated, cases[i].Edited);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                driver = driver.RunGenerators(edited);
                watch.Stop();
                bytes[i].Add(GC.GetTotalAllocatedBytes(precise: true) - before);
                times[i].Add(watch.Elapsed.TotalMilliseconds);
                GC.KeepAlive(driver);
            }
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var sorted = times[i].Order().ToList();
            Console.WriteLine($"{Types} types, {cases[i].Label,-32}: min {sorted[0],7:0.0} ms, median {sorted[sorted.Count / 2],7:0.0} ms, {bytes[i].Order().ElementAt(bytes[i].Count / 2) / 1048576.0,6:0.00} MB");
        }
    }

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create(
            "Consumer",
            [.. _trees, _unrelated],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver NewDriver(bool trackSteps = false, IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create(
            [(generator ?? new SyncGenerator()).AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    private static string Unrelated(string body) =>
        "namespace Other;\n\npublic static class Helpers { public static int Twice(int x) => " + body + "; }\n";

    private static string PlanSource(int plan)
    {
        var source = new System.Text.StringBuilder();
        source.Append("using CatalogSync;\n\nnamespace Bench.P").Append(plan).Append(";\n\n");
        for (var t = 0; t < 10; t++)
        {
            source.Append("[SyncAsset(AssetType = \"Table\", Community = \"Bench\", Domain = \"Plan ").Append(plan).Append(" type ").Append(t).Append("\")]\n")
                .Append("[MissingPolicy(MissingStrategy.RemoveResources)]\n")
                .Append("public sealed class T").Append(t).Append("\n{\n")
                .Append("    [AssetName] public required string Name { get; init; }\n")
                .Append("    [CatalogAttribute(\"Description\")] public string? Description { get; init; }\n")
                .Append("    [CatalogAttribute(\"Row Count\")] public long RowCount { get; init; }\n")
                .Append("}\n\n");
        }

        source.Append("[SyncPlan(").Append(string.Join(", ", Enumerable.Range(0, 10).Select(t => "typeof(T" + t + ")"))).Append(")]\n")
            .Append("public static partial class Plan").Append(plan).Append(";\n");
        return source.ToString();
    }

    /// <summary>The SDK's reference pack (never downloaded) plus the CatalogSync runtime and contract, as in the generator tests.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.Combine(Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..")), "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pack = Directory.GetDirectories(packs, major + ".*")
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .Last();
        var references = Directory.GetFiles(Path.Combine(pack, "ref", "net" + major + ".0"), "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(CatalogSync.Plans.AssetMapper<>).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(CatalogSync.Contract.Job).Assembly.Location));
        // The policy enums ([MissingPolicy]\'s MissingStrategy, RelationRole) are the declarations core\'s.
        references.Add(MetadataReference.CreateFromFile(typeof(CatalogSync.MissingStrategy).Assembly.Location));
        return [.. references];
    });

    /// <summary>The floor: finds the types by their attributes as <see cref="SyncGenerator"/> does, keeps their names, emits nothing.</summary>
    /// <remarks>
    /// <c>withMissingPolicy</c> (the --compare mode only) also finds the [MissingPolicy] types, as ours does for its
    /// stray-policy check (CSYNC006): the part of our gap that is a third attribute lookup, not our own work.
    /// </remarks>
    private sealed class FloorGenerator(bool withMissingPolicy = false) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var assets = context.SyntaxProvider.ForAttributeWithMetadataName("CatalogSync.SyncAssetAttribute", static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
            var plans = context.SyntaxProvider.ForAttributeWithMetadataName("CatalogSync.SyncPlanAttribute", static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
            context.RegisterSourceOutput(assets.Collect().Combine(plans.Collect()), static (_, _) => { });
            if (withMissingPolicy)
            {
                var policies = context.SyntaxProvider.ForAttributeWithMetadataName("CatalogSync.MissingPolicyAttribute", static (_, _) => true, static (c, _) => c.TargetSymbol.Name);
                context.RegisterSourceOutput(policies.Collect(), static (_, _) => { });
            }
        }
    }
}
