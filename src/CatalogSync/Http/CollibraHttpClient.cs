using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CatalogSync.Contract;

namespace CatalogSync.Http;

/// <summary>
/// <see cref="IImportApiClient"/> and <see cref="ICatalogReader"/> over HTTP: talks to Collibra's Import API v2
/// and Core REST v2 (a real Collibra instance or <c>catalog-sync serve</c>) with the same paths, multipart parts
/// and JSON as Collibra's contract. Import input is streamed, never buffered whole.
/// </summary>
/// <remarks>
/// <para>
/// Give it an <see cref="HttpClient"/> with <see cref="ImportApiResilience"/> (as <c>AddCatalogSync</c> does) for
/// retries and timeouts. Each request says whether it may be sent twice (<see cref="ImportApiResilience.ReplayableKey"/>):
/// import and batch POSTs may, a finalization POST may not.
/// </para>
/// Errors answered by the catalog become <see cref="CatalogApiException"/> with the server's status code,
/// <c>errorCode</c> and <c>userMessage</c>. A 404 on a single-resource read (<c>GET /assets/{id}</c>, …)
/// returns <see langword="null"/>, as <see cref="ICatalogReader"/> says.
/// </remarks>
public sealed class CollibraHttpClient : IImportApiClient, ICatalogReader
{
    private const string Api = "rest/2.0/";

    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates a client over <paramref name="httpClient"/>, which it does not own.</summary>
    /// <param name="httpClient">The transport (e.g. from <c>IHttpClientFactory</c>).</param>
    /// <param name="options">Base address and credentials; <see langword="null"/> uses the client's base address as it is.</param>
    public CollibraHttpClient(HttpClient httpClient, CollibraHttpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        var root = options?.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Give the catalog's address: options.BaseAddress or HttpClient.BaseAddress.", nameof(options));
        _root = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        if (!string.IsNullOrEmpty(options?.BearerToken))
        {
            _authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (options?.UserName is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.UserName}:{options.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>The catalog's root address (the client sends to <c>{root}rest/2.0/…</c>).</summary>
    public Uri BaseAddress => _root;

    // ---------------------------------------------------------------- Import API

    /// <inheritdoc/>
    public Task<Job> StartImportAsync(ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        return PostJobAsync($"import/{FormatSegment(content.Format)}-job", BuildImportForm(content, options), replayable: true, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Job> StartSynchronizationBatchAsync(string synchronizationId, ImportContent content, ImportJobOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        return PostJobAsync(
            $"import/synchronize/{Escape(synchronizationId)}/batch/{FormatSegment(content.Format)}-job",
            BuildImportForm(content, options),
            replayable: true,
            cancellationToken,
            options.CycleOwner);
    }

    /// <inheritdoc/>
    public Task<Job> StartSynchronizationAsync(string synchronizationId, ImportContent content, ImportJobOptions options, FinalizationOptions finalization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(finalization);
        // One 'simulation' part covers the batch and the finalization: either flag makes the whole job a simulation,
        // as the embedded catalog reads it; a dry run must never turn into a real one over HTTP.
        options = options with { Simulation = options.Simulation || finalization.Simulation };
        return PostJobAsync(
            $"import/synchronize/{Escape(synchronizationId)}/{FormatSegment(content.Format)}-job",
            () =>
            {
                var form = BuildImportForm(content, options)();
                AddFinalizationParts(form, finalization);
                return form;
            },
            // A batch and a finalization in one job (one 'simulation' part for both): a simulated one changes nothing; a
            // real one ends a cycle, and a duplicate ends another, which differs when earlier batches left one open.
            replayable: options.Simulation,
            cancellationToken,
            options.CycleOwner ?? finalization.CycleOwner);
    }

    /// <inheritdoc/>
    public Task<Job> StartFinalizationAsync(string synchronizationId, FinalizationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        ArgumentNullException.ThrowIfNull(options);
        return PostJobAsync(
            $"import/synchronize/{Escape(synchronizationId)}/finalize/job",
            () =>
            {
                var form = new MultipartFormDataContent();
                AddBoolean(form, "simulation", options.Simulation);
                AddFinalizationParts(form, options);
                return form;
            },
            // A second real finalization would end the next, empty cycle: see ImportApiResilience.
            replayable: options.Simulation,
            cancellationToken,
            options.CycleOwner);
    }

    /// <inheritdoc/>
    /// <remarks>An endpoint that does not know the path (404, e.g. real Collibra) is <see cref="CatalogCapabilities.Unknown"/>.</remarks>
    public async Task<CatalogCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        await GetOptionalAsync("catalogsync/capabilities", ContractJsonContext.Default.CatalogCapabilities, cancellationToken).ConfigureAwait(false)
        ?? CatalogCapabilities.Unknown;

    /// <inheritdoc/>
    public Task<Job> GetJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        GetRequiredAsync($"jobs/{jobId}", ContractJsonContext.Default.Job, cancellationToken);

    /// <inheritdoc/>
    public Task<ImportSummary> GetSummaryAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        GetRequiredAsync($"import/results/{jobId}/summary", ContractJsonContext.Default.ImportSummary, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<ImportError>> GetErrorsAsync(Guid jobId, int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        GetRequiredAsync(
            $"import/results/{jobId}/errors" + new Query().Add("offset", offset).Add("limit", limit),
            ContractJsonContext.Default.PagedResponseImportError,
            cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SynchronizationExistsAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        return GetRequiredAsync($"import/synchronize/exists/{Escape(synchronizationId)}", ContractJsonContext.Default.Boolean, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PagedResponse<SynchronizationInfo>> FindSynchronizationsAsync(int offset = 0, int limit = 0, CancellationToken cancellationToken = default) =>
        GetRequiredAsync(
            "import/synchronize" + new Query().Add("offset", offset).Add("limit", limit),
            ContractJsonContext.Default.PagedResponseSynchronizationInfo,
            cancellationToken);

    /// <inheritdoc/>
    public Task EvictSynchronizationCacheAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        return DeleteAsync($"import/synchronize/{Escape(synchronizationId)}/evict", cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveSynchronizationAsync(string synchronizationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synchronizationId);
        return DeleteAsync($"import/synchronize/{Escape(synchronizationId)}", cancellationToken);
    }

    // ---------------------------------------------------------------- Core REST (read side)

    /// <inheritdoc/>
    public Task<PagedResponse<Community>> FindCommunitiesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync("communities" + new Query().Name(name, nameMatchMode).Paging(paging), ContractJsonContext.Default.PagedResponseCommunity, cancellationToken);

    /// <inheritdoc/>
    public Task<Community?> GetCommunityAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetOptionalAsync($"communities/{id}", ContractJsonContext.Default.Community, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Domain>> FindDomainsAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Guid? communityId = null, Guid? typeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync(
            "domains" + new Query().Name(name, nameMatchMode).Add("communityId", communityId).Add("typeId", typeId).Paging(paging),
            ContractJsonContext.Default.PagedResponseDomain,
            cancellationToken);

    /// <inheritdoc/>
    public Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetOptionalAsync($"domains/{id}", ContractJsonContext.Default.Domain, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Asset>> FindAssetsAsync(AssetQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = new Query()
            .Name(query.Name, query.NameMatchMode)
            .Add("domainId", query.DomainId)
            .Add("communityId", query.CommunityId);
        // Collibra's current API names the list filters typeIds/statusIds; its older OpenAPI (the contract file)
        // names them typeId/statusId. Both are sent so either reading of the contract filters the same way.
        foreach (var id in query.TypeIds)
        {
            q.Add("typeIds", id).Add("typeId", id);
        }

        foreach (var id in query.StatusIds)
        {
            q.Add("statusIds", id).Add("statusId", id);
        }

        foreach (var tag in query.TagNames)
        {
            q.Add("tagNames", tag);
        }

        if (!query.TypeInheritance)
        {
            q.Add("typeInheritance", "false");
        }

        if (query.Cursor is not null)
        {
            q.Add("cursor", query.Cursor);
        }

        return GetRequiredAsync("assets" + q.Paging(query.Paging), ContractJsonContext.Default.PagedResponseAsset, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Asset?> GetAssetAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetOptionalAsync($"assets/{id}", ContractJsonContext.Default.Asset, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<CatalogAttribute>> FindAttributesAsync(Guid? assetId = null, IReadOnlyList<Guid>? typeIds = null, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        var q = new Query().Add("assetId", assetId);
        foreach (var id in typeIds ?? [])
        {
            q.Add("typeIds", id);
        }

        return FindAttributesCoreAsync("attributes" + q.Paging(paging), cancellationToken);
    }

    private async Task<PagedResponse<CatalogAttribute>> FindAttributesCoreAsync(string path, CancellationToken cancellationToken)
    {
        // CatalogAttribute.Kind is not serialized as such: it travels as resourceType (e.g. NumericAttribute).
        var (page, kinds) = await GetWithKindsAsync(path, ContractJsonContext.Default.PagedResponseCatalogAttribute, "resourceType", cancellationToken).ConfigureAwait(false);
        return page with { Results = [.. page.Results.Select((a, i) => kinds[i] is { } kind ? a with { Kind = kind } : a)] };
    }

    /// <inheritdoc/>
    public Task<PagedResponse<Relation>> FindRelationsAsync(Guid? sourceId = null, Guid? targetId = null, Guid? relationTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync(
            "relations" + new Query().Add("sourceId", sourceId).Add("targetId", targetId).Add("relationTypeId", relationTypeId).Paging(paging),
            ContractJsonContext.Default.PagedResponseRelation,
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Tag>> GetAssetTagsAsync(Guid assetId, CancellationToken cancellationToken = default) =>
        GetRequiredAsync($"tags/asset/{assetId}", ContractJsonContext.Default.IReadOnlyListTag, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<Status>> FindStatusesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync("statuses" + new Query().Name(name, nameMatchMode).Paging(paging), ContractJsonContext.Default.PagedResponseStatus, cancellationToken);

    /// <inheritdoc/>
    public Task<Status?> GetStatusAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetOptionalAsync($"statuses/{id}", ContractJsonContext.Default.Status, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<AssetType>> FindAssetTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync("assetTypes" + new Query().Name(name, nameMatchMode).Paging(paging), ContractJsonContext.Default.PagedResponseAssetType, cancellationToken);

    /// <inheritdoc/>
    public Task<PagedResponse<DomainType>> FindDomainTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync("domainTypes" + new Query().Name(name, nameMatchMode).Paging(paging), ContractJsonContext.Default.PagedResponseDomainType, cancellationToken);

    /// <inheritdoc/>
    public async Task<PagedResponse<AttributeType>> FindAttributeTypesAsync(string? name = null, NameMatchMode nameMatchMode = NameMatchMode.Anywhere, Paging? paging = null, CancellationToken cancellationToken = default)
    {
        // AttributeType.Kind travels as "kind" (e.g. SINGLE_VALUE_LIST), which is read-only on the record.
        var (page, kinds) = await GetWithKindsAsync(
            "attributeTypes" + new Query().Name(name, nameMatchMode).Paging(paging), ContractJsonContext.Default.PagedResponseAttributeType, "kind", cancellationToken).ConfigureAwait(false);
        return page with { Results = [.. page.Results.Select((t, i) => ParseAttributeKind(kinds[i]) is { } kind ? t with { Kind = kind } : t)] };
    }

    private static AttributeKind? ParseAttributeKind(string? text) => text switch
    {
        "STRING" => AttributeKind.String,
        "NUMERIC" => AttributeKind.Numeric,
        "BOOLEAN" => AttributeKind.Boolean,
        "DATE" => AttributeKind.Date,
        "SINGLE_VALUE_LIST" => AttributeKind.SingleValueList,
        "MULTI_VALUE_LIST" => AttributeKind.MultiValueList,
        _ => null,
    };

    /// <summary>Reads a page and, for each result, one string property that the contract record cannot read back itself.</summary>
    private async Task<(PagedResponse<T> Page, string?[] Values)> GetWithKindsAsync<T>(string path, JsonTypeInfo<PagedResponse<T>> typeInfo, string property, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var page = JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new CatalogApiException((int)response.StatusCode, "invalidResponse", $"The catalog answered {request.RequestUri} with an empty body.");
            using var document = JsonDocument.Parse(bytes);
            var values = new string?[page.Results.Count];
            if (document.RootElement.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in results.EnumerateArray())
                {
                    if (i < values.Length)
                    {
                        values[i++] = item.ValueKind == JsonValueKind.Object ? StringProperty(item, property) : null;
                    }
                }
            }

            return (page, values);
        }
        catch (JsonException e)
        {
            throw new CatalogApiException($"The catalog's answer to {request.RequestUri} is not the expected JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public Task<PagedResponse<RelationType>> FindRelationTypesAsync(Guid? sourceTypeId = null, Guid? targetTypeId = null, Paging? paging = null, CancellationToken cancellationToken = default) =>
        GetRequiredAsync(
            "relationTypes" + new Query().Add("sourceTypeId", sourceTypeId).Add("targetTypeId", targetTypeId).Paging(paging),
            ContractJsonContext.Default.PagedResponseRelationType,
            cancellationToken);

    // ---------------------------------------------------------------- plumbing

    private static string FormatSegment(ImportFormat format) => format switch
    {
        ImportFormat.Csv => "csv",
        ImportFormat.Excel => "excel",
        _ => "json",
    };

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A factory, because a retried request needs a fresh body that writes the content again.</summary>
    private static Func<MultipartFormDataContent> BuildImportForm(ImportContent content, ImportJobOptions options) => () =>
    {
        var form = new MultipartFormDataContent();
        form.Add(new ImportHttpContent(content), "file", content.FileName);
        form.Add(new StringContent(content.FileName), "fileName");
        AddBoolean(form, "simulation", options.Simulation);
        AddBoolean(form, "continueOnError", options.ContinueOnError);
        AddBoolean(form, "sendNotification", options.SendNotification);
        if (options.RelationsAction is { } action && content.Format == ImportFormat.Json)
        {
            form.Add(new StringContent(action == RelationsAction.Replace ? "REPLACE" : "ADD_OR_IGNORE"), "relationsAction");
        }

        if (content.Format != ImportFormat.Json && content.Tabular is { } tabular)
        {
            AddTabularParts(form, content.Format, tabular);
        }

        return form;
    };

    // Every part is sent, defaults included: Collibra's OpenAPI lists separator, quote and escape as required.
    private static void AddTabularParts(MultipartFormDataContent form, ImportFormat format, TabularOptions tabular)
    {
        form.Add(new StringContent(tabular.Template), "template");
        AddBoolean(form, "headerRow", tabular.HeaderRow);
        if (format == ImportFormat.Csv)
        {
            form.Add(new StringContent(tabular.Separator.ToString()), "separator");
            form.Add(new StringContent(tabular.Quote.ToString()), "quote");
            form.Add(new StringContent(tabular.Escape.ToString()), "escape");
            AddBoolean(form, "strictQuotes", tabular.StrictQuotes);
            AddBoolean(form, "ignoreLeadingWhitespace", tabular.IgnoreLeadingWhitespace);
            return;
        }

        if (tabular.SheetName is { } sheetName)
        {
            form.Add(new StringContent(sheetName), "sheetName");
        }

        if (tabular.SheetIndex is { } sheetIndex)
        {
            form.Add(new StringContent(sheetIndex.ToString(CultureInfo.InvariantCulture)), "sheetIndex");
        }
    }

    private static void AddFinalizationParts(MultipartFormDataContent form, FinalizationOptions finalization)
    {
        form.Add(new StringContent(finalization.Strategy switch
        {
            FinalizationStrategy.ChangeStatus => "CHANGE_STATUS",
            FinalizationStrategy.Ignore => "IGNORE",
            _ => "REMOVE_RESOURCES",
        }), "finalizationStrategy");
        if (finalization.MissingAssetStatusId is { } statusId)
        {
            form.Add(new StringContent(statusId.ToString()), "missingAssetStatusId");
        }
    }

    private static void AddBoolean(MultipartFormDataContent form, string name, bool value) =>
        form.Add(new StringContent(value ? "true" : "false"), name);

    private async Task<Job> PostJobAsync(string path, Func<MultipartFormDataContent> form, bool replayable, CancellationToken cancellationToken, string? cycleOwner = null)
    {
        using var request = CreateRequest(HttpMethod.Post, path);
        if (cycleOwner is not null)
        {
            request.Headers.TryAddWithoutValidation(CycleLease.HeaderName, cycleOwner);
        }

        request.Options.Set(ImportApiResilience.ReplayableKey, replayable);
        using var body = form();
        request.Content = body;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ContractJsonContext.Default.Job, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> GetRequiredAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> GetOptionalAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Delete, path);
        request.Options.Set(ImportApiResilience.ReplayableKey, false);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_root, Api + path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            return value ?? throw new CatalogApiException((int)response.StatusCode, "invalidResponse", $"The catalog answered {response.RequestMessage?.RequestUri} with an empty body.");
        }
        catch (JsonException e)
        {
            throw new CatalogApiException(
                $"The catalog's answer to {response.RequestMessage?.RequestUri} is not the expected {typeof(T).Name} JSON: {e.Message}", e);
        }
    }

    /// <summary>Turns an error answer into <see cref="CatalogApiException"/>, reading Collibra's error JSON when there is one.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var errorCode = status switch
        {
            401 => "unauthorized",
            403 => "forbidden",
            404 => "notFound",
            413 => "requestTooLarge",
            _ => "httpError",
        };
        string? message = null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = document.RootElement;
                    if (root.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        errorCode = code.GetString()!;
                    }

                    message = StringProperty(root, "userMessage") ?? StringProperty(root, "message") ?? StringProperty(root, "titleMessage");
                }
            }
            catch (JsonException)
            {
                message = text.Length > 500 ? text[..500] : text;
            }
        }

        message ??= $"{status} {response.ReasonPhrase}";
        throw new CatalogApiException(status, errorCode, message);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>A query string builder that escapes names and values.</summary>
    private sealed class Query
    {
        private readonly StringBuilder _text = new();

        public Query Add(string name, string? value)
        {
            if (value is not null)
            {
                _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }

            return this;
        }

        public Query Add(string name, Guid? value) => Add(name, value?.ToString());

        public Query Add(string name, int value) => value == 0 ? this : Add(name, value.ToString(CultureInfo.InvariantCulture));

        public Query Name(string? name, NameMatchMode mode) =>
            name is null ? this : Add("name", name).Add("nameMatchMode", mode switch
            {
                NameMatchMode.Exact => "EXACT",
                NameMatchMode.Start => "START",
                NameMatchMode.End => "END",
                _ => "ANYWHERE",
            });

        public Query Paging(Paging? paging)
        {
            if (paging is null)
            {
                return this;
            }

            Add("offset", paging.Offset).Add("limit", paging.Limit);
            return paging.CountLimit == -1 ? this : Add("countLimit", paging.CountLimit.ToString(CultureInfo.InvariantCulture));
        }

        public override string ToString() => _text.ToString();
    }
}
