using System.Text.Json.Serialization.Metadata;
using CatalogSync.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogSync.Server;

/// <summary>The read side of Collibra's Core REST v2 (<c>dgc-core-rest-subset.json</c>) that the embedded catalog serves.</summary>
internal static class CoreEndpoints
{
    private static readonly string[] SortOrders = ["ASC", "DESC"];

    public static void Map(IEndpointRouteBuilder api)
    {
        MapFind(api, "/communities", "findCommunities", ServerJson.Contract.PagedResponseCommunity, (reader, q, ct) =>
        {
            q.Uuid("parentId");
            q.Boolean("excludeMeta", true);
            q.Choice("sortField", "NAME", "CREATED_BY", "CREATED_ON", "LAST_MODIFIED");
            q.Choice("sortOrder", SortOrders);
            var (name, mode, paging) = (q.Text("name"), q.MatchMode(), q.Paging());
            return q.Error is null ? reader.FindCommunitiesAsync(name, mode, paging, ct) : null;
        });
        MapGet(api, "/communities/{id}", "getCommunity", "Community", ServerJson.Contract.Community, (reader, id, ct) => reader.GetCommunityAsync(id, ct));

        MapFind(api, "/domains", "findDomains", ServerJson.Contract.PagedResponseDomain, (reader, q, ct) =>
        {
            q.Boolean("excludeMeta", true);
            q.Boolean("includeSubCommunities", false);
            var (name, mode, community, type, paging) = (q.Text("name"), q.MatchMode(), q.Uuid("communityId"), q.Uuid("typeId"), q.Paging());
            return q.Error is null ? reader.FindDomainsAsync(name, mode, community, type, paging, ct) : null;
        });
        MapGet(api, "/domains/{id}", "getDomain", "Domain", ServerJson.Contract.Domain, (reader, id, ct) => reader.GetDomainAsync(id, ct));

        MapFind(api, "/assets", "findAssets", ServerJson.Contract.PagedResponseAsset, (reader, q, ct) =>
        {
            q.Boolean("excludeMeta", true);
            q.Choice("sortField", "NAME", "DISPLAY_NAME");
            q.Choice("sortOrder", SortOrders);
            var query = new AssetQuery
            {
                Name = q.Text("name"),
                NameMatchMode = q.MatchMode(),
                DomainId = q.Uuid("domainId"),
                CommunityId = q.Uuid("communityId"),
                TypeIds = q.Uuids("typeIds", "typeId"),
                StatusIds = q.Uuids("statusIds", "statusId"),
                TagNames = q.Texts("tagNames"),
                TypeInheritance = q.Boolean("typeInheritance", true),
                Paging = q.Paging(),
                Cursor = q.Text("cursor"),
            };
            return q.Error is null ? reader.FindAssetsAsync(query, ct) : null;
        });
        MapGet(api, "/assets/{id}", "getAsset", "Asset", ServerJson.Contract.Asset, (reader, id, ct) => reader.GetAssetAsync(id, ct));

        api.MapGet("/assets/{id}/tags", (HttpContext context, string id) => GetTagsAsync(context, id)).WithName("getAssetTags").WithTags("Tags")
            .Produces(StatusCodes.Status200OK, typeof(IReadOnlyList<Tag>), "application/json");
        api.MapGet("/tags/asset/{id}", (HttpContext context, string id) => GetTagsAsync(context, id)).WithName("getTagsByAssetId").WithTags("Tags")
            .Produces(StatusCodes.Status200OK, typeof(IReadOnlyList<Tag>), "application/json");

        MapFind(api, "/attributes", "findAttributes", ServerJson.Contract.PagedResponseCatalogAttribute, (reader, q, ct) =>
        {
            q.Choice("sortOrder", SortOrders);
            q.Choice("sortField", "CREATED_BY", "CREATED_ON", "LAST_MODIFIED");
            var (asset, types, paging) = (q.Uuid("assetId"), q.Uuids("typeIds", "typeId"), q.Paging());
            return q.Error is null ? reader.FindAttributesAsync(asset, types, paging, ct) : null;
        });

        MapFind(api, "/relations", "findRelations", ServerJson.Contract.PagedResponseRelation, (reader, q, ct) =>
        {
            q.Choice("sourceTargetLogicalOperator", "AND");
            var (source, target, type, paging) = (q.Uuid("sourceId"), q.Uuid("targetId"), q.Uuid("relationTypeId"), q.Paging());
            return q.Error is null ? reader.FindRelationsAsync(source, target, type, paging, ct) : null;
        });

        MapFind(api, "/statuses", "findStatuses", ServerJson.Contract.PagedResponseStatus, (reader, q, ct) =>
        {
            var (name, mode, paging) = (q.Text("name"), q.MatchMode(), q.Paging());
            return q.Error is null ? reader.FindStatusesAsync(name, mode, paging, ct) : null;
        });
        MapGet(api, "/statuses/{id}", "getStatus", "Status", ServerJson.Contract.Status, (reader, id, ct) => reader.GetStatusAsync(id, ct));
        api.MapGet("/statuses/name/{statusName}", async (HttpContext context, string statusName) =>
        {
            var page = await Reader(context).FindStatusesAsync(ImportEndpoints.Unescape(statusName), NameMatchMode.Exact, new Paging { Limit = 1 }, context.RequestAborted).ConfigureAwait(false);
            return page.Results.Count > 0
                ? Results.Json(page.Results[0], ServerJson.Contract.Status)
                : ApiErrors.NotFound("statusNotFound", $"No status is named {InputText.Quote(statusName)}. GET /rest/2.0/statuses lists them.");
        }).WithName("getStatusByName").WithTags("Statuses")
            .Produces(StatusCodes.Status200OK, typeof(Status), "application/json")
            .Produces(StatusCodes.Status404NotFound, typeof(CollibraError), "application/json");

        MapFind(api, "/assetTypes", "findAssetTypes", ServerJson.Contract.PagedResponseAssetType, (reader, q, ct) =>
        {
            var (name, mode, paging) = (q.Text("name"), q.MatchMode(), q.Paging());
            return q.Error is null ? reader.FindAssetTypesAsync(name, mode, paging, ct) : null;
        });
        MapFind(api, "/domainTypes", "findDomainTypes", ServerJson.Contract.PagedResponseDomainType, (reader, q, ct) =>
        {
            var (name, mode, paging) = (q.Text("name"), q.MatchMode(), q.Paging());
            return q.Error is null ? reader.FindDomainTypesAsync(name, mode, paging, ct) : null;
        });
        MapFind(api, "/attributeTypes", "findAttributeTypes", ServerJson.Contract.PagedResponseAttributeType, (reader, q, ct) =>
        {
            q.Choice("kind", "BOOLEAN", "STRING", "NUMERIC", "DATE", "SINGLE_VALUE_LIST", "MULTI_VALUE_LIST", "SCRIPT");
            var (name, mode, paging) = (q.Text("name"), q.MatchMode(), q.Paging());
            return q.Error is null ? reader.FindAttributeTypesAsync(name, mode, paging, ct) : null;
        });
        MapFind(api, "/relationTypes", "findRelationTypes", ServerJson.Contract.PagedResponseRelationType, (reader, q, ct) =>
        {
            var (source, target, paging) = (q.Uuid("sourceTypeId"), q.Uuid("targetTypeId"), q.Paging());
            return q.Error is null ? reader.FindRelationTypesAsync(source, target, paging, ct) : null;
        });
    }

    private static ICatalogReader Reader(HttpContext context) => context.RequestServices.GetRequiredService<ICatalogReader>();

    private static void MapFind<T>(IEndpointRouteBuilder api, string route, string operationId, JsonTypeInfo<PagedResponse<T>> typeInfo,
        Func<ICatalogReader, QueryParser, CancellationToken, Task<PagedResponse<T>>?> find)
    {
        api.MapGet(route, async (HttpContext context) =>
        {
            var query = new QueryParser(context.Request);
            var task = find(Reader(context), query, context.RequestAborted);
            if (task is null || query.Error is { })
            {
                return query.Error!;
            }

            return Results.Json(await task.ConfigureAwait(false), typeInfo);
        }).WithName(operationId).WithTags(Tag(route))
            .Produces(StatusCodes.Status200OK, typeof(PagedResponse<T>), "application/json")
            .Produces(StatusCodes.Status400BadRequest, typeof(CollibraError), "application/json");
    }

    private static void MapGet<T>(IEndpointRouteBuilder api, string route, string operationId, string kind, JsonTypeInfo<T> typeInfo,
        Func<ICatalogReader, Guid, CancellationToken, Task<T?>> get)
        where T : class
    {
        api.MapGet(route, async (HttpContext context, string id) =>
        {
            if (!Guid.TryParse(id, out var guid))
            {
                return ApiErrors.BadRequest("invalidUuid", $"The {kind.ToLowerInvariant()} id {InputText.Quote(id)} is not a UUID.");
            }

            var value = await get(Reader(context), guid, context.RequestAborted).ConfigureAwait(false);
            return value is null
                ? ApiErrors.NotFound(char.ToLowerInvariant(kind[0]) + kind[1..] + "NotFound", $"No {kind.ToLowerInvariant()} has the id {guid}.")
                : Results.Json(value, typeInfo);
        }).WithName(operationId).WithTags(Tag(route))
            .Produces(StatusCodes.Status200OK, typeof(T), "application/json")
            .Produces(StatusCodes.Status404NotFound, typeof(CollibraError), "application/json");
    }

    private static async Task<IResult> GetTagsAsync(HttpContext context, string id)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return ApiErrors.BadRequest("invalidUuid", $"The asset id {InputText.Quote(id)} is not a UUID.");
        }

        var tags = await Reader(context).GetAssetTagsAsync(guid, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(tags, ServerJson.Contract.IReadOnlyListTag);
    }

    private static string Tag(string route)
    {
        var first = route.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        return char.ToUpperInvariant(first[0]) + first[1..];
    }
}
