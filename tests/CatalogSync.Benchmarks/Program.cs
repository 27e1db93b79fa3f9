using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--profile")
{
    var profiled = new CatalogSync.Benchmarks.GeneratorBenchmarks { Types = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000 };
    profiled.Setup();
    profiled.Profile();
    return;
}

if (args.Length > 0 && args[0] == "--compare")
{
    var compared = new CatalogSync.Benchmarks.GeneratorBenchmarks { Types = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000 };
    compared.Setup();
    compared.Compare(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return;
}

// In-process: the benchmarks need no separately generated and built project (which would inherit the repository's
// warnings-as-errors build settings).
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(CatalogSync.Benchmarks.MapperBenchmarks).Assembly).Run(arguments);
