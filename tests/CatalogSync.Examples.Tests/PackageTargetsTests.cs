using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CatalogSync.Examples.Tests;

/// <summary>
/// The package's <c>build/CatalogSync.targets</c> as MSBuild evaluates it in a consumer project: the project's
/// <c>catalogsync.metamodel.json</c> and <c>catalogsync.scopes.json</c> become the AdditionalFiles items the generator
/// reads, once each, and not at all with <c>CatalogSyncDefaultItems=false</c>.
/// </summary>
public sealed class PackageTargetsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("catalogsync-targets-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("", "", "catalogsync.metamodel.json|catalogsync.scopes.json")]
    [InlineData("<AdditionalFiles Include=\"catalogsync.metamodel.json\" />", "", "catalogsync.metamodel.json|catalogsync.scopes.json")]
    [InlineData("", "-p:CatalogSyncDefaultItems=false", "")]
    [InlineData("<AdditionalFiles Include=\"catalogsync.scopes.json\" />", "-p:CatalogSyncDefaultItems=false", "catalogsync.scopes.json")]
    public async Task The_project_files_become_additional_files_once(string listed, string property, string expected)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "catalogsync.metamodel.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "catalogsync.scopes.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>{listed}</ItemGroup>
              <Import Project="{TargetsPath()}" />
            </Project>
            """);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory.FullName };
        foreach (var argument in new[] { "msbuild", "-getItem:AdditionalFiles", property })
        {
            if (argument.Length > 0)
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        Assert.True(process.ExitCode == 0, text + await error);

        using var json = JsonDocument.Parse(text);
        var items = json.RootElement.GetProperty("Items").TryGetProperty("AdditionalFiles", out var list)
            ? list.EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.Equal(expected, string.Join("|", items));
    }

    private static string TargetsPath([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "src", "CatalogSync", "build", "CatalogSync.targets"));
}
