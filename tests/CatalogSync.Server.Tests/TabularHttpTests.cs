using System.Net;
using System.Text;
using System.Text.Json;
using CatalogSync.Catalog;
using CatalogSync.Contract;

namespace CatalogSync.Server.Tests;

/// <summary>
/// CSV and Excel over real HTTP on 127.0.0.1, shaped as Collibra's own Postman collection sends them
/// (../shared/collibra-contract/examples/Import_API.postman_collection.json), against the embedded catalog.
/// </summary>
public sealed class TabularHttpTests : IAsyncLifetime
{
    private DirectoryInfo _directory = null!;
    private EmbeddedCatalog _catalog = null!;
    private RunningServer _server = null!;

    private static string Example(string file) => Path.Combine(TestSupport.ContractDirectory, "examples", file);

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("catalogsync-tabular-http-");
        _catalog = await EmbeddedCatalog.OpenAsync(new EmbeddedCatalogOptions { DatabasePath = Path.Combine(_directory.FullName, "catalog.db") });
        _server = await RunningServer.StartAsync(_catalog, _catalog);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _catalog.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private async Task<(HttpResponseMessage Response, Job? Job)> PostAsync(string path, Action<MultipartFormDataContent> parts)
    {
        using var form = new MultipartFormDataContent();
        parts(form);
        var response = await _server.Http.PostAsync(path, form);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response, null);
        }

        var id = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        return (response, await _catalog.WaitForJobAsync(id));
    }

    [Fact]
    public async Task The_postman_csv_request_with_the_tutorial_files_and_no_separator_quote_or_escape_completes()
    {
        // The collection's parts: file, fileName (left empty) and template; headerRow because the tutorial CSV has one.
        var (response, job) = await PostAsync("rest/2.0/import/csv-job", f =>
        {
            f.AddFile("file", File.ReadAllBytes(Example("Demo2_ImportCSV.csv")), "Demo2_ImportCSV.csv");
            f.AddText("fileName", "");
            f.AddText("template", File.ReadAllText(Example("Demo_Template.json")));
            f.AddText("headerRow", "true");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(job!.State == JobState.Completed && job.Result == JobResult.Success, job.Message);
        using var assets = JsonDocument.Parse(await _server.Http.GetStringAsync("rest/2.0/assets?limit=10"));
        Assert.Equal(["IDA2", "ImportDemoAsset2"], assets.RootElement.GetProperty("results").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var summary = await _catalog.GetSummaryAsync(job.Id);
        Assert.Equal(2, summary.CountersFor(ImportResourceType.Asset).Added);
    }

    [Fact]
    public async Task Without_header_row_the_tutorial_csv_header_is_data_and_its_error_names_row_1()
    {
        // headerRow defaults to false (Collibra's OpenAPI): the header's "Asset Type" is then an asset type name.
        var (_, job) = await PostAsync("rest/2.0/import/csv-job", f =>
        {
            f.AddFile("file", File.ReadAllBytes(Example("Demo2_ImportCSV.csv")), "Demo2_ImportCSV.csv");
            f.AddText("template", File.ReadAllText(Example("Demo_Template.json")));
        });

        Assert.Equal(JobState.Error, job!.State);
        var errors = await _catalog.GetErrorsAsync(job.Id);
        Assert.Contains(errors.Results, e => e.ErrorMessage.StartsWith("Row 1 of the CSV file: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_postman_excel_request_without_a_template_is_400_naming_the_template()
    {
        // Collibra's OpenAPI requires 'template' for excel-job too: without one no column means anything.
        var (response, _) = await PostAsync("rest/2.0/import/excel-job", f =>
        {
            f.AddFile("file", Conformance.Workbooks.Create(("Sheet1", [["a"]])), "input.xlsx");
            f.AddText("fileName", "");
        });

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "missingPart");
        Assert.Contains("'template'", message, StringComparison.Ordinal);
        Assert.Contains("importExcelInJob", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rest/2.0/import/excel-job")]
    [InlineData("rest/2.0/import/synchronize/xl/batch/excel-job")]
    [InlineData("rest/2.0/import/synchronize/xl/excel-job")]
    public async Task Every_excel_endpoint_reads_the_sheet_named_by_sheet_name_or_sheet_index(string path)
    {
        var template = "[" + Conformance.CatalogDriver.Domain() + "," + Conformance.CatalogDriver.Asset("${1}") + "]";
        var workbook = Conformance.Workbooks.Create(("Skip", [["Wrong"]]), ("Assets", [["Name"], ["Right"]]));
        var (response, job) = await PostAsync(path, f =>
        {
            f.AddFile("file", workbook, "input.xlsx");
            f.AddText("template", template);
            f.AddText("headerRow", "true");
            f.AddText(path.Contains("batch", StringComparison.Ordinal) ? "sheetIndex" : "sheetName", path.Contains("batch", StringComparison.Ordinal) ? "1" : "Assets");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(job!.Result == JobResult.Success, job.Message);
        using var assets = JsonDocument.Parse(await _server.Http.GetStringAsync("rest/2.0/assets?limit=10"));
        Assert.Equal(["Right"], assets.RootElement.GetProperty("results").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("rest/2.0/import/csv-job")]
    [InlineData("rest/2.0/import/synchronize/c1/batch/csv-job")]
    [InlineData("rest/2.0/import/synchronize/c1/csv-job")]
    public async Task Every_csv_endpoint_takes_separator_quote_and_escape_as_sent(string path)
    {
        var template = "[" + Conformance.CatalogDriver.Domain() + "," + Conformance.CatalogDriver.Asset("${2}") + "]";
        var (response, job) = await PostAsync(path, f =>
        {
            f.AddFile("file", Encoding.UTF8.GetBytes("x\t'tab\tbed'\n"), "input.tsv");
            f.AddText("template", template);
            f.AddText("separator", "\t");
            f.AddText("quote", "'");
            f.AddText("escape", "'");
            f.AddText("strictQuotes", "false");
            f.AddText("ignoreLeadingWhitespace", "false");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(job!.Result == JobResult.Success, job.Message);
        using var assets = JsonDocument.Parse(await _server.Http.GetStringAsync("rest/2.0/assets?limit=10"));
        Assert.Equal(["tab\tbed"], assets.RootElement.GetProperty("results").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Strict_quotes_is_refused_with_400_before_any_job()
    {
        var (response, _) = await PostAsync("rest/2.0/import/csv-job", f =>
        {
            f.AddFile("file", "a"u8.ToArray(), "input.csv");
            f.AddText("template", """[{"resourceType":"Community","identifier":{"name":"${1}"}}]""");
            f.AddText("strictQuotes", "true");
        });

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "csvOptionNotSupported");
        Assert.Contains("strictQuotes", message, StringComparison.Ordinal);
    }
}
