using BenchmarkDotNet.Running;

// In-process: the benchmarks need no separately generated and built project (which would inherit the repository's
// warnings-as-errors build settings).
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(CatalogSync.Benchmarks.MapperBenchmarks).Assembly).Run(arguments);
