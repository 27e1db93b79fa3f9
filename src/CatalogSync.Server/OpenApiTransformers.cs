using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CatalogSync.Server;

/// <summary>Completes the generated OpenAPI document with what minimal APIs cannot infer: the multipart parts and Basic auth.</summary>
internal static class OpenApiTransformers
{
    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "CatalogSync embedded catalog (Collibra Import API v2 and Core REST v2 subset)",
                Version = "2.0",
                Description = "A Collibra-compatible catalog served by 'catalog-sync serve'. Paths, parts and JSON follow Collibra's dgc-importer-rest.json and dgc-core-rest-subset.json.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["basicAuth"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "basic" };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("basicAuth", document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var import = context.Description.ActionDescriptor.EndpointMetadata.OfType<ImportOperation>().FirstOrDefault();
            if (import is null)
            {
                return Task.CompletedTask;
            }

            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>(),
                Required = new HashSet<string>(import.Parts.Where(p => p.Required).Select(p => p.Name)),
            };
            foreach (var part in import.Parts)
            {
                schema.Properties[part.Name] = PartSchema(part);
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new OpenApiMediaType { Schema = schema } },
            };
            return Task.CompletedTask;
        });
    }

    private static OpenApiSchema PartSchema(FormPart part)
    {
        var schema = new OpenApiSchema { Description = part.Description.Length > 0 ? part.Description : null };
        switch (part.Kind)
        {
            case FormPartKind.Boolean:
                schema.Type = JsonSchemaType.Boolean;
                break;
            case FormPartKind.Integer:
                schema.Type = JsonSchemaType.Integer;
                schema.Format = "int32";
                break;
            case FormPartKind.Uuid:
                schema.Type = JsonSchemaType.String;
                schema.Format = "uuid";
                break;
            case FormPartKind.File:
                schema.Type = JsonSchemaType.String;
                schema.Format = "binary";
                break;
            case FormPartKind.JsonObject:
                schema.Type = JsonSchemaType.Object;
                schema.Required = new HashSet<string> { "STATUS_ID" };
                schema.Deprecated = true;
                break;
            case FormPartKind.Choice:
                schema.Type = JsonSchemaType.String;
                schema.Pattern = string.Join('|', part.Choices ?? []);
                break;
            default:
                schema.Type = JsonSchemaType.String;
                break;
        }

        if (part.Default is not null)
        {
            schema.Default = part.Kind switch
            {
                FormPartKind.Boolean => JsonValue.Create(part.Default == "true"),
                FormPartKind.Integer => JsonValue.Create(int.Parse(part.Default, System.Globalization.CultureInfo.InvariantCulture)),
                _ => JsonValue.Create(part.Default),
            };
        }

        return schema;
    }
}
