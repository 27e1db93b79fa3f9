using CatalogSync.Contract;
using Xunit;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Conformance;

// Rule 4 of docs/semantics.md: numbers and dates are parsed strictly and culture-invariantly, one clear error per item.
public abstract partial class CatalogConformanceTests
{
    private static string WithAttribute(string name, string attribute, string value) =>
        Asset(name, extra: ",\"attributes\":{\"" + attribute + "\":[{\"value\":\"" + value + "\"}]}");

    private async Task<(Job Job, IReadOnlyList<ImportError> Errors)> ImportValuesAsync(CatalogUnderTest catalog, string attribute, IReadOnlyList<string> values)
    {
        var assets = values.Select((v, i) => WithAttribute("Item" + i, attribute, v));
        var (job, _) = await catalog.Client.ImportAsync(Resources([Domain(), .. assets]), new ImportJobOptions { ContinueOnError = true });
        var errors = (await catalog.Client.GetErrorsAsync(job.Id)).Results;
        return (job, errors);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("0x10")]
    [InlineData("1.")]
    [InlineData("")]
    [InlineData("(5)")]
    public async Task A_numeric_value_that_is_not_a_plain_invariant_number_is_an_error_of_its_item(string value)
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, errors) = await ImportValuesAsync(catalog, "Row Count", [value, "7"]);

        Assert.Equal(JobResult.CompletedWithError, job.Result);
        var error = Assert.Single(errors);
        Assert.Equal([1], error.Command.Indices);
        Assert.Contains("Row Count", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("is not a number", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'.'", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["Item1"], await catalog.Reader.AssetNamesAsync());
        Assert.Equal("7", Assert.Single((await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("Item1")).Id)).Results).Value);
    }

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("-42", "-42")]
    [InlineData("+42", "42")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-3", "0.0025")]
    [InlineData(".5", "0.5")]
    public async Task A_plain_invariant_number_is_kept_with_every_digit(string value, string stored)
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, errors) = await ImportValuesAsync(catalog, "Row Count", [value]);

        job.AssertSucceeded();
        Assert.Empty(errors);
        Assert.Equal(stored, Assert.Single((await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("Item0")).Id)).Results).Value);
    }

    [Theory]
    [InlineData("01/02/2024")]
    [InlineData("1 Feb 2024")]
    [InlineData("12.5")]
    [InlineData("Feb 1, 2024")]
    [InlineData("2024-02-01 10:00:00")]
    [InlineData("2024-2-1")]
    [InlineData("20240201T100000Z")]
    [InlineData("2024-02-30")]
    [InlineData("2024-02-01T25:00:00Z")]
    [InlineData(" 2024-02-01")]
    [InlineData("1.7e12")]
    [InlineData("")]
    [InlineData("tomorrow")]
    public async Task A_date_that_is_neither_epoch_milliseconds_nor_iso_8601_is_an_error_of_its_item(string value)
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, errors) = await ImportValuesAsync(catalog, "Last Sync Date", [value, "1706745600000"]);

        Assert.Equal(JobResult.CompletedWithError, job.Result);
        var error = Assert.Single(errors);
        Assert.Equal([1], error.Command.Indices);
        Assert.Contains("Last Sync Date", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["Item1"], await catalog.Reader.AssetNamesAsync());
    }

    [Theory]
    [InlineData("1706745600000", "1706745600000")]
    [InlineData("-86400000", "-86400000")]
    [InlineData("2024-02-01", "1706745600000")]
    [InlineData("2024-02-01T00:00Z", "1706745600000")]
    [InlineData("2024-02-01T00:00:00Z", "1706745600000")]
    [InlineData("2024-02-01T01:00:00+01:00", "1706745600000")]
    [InlineData("2024-02-01T00:00:00.123Z", "1706745600123")]
    [InlineData("2024-02-01T00:00:00.0000000+00:00", "1706745600000")]
    [InlineData("2024-02-01T00:00:00", "1706745600000")]
    public async Task A_date_in_epoch_milliseconds_or_iso_8601_is_stored_as_epoch_milliseconds(string value, string stored)
    {
        await using var catalog = await OpenCatalogAsync();
        var (job, errors) = await ImportValuesAsync(catalog, "Last Sync Date", [value]);

        job.AssertSucceeded();
        Assert.Empty(errors);
        Assert.Equal(stored, Assert.Single((await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("Item0")).Id)).Results).Value);
    }
}
