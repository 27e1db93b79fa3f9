using System.Text;
using CatalogSync.Contract;
using Xunit;
using static CatalogSync.Conformance.CatalogDriver;

namespace CatalogSync.Conformance;

// CSV and Excel import (docs/semantics.md, rules 38-41): a template turns each row into the JSON path's commands.
public abstract partial class CatalogConformanceTests
{
    /// <summary>Collibra's tutorial files, read where the contract folder keeps them (../shared/collibra-contract/examples).</summary>
    private static string SharedExample(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "collibra-contract", "examples", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/collibra-contract/examples/{file} was not found above {AppContext.BaseDirectory}: the tests need the shared folder beside the repository.");
    }

    private static TabularOptions DemoTemplate(bool headerRow = true) =>
        new() { Template = File.ReadAllText(SharedExample("Demo_Template.json")), HeaderRow = headerRow };

    private static ImportContent Csv(string text, TabularOptions options) =>
        ImportContent.FromBytes(Encoding.UTF8.GetBytes(text), ImportFormat.Csv, options, "input.csv");

    private static ImportContent Excel(byte[] workbook, TabularOptions options) =>
        ImportContent.FromBytes(workbook, ImportFormat.Excel, options, "input.xlsx");

    private static string[][] DemoRows() =>
        [.. File.ReadAllLines(SharedExample("Demo2_ImportCSV.csv")).Where(l => l.Length > 0).Select(l => l.Split(';'))];

    private async Task AssertDemo2ImportedAsync(CatalogUnderTest catalog, Job job, ImportSummary summary)
    {
        job.AssertSucceeded();
        Assert.Equal(2, summary.CountersFor(ImportResourceType.Asset).Added);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Domain).Added);
        var term = await catalog.Reader.AssetAsync("ImportDemoAsset2");
        var acronym = await catalog.Reader.AssetAsync("IDA2");
        Assert.Equal("Business Term", term.Type.Name);
        Assert.Equal("Acronym", acronym.Type.Name);
        Assert.Equal("This is a 'Business Term' asset used for demo of Import API", Assert.Single((await catalog.Reader.FindAttributesAsync(term.Id)).Results).Value);
        // The acronym's Definition cell is empty: no value, rather than an empty one.
        Assert.Empty((await catalog.Reader.FindAttributesAsync(acronym.Id)).Results);
        // Both rows name the same relation (the acronym's SOURCE, the term's TARGET): one relation, term to acronym.
        var relation = Assert.Single((await catalog.Reader.FindRelationsAsync(sourceId: term.Id)).Results);
        Assert.Equal(acronym.Id, relation.Target.Id);
        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000007030"), relation.Type.Id);
        Assert.Empty((await catalog.Reader.FindRelationsAsync(sourceId: acronym.Id)).Results);
        Assert.Equal("Glossary", Assert.Single((await catalog.Reader.FindDomainsAsync(DemoDomain, NameMatchMode.Exact)).Results).Type.Name);
    }

    [Fact]
    public async Task Collibra_tutorial_csv_with_its_template_imports_the_acronym_the_term_and_their_relation()
    {
        await using var catalog = await OpenCatalogAsync();
        var csv = ImportContent.FromFile(SharedExample("Demo2_ImportCSV.csv"), ImportFormat.Csv, DemoTemplate());
        var (job, summary) = await catalog.Client.ImportAsync(csv);
        await AssertDemo2ImportedAsync(catalog, job, summary);
    }

    [Fact]
    public async Task Collibra_tutorial_rows_in_an_excel_sheet_import_like_the_csv()
    {
        await using var catalog = await OpenCatalogAsync();
        var workbook = Workbooks.Create(("Other", [["not", "this", "sheet"]]), ("Demo", DemoRows()));
        var (job, summary) = await catalog.Client.ImportAsync(Excel(workbook, DemoTemplate() with { SheetName = "Demo" }));
        await AssertDemo2ImportedAsync(catalog, job, summary);
    }

    [Fact]
    public async Task An_excel_sheet_is_chosen_by_index_from_zero_and_the_first_one_by_default()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions { Template = "[" + Asset("${1}").Replace("\"Business Term\"", "\"${2}\"", StringComparison.Ordinal) + "]" };
        var workbook = Workbooks.Create(("First", [["A1", "Business Term"]]), ("Second", [["B1", "Acronym"], ["B2", "Acronym"]]));
        (await catalog.Client.ImportAsync(Resources(Domain()))).Job.AssertSucceeded();

        (await catalog.Client.ImportAsync(Excel(workbook, template))).Job.AssertSucceeded();
        (await catalog.Client.ImportAsync(Excel(workbook, template with { SheetIndex = 1 }))).Job.AssertSucceeded();
        Assert.Equal(["A1", "B1", "B2"], await catalog.Reader.AssetNamesAsync());
        Assert.Equal("Acronym", (await catalog.Reader.AssetAsync("B2")).Type.Name);

        var (missing, _) = await catalog.Client.ImportAsync(Excel(workbook, template with { SheetName = "Third" }));
        Assert.Equal(JobState.Error, missing.State);
        Assert.Contains("no sheet named 'Third'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'Second'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excel_date_cells_are_the_dates_they_show_in_iso_8601()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions
        {
            Template = "[" + Domain() + "," + Asset("${1}", extra: ",\"attributes\":{\"Last Sync Date\":[{\"value\":\"${2}\"}],\"Definition\":[{\"value\":\"${2}\"}]}") + "]",
        };
        var workbook = Workbooks.Create(("Dates", [["Day", "date:45323"], ["Noon", "datetime:45323.5"]]));
        (await catalog.Client.ImportAsync(Excel(workbook, template))).Job.AssertSucceeded();

        async Task<List<string>> ValuesAsync(string asset) =>
            [.. (await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync(asset)).Id)).Results.Select(a => a.Value ?? "").Order(StringComparer.Ordinal)];
        Assert.Equal(["1706745600000", "2024-02-01"], await ValuesAsync("Day"));
        Assert.Equal(["1706788800000", "2024-02-01T12:00:00.000"], await ValuesAsync("Noon"));
    }

    [Fact]
    public async Task A_resource_sent_as_json_then_as_csv_then_as_excel_is_unchanged()
    {
        await using var catalog = await OpenCatalogAsync();
        var json = "[" + Domain() + "," + Asset("Sales", extra: ",\"attributes\":{\"Definition\":[{\"value\":\"What we sold; by day\"}]}") + "]";
        (await catalog.Client.BatchAsync("formats", Json(json))).Job.AssertSucceeded();

        // The same two resources, from one row: the template is the JSON above with the values as placeholders.
        var template = new TabularOptions
        {
            Template = json.Replace("\"Sales\"", "\"${1}\"", StringComparison.Ordinal).Replace("\"What we sold; by day\"", "\"${2}\"", StringComparison.Ordinal),
            Separator = ',',
        };
        var (csvJob, csvSummary) = await catalog.Client.BatchAsync("formats", Csv("Sales,\"What we sold; by day\"\n", template));
        csvJob.AssertSucceeded();
        Assert.Equal(1, csvSummary.CountersFor(ImportResourceType.Asset).Unchanged);
        Assert.Equal(0, csvSummary.CountersFor(ImportResourceType.Asset).Updated);
        Assert.Equal(1, csvSummary.CountersFor(ImportResourceType.Domain).Unchanged);

        var (excelJob, excelSummary) = await catalog.Client.BatchAsync("formats", Excel(Workbooks.Create(("Sheet1", [["Sales", "What we sold; by day"]])), template));
        excelJob.AssertSucceeded();
        Assert.Equal(1, excelSummary.CountersFor(ImportResourceType.Asset).Unchanged);
        Assert.Equal(0, excelSummary.CountersFor(ImportResourceType.Asset).Updated);
    }

    [Fact]
    public async Task Csv_synchronization_batches_and_a_full_csv_synchronization_finalize_like_json()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions { Template = "[" + Domain() + "," + Asset("${1}") + "]" };
        (await catalog.Client.BatchAsync("csv", Csv("A\nB\n", template))).Job.AssertSucceeded();
        (await catalog.Client.BatchAsync("csv", Csv("C\n", template))).Job.AssertSucceeded();
        (await catalog.Client.FinalizeAsync("csv")).Job.AssertSucceeded();
        Assert.Equal(["A", "B", "C"], await catalog.Reader.AssetNamesAsync());

        var full = await catalog.Client.WaitAsync(await catalog.Client.StartSynchronizationAsync("csv", Csv("A\n\nC\n", template), ImportJobOptions.Default, FinalizationOptions.Default));
        full.AssertSucceeded();
        var summary = await catalog.Client.GetSummaryAsync(full.Id);
        Assert.Equal(1, summary.CountersFor(ImportResourceType.Asset).Removed);
        Assert.Equal(["A", "C"], await catalog.Reader.AssetNamesAsync());
    }

    [Fact]
    public async Task Csv_options_quote_escape_separator_and_header_row_are_honoured()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions
        {
            Template = "[" + Domain() + "," + Asset("${1}", extra: ",\"attributes\":{\"Definition\":[{\"value\":\"${2}\"}]}") + "]",
            Separator = '|',
            Quote = '\'',
            Escape = '\'',
            HeaderRow = true,
        };
        var (job, _) = await catalog.Client.ImportAsync(Csv("Name|Definition\nQuoted|'a|b ''c'' #1'\n#hash|plain\n", template));
        job.AssertSucceeded();
        Assert.Equal(["#hash", "Quoted"], await catalog.Reader.AssetNamesAsync());
        Assert.Equal("a|b 'c' #1", Assert.Single((await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("Quoted")).Id)).Results).Value);

        // Collibra's defaults: ';', '"' and '\' as the escape inside quotes.
        var defaults = new TabularOptions { Template = template.Template };
        (await catalog.Client.ImportAsync(Csv("Escaped;\"say \\\"hi\\\"; twice\"\n", defaults))).Job.AssertSucceeded();
        Assert.Equal("say \"hi\"; twice", Assert.Single((await catalog.Reader.FindAttributesAsync((await catalog.Reader.AssetAsync("Escaped")).Id)).Results).Value);
    }

    [Fact]
    public async Task A_bad_value_in_a_csv_row_is_an_error_that_names_the_row_and_the_column()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions
        {
            Template = "[" + Domain() + "," + Asset("${1}", extra: ",\"attributes\":{\"Row Count\":[{\"value\":\"${3}\"}]}") + "]",
            HeaderRow = true,
        };
        var (job, _) = await catalog.Client.ImportAsync(Csv("Name;Note;Rows\nGood;x;12\nBad;y;1,5\n", template), new ImportJobOptions { ContinueOnError = true });

        Assert.Equal(JobResult.CompletedWithError, job.Result);
        var error = Assert.Single((await catalog.Client.GetErrorsAsync(job.Id)).Results);
        Assert.StartsWith("Row 3 of the CSV file, column 3: ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'1,5' is not a number", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["Good"], await catalog.Reader.AssetNamesAsync());

        var (excel, _) = await catalog.Client.ImportAsync(
            Excel(Workbooks.Create(("Assets", [["Name", "Note", "Rows"], ["Bad", "y", "many"]])), template),
            new ImportJobOptions { ContinueOnError = true });
        Assert.StartsWith("Row 2 of Excel sheet 'Assets', column C: ", Assert.Single((await catalog.Client.GetErrorsAsync(excel.Id)).Results).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_csv_fails_the_job_naming_the_row_and_the_column_and_changes_nothing()
    {
        await using var catalog = await OpenCatalogAsync();
        var template = new TabularOptions { Template = "[" + Domain() + "," + Asset("${1}", extra: ",\"attributes\":{\"Definition\":[{\"value\":\"${2}\"}]}") + "]" };
        var (job, _) = await catalog.Client.ImportAsync(Csv("A;ok\nB;\"never closed\n", template), new ImportJobOptions { ContinueOnError = true });

        Assert.Equal(JobState.Error, job.State);
        Assert.Contains("Row 2 of the CSV file, column 2", job.Message, StringComparison.Ordinal);
        Assert.Empty(await catalog.Reader.AssetNamesAsync());

        // Quotes doubled as spreadsheets write them need escape to be the quote: the message says so.
        var (doubled, _) = await catalog.Client.ImportAsync(Csv("A;\"say \"\"hi\"\"\"\n", template));
        Assert.Equal(JobState.Error, doubled.State);
        Assert.Contains("Row 1 of the CSV file, column 2", doubled.Message, StringComparison.Ordinal);
        Assert.Contains("escape=\"", doubled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_that_is_not_a_template_is_refused_before_any_job()
    {
        await using var catalog = await OpenCatalogAsync();
        foreach (var template in new[] { "not json", "{}", "[]", "[1]", "[" + Asset("${0}") + "]", "[" + Asset("${x}") + "]" })
        {
            var error = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartImportAsync(Csv("a\n", new TabularOptions { Template = template }), ImportJobOptions.Default));
            Assert.Equal(400, error.StatusCode);
            Assert.Equal("invalidTemplate", error.ErrorCode);
        }

        // An empty template is a missing one (the engine says templateRequired, the HTTP host missingPart, before the engine).
        var empty = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartImportAsync(Csv("a\n", new TabularOptions { Template = "" }), ImportJobOptions.Default));
        Assert.Equal(400, empty.StatusCode);
        Assert.Contains("template", empty.Message, StringComparison.Ordinal);

        var excel = await Assert.ThrowsAsync<CatalogApiException>(() => catalog.Client.StartImportAsync(ImportContent.FromBytes(Workbooks.Create(("S", [["a"]])), ImportFormat.Excel), ImportJobOptions.Default));
        Assert.Equal(400, excel.StatusCode);
        Assert.Contains("template", excel.Message, StringComparison.Ordinal);
    }
}
