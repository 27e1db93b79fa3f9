using System.Collections.Immutable;
using System.Globalization;

namespace CatalogSync.CodeFixes;

/// <summary>
/// The generator's diagnostic IDs the fixes answer to. Written out rather than referenced: the generator's assembly is
/// loaded by the compiler and this one by the IDE, and neither should depend on the other being loadable. The tests
/// check them against the generator's descriptors.
/// </summary>
internal static class DiagnosticIds
{
    public const string MissingAssetName = "CSYNC001";
    public const string ChangeStatusWithoutStatus = "CSYNC003";
    public const string PlanNotStaticPartial = "CSYNC016";
    public const string TypeNotInPlan = "CSYNC017";

    /// <summary>The key of the diagnostic's properties that holds a replacement text (the generator's <c>DiagnosticDescriptors.ReplacementProperty</c>).</summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>
    /// Every ID the generator can ever use (CSYNC001 to CSYNC999): a diagnostic says by its properties whether it has a
    /// replacement, so new diagnostics get the fix without a release of this assembly.
    /// </summary>
    public static ImmutableArray<string> AllCatalogSync { get; } = CreateAll();

    private static ImmutableArray<string> CreateAll()
    {
        var builder = ImmutableArray.CreateBuilder<string>(999);
        for (var i = 1; i <= 999; i++)
        {
            builder.Add("CSYNC" + i.ToString("000", CultureInfo.InvariantCulture));
        }

        return builder.MoveToImmutable();
    }
}
