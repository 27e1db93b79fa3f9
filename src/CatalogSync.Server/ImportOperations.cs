using CatalogSync.Contract;

namespace CatalogSync.Server;

/// <summary>The value kind of a multipart part.</summary>
public enum FormPartKind
{
    /// <summary><c>true</c> or <c>false</c>, sent as text.</summary>
    Boolean,
    /// <summary>A 32-bit integer, sent as text.</summary>
    Integer,
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A UUID, sent as text.</summary>
    Uuid,
    /// <summary>One of a fixed set of words.</summary>
    Choice,
    /// <summary>The uploaded file, streamed.</summary>
    File,
    /// <summary>A JSON object (declared <c>application/json</c>, possibly sent as a file).</summary>
    JsonObject,
    /// <summary>Exactly one character, sent as text (the CSV separator, quote and escape).</summary>
    Character,
}

/// <summary>What an Import API operation does.</summary>
public enum ImportOperationKind
{
    /// <summary><c>POST /import/{format}-job</c>.</summary>
    Import,
    /// <summary><c>POST /import/synchronize/{id}/batch/{format}-job</c>.</summary>
    SynchronizationBatch,
    /// <summary><c>POST /import/synchronize/{id}/{format}-job</c>.</summary>
    Synchronization,
    /// <summary><c>POST /import/synchronize/{id}/finalize/job</c>.</summary>
    Finalization,
}

/// <summary>One documented multipart part of an Import API operation.</summary>
/// <param name="Name">The part's name, as in Collibra's OpenAPI.</param>
/// <param name="Kind">Its value kind.</param>
/// <param name="Required">Whether the contract requires it.</param>
/// <param name="Default">The contract's default, as text.</param>
/// <param name="Choices">The accepted words for <see cref="FormPartKind.Choice"/>.</param>
/// <param name="Description">What it means in the embedded catalog.</param>
public sealed record FormPart(
    string Name,
    FormPartKind Kind,
    bool Required = false,
    string? Default = null,
    IReadOnlyList<string>? Choices = null,
    string Description = "");

/// <summary>One multipart Import API operation, with the parts Collibra documents for it.</summary>
/// <param name="Route">The route under <c>/rest/2.0</c>.</param>
/// <param name="OperationId">Collibra's operation id.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Format">The input format (<see cref="ImportFormat.Json"/> for the finalization).</param>
/// <param name="Parts">The documented parts.</param>
public sealed record ImportOperation(
    string Route,
    string OperationId,
    ImportOperationKind Kind,
    ImportFormat Format,
    IReadOnlyList<FormPart> Parts)
{
    /// <summary>Whether the operation takes a file (every one but the finalization).</summary>
    public bool TakesFile => Kind != ImportOperationKind.Finalization;

    /// <summary>Finds a documented part by name.</summary>
    public FormPart? FindPart(string name) => Parts.FirstOrDefault(p => p.Name == name);
}

/// <summary>The ten multipart operations of Collibra's Import API v2 (<c>dgc-importer-rest.json</c>), part by part.</summary>
public static class ImportOperations
{
    /// <summary>The finalization strategies, as Collibra spells them.</summary>
    public static IReadOnlyList<string> FinalizationStrategies { get; } = ["REMOVE_RESOURCES", "CHANGE_STATUS", "IGNORE"];

    /// <summary>The relations actions, as Collibra spells them.</summary>
    public static IReadOnlyList<string> RelationsActions { get; } = ["ADD_OR_IGNORE", "REPLACE"];

    private static readonly FormPart[] CommonParts =
    [
        new("sendNotification", FormPartKind.Boolean, Default: "false", Description: "Accepted; the embedded catalog sends no notifications."),
        new("batchSize", FormPartKind.Integer, Default: "1000", Description: "Deprecated by Collibra and ignored."),
        new("simulation", FormPartKind.Boolean, Default: "false", Description: "Compute the result and counters but change nothing."),
        new("saveResult", FormPartKind.Boolean, Default: "false", Description: "Deprecated by Collibra; results are always kept."),
    ];

    private static readonly FormPart[] FileParts =
    [
        new("fileId", FormPartKind.Uuid, Description: "An uploaded file's id. The embedded catalog has no file upload store: send 'file' instead."),
        new("file", FormPartKind.File, Description: "The file to import, streamed to disk as it arrives."),
        new("fileName", FormPartKind.Text, Description: "The file's name."),
        new("deleteFile", FormPartKind.Boolean, Default: "false", Description: "Accepted; uploaded files are never kept."),
        new("continueOnError", FormPartKind.Boolean, Default: "false", Description: "Commit the valid commands and report the others; otherwise all-or-nothing."),
    ];

    private static readonly FormPart[] RelationsActionParts =
    [
        new("relationsAction", FormPartKind.Choice, Choices: RelationsActions, Description: "Whether given relations replace those of the same type and direction or are added."),
    ];

    private static readonly FormPart[] CsvParts =
    [
        // Collibra's OpenAPI lists separator, quote and escape as required but documents a default for each: a part
        // that is not sent takes its default (Collibra's own Postman collection sends none of them).
        new("separator", FormPartKind.Character, Default: ";", Description: "The CSV separator character."),
        new("quote", FormPartKind.Character, Default: "\"", Description: "The CSV quote character."),
        new("escape", FormPartKind.Character, Default: "\\", Description: "The CSV escape character (inside quoted fields); the quote character itself means quotes are doubled."),
        new("strictQuotes", FormPartKind.Boolean, Default: "false", Description: "Only false (the default) is supported."),
        new("ignoreLeadingWhitespace", FormPartKind.Boolean, Default: "false", Description: "Only false (the default) is supported."),
        new("headerRow", FormPartKind.Boolean, Default: "false", Description: "Whether the first row is a header, skipped."),
        new("template", FormPartKind.Text, Required: true, Description: "The template: a JSON array of import commands whose strings hold ${n} for the n-th column."),
    ];

    private static readonly FormPart[] ExcelParts =
    [
        new("sheetName", FormPartKind.Text, Description: "The sheet to read, by name; without it and sheetIndex, the first sheet."),
        new("sheetIndex", FormPartKind.Integer, Description: "The sheet to read, by position from 0, when sheetName is not sent."),
        new("headerRow", FormPartKind.Boolean, Default: "false", Description: "Whether the first row is a header, skipped."),
        new("template", FormPartKind.Text, Required: true, Description: "The template: a JSON array of import commands whose strings hold ${n} for the n-th column."),
    ];

    private static readonly FormPart StrategyPart = new(
        "finalizationStrategy",
        FormPartKind.Choice,
        Default: "REMOVE_RESOURCES",
        Choices: FinalizationStrategies,
        Description: "What happens to resources missing from the cycle: REMOVE_RESOURCES, CHANGE_STATUS (needs missingAssetStatusId) or IGNORE.");

    private static readonly FormPart MissingStatusPart = new(
        "missingAssetStatusId",
        FormPartKind.Uuid,
        Description: "With CHANGE_STATUS: the status given to missing assets.");

    private static readonly FormPart FinalizationParametersPart = new(
        "finalizationParameters",
        FormPartKind.JsonObject,
        Description: "Deprecated: {\"STATUS_ID\": \"<uuid>\"} declared as application/json; same meaning as missingAssetStatusId.");

    /// <summary>Every multipart operation.</summary>
    public static IReadOnlyList<ImportOperation> All { get; } = Build();

    private static ImportOperation[] Build()
    {
        var list = new List<ImportOperation>();
        foreach (var format in new[] { ImportFormat.Json, ImportFormat.Csv, ImportFormat.Excel })
        {
            var segment = format.ToString().ToLowerInvariant();
            var formatParts = format switch
            {
                ImportFormat.Csv => CsvParts,
                ImportFormat.Excel => ExcelParts,
                _ => [],
            };
            var name = format.ToString();
            list.Add(new($"/import/{segment}-job", $"import{name}InJob", ImportOperationKind.Import, format,
                [.. CommonParts, .. FileParts, .. format == ImportFormat.Json ? RelationsActionParts : [], .. formatParts]));
            list.Add(new($"/import/synchronize/{{synchronizationId}}/batch/{segment}-job", $"synchronizeBatch{name}InJob", ImportOperationKind.SynchronizationBatch, format,
                [.. CommonParts, .. FileParts, .. format == ImportFormat.Json ? RelationsActionParts : [], .. formatParts]));
            list.Add(new($"/import/synchronize/{{synchronizationId}}/{segment}-job", $"synchronize{name}InJob", ImportOperationKind.Synchronization, format,
                [.. CommonParts, .. FileParts, .. formatParts, StrategyPart, MissingStatusPart]));
        }

        list.Add(new("/import/synchronize/{synchronizationId}/finalize/job", "synchronizeFinalizeInJob", ImportOperationKind.Finalization, ImportFormat.Json,
            [.. CommonParts, StrategyPart, MissingStatusPart, FinalizationParametersPart]));
        return [.. list];
    }
}
