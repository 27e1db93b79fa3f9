using System.Runtime.CompilerServices;

namespace CatalogSync.Generators.Tests;

/// <summary>
/// Compares generated files with the committed expected files under <c>Baselines/{scenario}/</c>, exactly.
/// Set <c>CATALOGSYNC_ACCEPT_BASELINES=1</c> to rewrite them instead, then review the diff.
/// </summary>
internal static class Baseline
{
    public const string AcceptVariable = "CATALOGSYNC_ACCEPT_BASELINES";

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    public static void Verify(string scenario, IReadOnlyDictionary<string, string> files)
    {
        var directory = Path.Combine(ProjectDirectory(), "Baselines", scenario);
        if (Accepting)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(directory, name), text);
            }

            return;
        }

        Assert.True(Directory.Exists(directory), $"No baselines for '{scenario}' in {directory}: run the tests with {AcceptVariable}=1 and review the new files.");
        var expectedNames = Directory.GetFiles(directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, files.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var (name, text) in files)
        {
            var expected = File.ReadAllText(Path.Combine(directory, name));
            if (expected != text)
            {
                Assert.Fail($"Generated {name} differs from Baselines/{scenario}/{name} (set {AcceptVariable}=1 to rewrite, then review the diff).\n{FirstDifference(expected, text)}");
            }
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"line {i + 1}:\n  expected: {e}\n  actual:   {a}";
            }
        }

        return "(line ends differ)";
    }

    private static string ProjectDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
