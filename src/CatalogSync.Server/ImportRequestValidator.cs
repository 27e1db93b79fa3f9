using System.Globalization;
using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Server;

/// <summary>A validated Import API request, ready for the engine.</summary>
internal sealed record ImportRequest(ImportJobOptions Job, FinalizationOptions Finalization, TabularOptions? Tabular = null);

/// <summary>
/// Checks every part of an Import API request against the contract before any job is created, and says
/// what to fix. One request gets every problem in one answer.
/// </summary>
internal static class ImportRequestValidator
{
    public static (ImportRequest? Request, List<(string Code, string Message)> Problems) Validate(ImportOperation operation, ImportForm form)
    {
        var problems = new List<(string Code, string Message)>(form.Problems);
        var fields = form.Fields;

        foreach (var part in operation.Parts)
        {
            if (part.Kind == FormPartKind.File)
            {
                continue;
            }

            if (!fields.TryGetValue(part.Name, out var raw))
            {
                if (part.Required)
                {
                    problems.Add(("missingPart", $"The part '{part.Name}' is required by {operation.OperationId}: add -F '{part.Name}=…'.{Explain(part)}"));
                }

                continue;
            }

            var value = raw.Trim();
            switch (part.Kind)
            {
                case FormPartKind.Boolean when ParseBoolean(value) is null:
                    problems.Add(("invalidPart", $"The part '{part.Name}' must be true or false, not {InputText.Quote(raw)}."));
                    break;
                case FormPartKind.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                                            || (part.Name == "batchSize" && number < 1) || number < 0:
                    problems.Add(("invalidPart", $"The part '{part.Name}' must be a whole number{(part.Name == "batchSize" ? " of at least 1" : " of at least 0")}, not {InputText.Quote(raw)}."));
                    break;
                case FormPartKind.Uuid when !Guid.TryParse(value, out _):
                    problems.Add(("invalidUuid", $"The part '{part.Name}' must be a UUID such as 00000000-0000-0000-0000-000000005066, not {InputText.Quote(raw)}."));
                    break;
                case FormPartKind.Choice when Choice(part, value) is null:
                    problems.Add((part.Name == "finalizationStrategy" ? "invalidFinalizationStrategy" : "invalidPart",
                        $"The part '{part.Name}' must be one of {string.Join(", ", part.Choices!)}, not {InputText.Quote(raw)}."));
                    break;
                // Not trimmed: a tab or a space is a separator like any other.
                case FormPartKind.Character when raw.Length != 1:
                    problems.Add(("invalidPart", $"The part '{part.Name}' must be exactly one character (its default is {InputText.Quote(part.Default)}), not {InputText.Quote(raw)}."));
                    break;
                case FormPartKind.Text when part.Required && value.Length == 0:
                    problems.Add(("missingPart", $"The part '{part.Name}' is required by {operation.OperationId} and is empty.{Explain(part)}"));
                    break;
                default:
                    break;
            }
        }

        if (operation.TakesFile)
        {
            var hasFileId = fields.ContainsKey("fileId");
            if (form.FilePath is null && !hasFileId)
            {
                problems.Add(("missingFile", "The request has no 'file' part: send the import commands as a file part, e.g. -F 'file=@commands.json'."));
            }
            else if (form.FilePath is not null && hasFileId)
            {
                problems.Add(("fileAndFileId", "The request has both 'file' and 'fileId': send either the file itself or the id of an uploaded file, not both."));
            }
            else if (hasFileId && Guid.TryParse(fields["fileId"].Trim(), out _))
            {
                problems.Add(("fileIdNotSupported", "The embedded catalog has no file upload store, so 'fileId' cannot refer to an uploaded file: send the file itself in the 'file' part instead."));
            }
            else if (form.FilePath is not null && form.FileLength == 0)
            {
                problems.Add(("emptyFile", operation.Format == ImportFormat.Json
                    ? "The 'file' part is empty: send a file with the import commands (a JSON array)."
                    : $"The 'file' part is empty: send the {(operation.Format == ImportFormat.Csv ? "CSV file" : "Excel workbook (.xlsx)")} whose rows the template turns into commands."));
            }
        }

        var simulation = Boolean(fields, "simulation");
        var finalization = FinalizationOptions.Default with { Simulation = simulation };
        if (operation.Kind is ImportOperationKind.Synchronization or ImportOperationKind.Finalization)
        {
            finalization = ValidateFinalization(fields, simulation, problems);
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var job = new ImportJobOptions
        {
            Simulation = simulation,
            ContinueOnError = Boolean(fields, "continueOnError"),
            SendNotification = Boolean(fields, "sendNotification"),
            RelationsAction = fields.TryGetValue("relationsAction", out var action)
                ? Choice(operation.FindPart("relationsAction")!, action.Trim()) == "REPLACE" ? RelationsAction.Replace : RelationsAction.AddOrIgnore
                : null,
        };
        return (new ImportRequest(job, finalization, Tabular(operation, fields)), problems);
    }

    // The template and reading options of csv-job and excel-job, each part that was not sent at its documented default.
    private static TabularOptions? Tabular(ImportOperation operation, Dictionary<string, string> fields)
    {
        if (operation.Format == ImportFormat.Json || operation.Kind == ImportOperationKind.Finalization)
        {
            return null;
        }

        var defaults = new TabularOptions { Template = fields["template"] };
        char Character(string name, char fallback) => fields.TryGetValue(name, out var text) ? text[0] : fallback;
        return defaults with
        {
            HeaderRow = Boolean(fields, "headerRow"),
            Separator = Character("separator", defaults.Separator),
            Quote = Character("quote", defaults.Quote),
            Escape = Character("escape", defaults.Escape),
            StrictQuotes = Boolean(fields, "strictQuotes"),
            IgnoreLeadingWhitespace = Boolean(fields, "ignoreLeadingWhitespace"),
            SheetName = fields.TryGetValue("sheetName", out var sheetName) && sheetName.Length > 0 ? sheetName : null,
            SheetIndex = fields.TryGetValue("sheetIndex", out var sheetIndex) ? int.Parse(sheetIndex.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture) : null,
        };
    }

    private static FinalizationOptions ValidateFinalization(Dictionary<string, string> fields, bool simulation, List<(string Code, string Message)> problems)
    {
        var strategy = FinalizationStrategy.RemoveResources;
        if (fields.TryGetValue("finalizationStrategy", out var strategyText))
        {
            strategy = strategyText.Trim().ToUpperInvariant() switch
            {
                "CHANGE_STATUS" => FinalizationStrategy.ChangeStatus,
                "IGNORE" => FinalizationStrategy.Ignore,
                _ => FinalizationStrategy.RemoveResources,
            };
        }

        Guid? statusId = fields.TryGetValue("missingAssetStatusId", out var statusText) && Guid.TryParse(statusText.Trim(), out var parsed) ? parsed : null;

        if (fields.TryGetValue("finalizationParameters", out var parametersText))
        {
            var parameterStatus = ParseFinalizationParameters(parametersText, problems);
            if (parameterStatus is { } fromParameters)
            {
                if (statusId is { } given && given != fromParameters)
                {
                    problems.Add(("conflictingStatus",
                        $"missingAssetStatusId ({given}) and finalizationParameters STATUS_ID ({fromParameters}) disagree: send one of them (finalizationParameters is deprecated)."));
                }

                statusId ??= fromParameters;
            }
        }

        var options = new FinalizationOptions { Strategy = strategy, MissingAssetStatusId = statusId, Simulation = simulation };
        if (!fields.ContainsKey("missingAssetStatusId") || statusId is not null)
        {
            if (options.Validate() is { } message && !problems.Exists(p => p.Code == "invalidFinalizationStrategy"))
            {
                problems.Add(("missingAssetStatusIdRequired", message));
            }
        }

        return options;
    }

    private static Guid? ParseFinalizationParameters(string text, List<(string Code, string Message)> problems)
    {
        const string Example = "{ \"STATUS_ID\": \"00000000-0000-0000-0000-000000005066\" }";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(("invalidFinalizationParameters", $"finalizationParameters must be a JSON object such as {Example}."));
                return null;
            }

            if (!document.RootElement.TryGetProperty("STATUS_ID", out var status))
            {
                problems.Add(("invalidFinalizationParameters", $"finalizationParameters has no STATUS_ID: send {Example}."));
                return null;
            }

            if (status.ValueKind == JsonValueKind.String && Guid.TryParse(status.GetString(), out var id))
            {
                return id;
            }

            problems.Add(("invalidUuid", $"finalizationParameters STATUS_ID must be a status UUID such as 00000000-0000-0000-0000-000000005066, not {InputText.Quote(status.GetRawText())}."));
            return null;
        }
        catch (JsonException e)
        {
            problems.Add(("invalidFinalizationParameters", $"finalizationParameters is not valid JSON ({e.Message}): send {Example} with ;type=application/json."));
            return null;
        }
    }

    // Collibra's OpenAPI requires a template for CSV and Excel alike (its Postman collection's Excel request sends none).
    private static string Explain(FormPart part) => part.Name == "template"
        ? " The template is a JSON array of import commands whose strings hold ${1}, ${2}, … for the columns (e.g. -F 'template=<template.json'); without it no column means anything."
        : "";

    private static bool? ParseBoolean(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    private static bool Boolean(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && ParseBoolean(text.Trim()) == true;

    private static string? Choice(FormPart part, string value) =>
        part.Choices?.FirstOrDefault(c => c.Equals(value, StringComparison.OrdinalIgnoreCase));
}
