using System.Text;

namespace CatalogSync.Server.Tests;

/// <summary>What a hostile request is expected to cost.</summary>
public enum HostileKind
{
    /// <summary>Reaches the API: any error must be Collibra's error JSON.</summary>
    Api,

    /// <summary>Refused by Kestrel before any middleware runs (request line, headers): a 4xx, whose body Kestrel writes itself.</summary>
    Kestrel,
}

/// <summary>One hostile request, written byte for byte.</summary>
public sealed record HostileRequest(string Name, string Method, string Target, IReadOnlyList<string> Headers, byte[]? Body, HostileKind Kind = HostileKind.Api, byte[]? RawBytes = null)
{
    /// <summary>Whether any 2xx answer is wrong (a bad synchronization id must never reach an endpoint).</summary>
    public bool MustBeRefused { get; init; }

    /// <summary>Whether a 200 answer is a Job to follow to its end.</summary>
    public bool StartsJob => Method == "POST" && Target.Contains("-job", StringComparison.Ordinal) || Target.EndsWith("/finalize/job", StringComparison.Ordinal);
}

/// <summary>
/// The hostile corpus: malformed or hostile requests across the 16 import endpoints and the read side. Every import
/// file in it is bad (each command fails), so that any job it starts must fail and no data table may change.
/// </summary>
public static class HostileCorpus
{
    public const string SyncId = "corpus";

    private static readonly string MissingAsset =
        "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"A\",\"domain\":{\"name\":\"No such domain\",\"community\":{\"name\":\"No such community\"}}},\"type\":{\"name\":\"Table\"}}";

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static string AssetWith(string replaceName) => MissingAsset.Replace("\"A\"", replaceName, StringComparison.Ordinal);

    /// <summary>Import files: truncated, invalid, wrong types, unknown fields, deep nesting, bad text, big values.</summary>
    public static IEnumerable<(string Name, byte[] Json)> Files(bool big)
    {
        yield return ("truncated [", B("["));
        yield return ("truncated [{", B("[{"));
        yield return ("truncated resource", B("[{\"resourceType\":\"Asset\""));
        yield return ("truncated string", B("[{\"resourceType\":\"Ass"));
        yield return ("object, not array", B("{\"resourceType\":\"Asset\"}"));
        yield return ("lone number", B("123"));
        yield return ("lone string", B("\"text\""));
        yield return ("lone null", B("null"));
        yield return ("lone true", B("true"));
        yield return ("numbers", B("[1,2,3]"));
        yield return ("nulls", B("[null,null]"));
        yield return ("arrays", B("[[],[1]]"));
        yield return ("empty object", B("[{}]"));
        yield return ("resourceType number", B("[{\"resourceType\":5,\"identifier\":{}}]"));
        yield return ("identifier string", B("[{\"resourceType\":\"Asset\",\"identifier\":\"x\"}]"));
        yield return ("unknown resourceType", B("[{\"resourceType\":\"Nothing\",\"identifier\":{}}]"));
        yield return ("complex relation", B("[{\"resourceType\":\"Complex Relation\",\"identifier\":{}}]"));
        yield return ("mapping", B("[{\"resourceType\":\"Mapping\",\"identifier\":{}}]"));
        yield return ("attributes array", B(MissingAsset[..^1] + ",\"attributes\":[1]}"));
        yield return ("attribute value object", B("[" + MissingAsset[..^1] + ",\"attributes\":{\"Description\":[{\"value\":{\"a\":1}}]}}]"));
        yield return ("tags object", B("[" + MissingAsset[..^1] + ",\"tags\":{\"a\":1}}]"));
        yield return ("relations array", B("[" + MissingAsset[..^1] + ",\"relations\":[1]}]"));
        yield return ("relation key", B("[" + MissingAsset[..^1] + ",\"relations\":{\"nope:SIDEWAYS\":[]}}]"));
        yield return ("status string", B("[" + MissingAsset[..^1] + ",\"status\":\"Candidate\"}]"));
        yield return ("type bad id", B("[" + MissingAsset.Replace("{\"name\":\"Table\"}", "{\"id\":\"not-a-uuid\"}", StringComparison.Ordinal) + "]"));
        yield return ("responsibilities bad", B("[" + MissingAsset[..^1] + ",\"responsibilities\":{\"Owner\":[{\"robot\":{}}]}}]"));
        yield return ("unknown top-level property", B("[" + MissingAsset[..^1] + ",\"colour\":\"red\"}]"));
        yield return ("unknown identifier property", B("[" + MissingAsset.Replace("{\"name\":\"A\",", "{\"nmae\":\"B\",\"name\":\"A\",", StringComparison.Ordinal) + "]"));
        yield return ("unknown domain property", B("[" + MissingAsset.Replace("\"No such domain\",", "\"No such domain\",\"x\":1,", StringComparison.Ordinal) + "]"));
        yield return ("identifier id not uuid", B("[{\"resourceType\":\"Asset\",\"identifier\":{\"id\":\"'; DROP TABLE assets; --\"}}]"));
        yield return ("external ids", B("[{\"resourceType\":\"Asset\",\"identifier\":{\"externalSystemId\":\"s\",\"externalEntityId\":\"e\"}}]"));
        yield return ("domain in missing community", B("[{\"resourceType\":\"Domain\",\"identifier\":{\"name\":\"D\",\"community\":{\"name\":\"No such community\"}},\"type\":{\"name\":\"Physical Data Dictionary\"}}]"));
        yield return ("community unknown property", B("[{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"C\"},\"owner\":\"me\"}]"));
        yield return ("missing asset", B("[" + MissingAsset + "]"));
        yield return ("10 000 nested arrays", B(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("10 000 nested values in a resource", B("[" + MissingAsset[..^1] + ",\"attributes\":{\"Description\":" + new string('[', 10_000) + new string(']', 10_000) + "}}]"));
        yield return ("10 000 nested objects", B("[" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000) + "]"));
        yield return ("NUL byte in a string", B("[" + AssetWith("\"A\0B\"") + "]"));
        yield return ("NUL byte between tokens", B("[\0" + MissingAsset + "]"));
        yield return ("escaped NUL", B("[" + AssetWith("\"A\\u0000B\"") + "]"));
        yield return ("invalid UTF-8 in a value", Cat(B("[" + MissingAsset[..MissingAsset.IndexOf("\"A\"", StringComparison.Ordinal)] + "\"A"), [0xC3, 0x28, 0xFF], B("\"" + MissingAsset[(MissingAsset.IndexOf("\"A\"", StringComparison.Ordinal) + 3)..] + "]")));
        yield return ("invalid UTF-8 in a property name", Cat(B("[{\"resourceType\":\"Asset\",\""), [0xFE, 0xFF], B("\":1,\"identifier\":{}}]")));
        yield return ("invalid UTF-8 between tokens", Cat(B("["), [0xFF], B(MissingAsset + "]")));
        yield return ("overlong UTF-8", Cat(B("[" + MissingAsset.Replace("\"A\"", "\"A", StringComparison.Ordinal)), [0xC0, 0xAF], B("\"}]")));
        yield return ("lone high surrogate", B("[" + AssetWith("\"A\\ud800\"") + "]"));
        yield return ("lone low surrogate", B("[" + AssetWith("\"\\udc00A\"") + "]"));
        yield return ("surrogate in a key", B("[" + MissingAsset[..^1] + ",\"attributes\":{\"\\ud800\":[]}}]"));
        yield return ("BOM and a number", Cat([0xEF, 0xBB, 0xBF], B("123")));
        yield return ("two BOMs", Cat([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], B("[" + MissingAsset + "]")));
        yield return ("UTF-16 file", Encoding.Unicode.GetBytes("[" + MissingAsset + "]"));
        yield return ("content after the array", B("[" + MissingAsset + "] trailing"));
        yield return ("two arrays", B("[" + MissingAsset + "][" + MissingAsset + "]"));
        yield return ("missing value", B("[{\"a\":}]"));
        yield return ("trailing comma", B("[" + MissingAsset + ",]"));
        yield return ("comment", B("/* hello */ [" + MissingAsset + "]"));
        yield return ("single quotes", B("[{'resourceType':'Asset'}]"));
        yield return ("huge exponent", B("[1e999999]"));
        yield return ("100 000 digit number value", B("[" + MissingAsset[..^1] + ",\"attributes\":{\"Row Count\":[{\"value\":" + new string('9', 100_000) + "}]}}]"));
        yield return ("1 MB property name", B("[" + MissingAsset[..^1] + ",\"" + new string('k', 1 << 20) + "\":1}]"));
        yield return ("5 000 bad commands", B("[" + string.Join(",", Enumerable.Repeat("{\"resourceType\":\"Nothing\",\"identifier\":{}}", 5000)) + "]"));
        yield return ("SQL in names", B("[" + AssetWith("\"x'); DELETE FROM assets; --\"") + "]"));
        if (big)
        {
            yield return ("10 MB type name", B("[" + MissingAsset.Replace("\"Table\"", "\"" + new string('T', 10 << 20) + "\"", StringComparison.Ordinal) + "]"));
            yield return ("10 MB domain name", B("[" + MissingAsset.Replace("\"No such domain\"", "\"" + new string('D', 10 << 20) + "\"", StringComparison.Ordinal) + "]"));
            yield return ("200 000 assets waiting for a missing domain", B("[" + string.Join(",", Enumerable.Range(0, 200_000).Select(i => AssetWith($"\"A{i}\""))) + "]"));
            // Valid containers and assets, applied in the job's transaction, whose relations wait for the end of the file and
            // then fail (missing targets): the job fails and rolls everything back.
            yield return ("100 000 assets with relations to missing assets", B("[{\"resourceType\":\"Community\",\"identifier\":{\"name\":\"Corpus C\"}},"
                + "{\"resourceType\":\"Domain\",\"identifier\":{\"name\":\"Corpus D\",\"community\":{\"name\":\"Corpus C\"}},\"type\":{\"name\":\"Physical Data Dictionary\"}},"
                + string.Join(",", Enumerable.Range(0, 100_000).Select(i => "{\"resourceType\":\"Asset\",\"identifier\":{\"name\":\"R" + i + "\",\"domain\":{\"name\":\"Corpus D\",\"community\":{\"name\":\"Corpus C\"}}},\"type\":{\"name\":\"Table\"},"
                    + "\"relations\":{\"00000000-0000-0000-0000-000000007042:TARGET\":[{\"name\":\"Missing " + i + "\",\"domain\":{\"name\":\"Corpus D\",\"community\":{\"name\":\"Corpus C\"}}}]}}")) + "]"));
            yield return ("50 MB type name", B("[" + MissingAsset.Replace("\"Table\"", "\"" + new string('T', 50 << 20) + "\"", StringComparison.Ordinal) + "]"));
        }
    }

    private const string Boundary = "corpus-boundary";

    private static readonly string[] MultipartHeader = [$"Content-Type: multipart/form-data; boundary={Boundary}"];

    private static byte[] Part(string name, byte[] value, string? fileName = null, string? contentType = null) => Cat(
        B($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n{(contentType is null ? "" : $"Content-Type: {contentType}\r\n")}\r\n"),
        value,
        B("\r\n"));

    private static byte[] Multipart(params byte[][] parts) => Cat([.. parts, B($"--{Boundary}--\r\n")]);

    private static readonly byte[] BadFile = B("[{\"resourceType\":\"Nothing\",\"identifier\":{}}]");

    private static byte[] FilePart(byte[]? json = null) => Part("file", json ?? BadFile, "commands.json", "application/json");

    private static string Route(ImportOperation operation, string id = SyncId) =>
        "/rest/2.0" + operation.Route.Replace("{synchronizationId}", id, StringComparison.Ordinal);

    /// <summary>The whole corpus; <paramref name="big"/> adds the 10 MB and 50 MB inputs.</summary>
    public static List<HostileRequest> Build(bool big = true)
    {
        var requests = new List<HostileRequest>();
        var jsonOperations = ImportOperations.All.Where(o => o.Format == Contract.ImportFormat.Json && o.TakesFile).ToList();

        // 1. Bad import files on the JSON endpoints. continueOnError is sent to the plain import only: a synchronization
        // batch with continueOnError commits its (empty) cycle even when every command fails.
        foreach (var (name, json) in Files(big))
        {
            var isBig = json.Length > 5 << 20;
            foreach (var operation in isBig ? jsonOperations.Take(1) : jsonOperations)
            {
                requests.Add(new($"{operation.OperationId}: {name}", "POST", Route(operation), MultipartHeader, Multipart(FilePart(json))));
            }

            if (!isBig)
            {
                requests.Add(new($"importJson continueOnError: {name}", "POST", Route(jsonOperations[0]), MultipartHeader,
                    Multipart(Part("continueOnError", B("true")), FilePart(json))));
            }
        }

        // 2. Bad multipart bodies and parts on all ten POST endpoints.
        foreach (var operation in ImportOperations.All)
        {
            var target = Route(operation);
            void Add(string name, IReadOnlyList<string> headers, byte[]? body) => requests.Add(new($"{operation.OperationId}: {name}", "POST", target, headers, body));

            Add("no content type", [], FilePart());
            Add("text/plain", ["Content-Type: text/plain"], B("hello"));
            Add("application/json", ["Content-Type: application/json"], BadFile);
            Add("multipart without boundary", ["Content-Type: multipart/form-data"], FilePart());
            Add("multipart with a 200-character boundary", [$"Content-Type: multipart/form-data; boundary={new string('b', 200)}"], FilePart());
            Add("multipart garbage", MultipartHeader, B("this is not multipart at all"));
            Add("multipart truncated", MultipartHeader, FilePart()[..^10]);
            Add("multipart part header of 20 KB", MultipartHeader, Multipart(Cat(B($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('f', 20_000)}\"\r\n\r\n"), BadFile, B("\r\n"))));
            Add("multipart with 30 part headers", MultipartHeader, Multipart(Cat(B($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"X-H{i}: v\r\n")) + "\r\n"), BadFile, B("\r\n"))));
            Add("multipart without disposition", MultipartHeader, Multipart(Cat(B($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n")), FilePart()));
            Add("file part twice", MultipartHeader, Multipart(FilePart(), FilePart()));
            Add("2 MB text part", MultipartHeader, Multipart(Part("simulation", B(new string('x', 2 << 20))), FilePart()));
            Add("bad boolean", MultipartHeader, Multipart(Part("simulation", B("maybe")), FilePart()));
            Add("bad batchSize", MultipartHeader, Multipart(Part("batchSize", B("-1")), FilePart()));
            Add("bad relationsAction", MultipartHeader, Multipart(Part("relationsAction", B("SOMETIMES")), FilePart()));
            Add("bad strategy", MultipartHeader, Multipart(Part("finalizationStrategy", B("DELETE_EVERYTHING")), FilePart()));
            Add("CHANGE_STATUS without status", MultipartHeader, Multipart(Part("finalizationStrategy", B("CHANGE_STATUS")), FilePart()));
            Add("bad status UUID", MultipartHeader, Multipart(Part("finalizationStrategy", B("CHANGE_STATUS")), Part("missingAssetStatusId", B("Missing from source")), FilePart()));
            Add("unknown status", MultipartHeader, Multipart(Part("finalizationStrategy", B("CHANGE_STATUS")), Part("missingAssetStatusId", B(Guid.NewGuid().ToString())), FilePart()));
            Add("finalizationParameters not JSON", MultipartHeader, Multipart(Part("finalizationParameters", B("{nope"), contentType: "application/json"), FilePart()));
            Add("fileId not a UUID", MultipartHeader, Multipart(Part("fileId", B("x"))));
            Add("fileId and file", MultipartHeader, Multipart(Part("fileId", B(Guid.NewGuid().ToString())), FilePart()));
            Add("NUL in a text part", MultipartHeader, Multipart(Part("simulation", B("tr\0ue")), FilePart()));
            Add("invalid UTF-8 in a text part", MultipartHeader, Multipart(Part("continueOnError", [0xFF, 0xFE]), FilePart()));
            Add("path traversal file name", MultipartHeader, Multipart(Part("file", BadFile, "../../../../etc/passwd\0.json")));
            Add("empty file", MultipartHeader, Multipart(Part("file", [], "empty.json")));
            Add("empty body", MultipartHeader, []);

            // ASP.NET Core's URL-encoded form limits: a 4 MB value, 1 024 fields, a 2 KB key.
            string[] form = ["Content-Type: application/x-www-form-urlencoded"];
            Add("URL-encoded 5 MB value", form, B("simulation=" + new string('x', 5 << 20)));
            Add("URL-encoded 1 100 fields", form, B(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))));
            Add("URL-encoded 3 KB key", form, B(new string('k', 3000) + "=1"));
        }

        // 3. Bad and dotted synchronization ids on every synchronization endpoint.
        string[] badIds = [".", "..", "%2E", "%2e%2E", ".%2E", new string('x', 51), "%20", "%20%20", Uri.EscapeDataString(new string('é', 51))];
        foreach (var id in badIds)
        {
            foreach (var operation in ImportOperations.All.Where(o => o.Kind != ImportOperationKind.Import))
            {
                requests.Add(new($"{operation.OperationId} id '{id}'", "POST", Route(operation, id), MultipartHeader, Multipart(FilePart())) { MustBeRefused = true });
            }

            requests.Add(new($"evict id '{id}'", "DELETE", $"/rest/2.0/import/synchronize/{id}/evict", [], null) { MustBeRefused = true });
            requests.Add(new($"forget id '{id}'", "DELETE", $"/rest/2.0/import/synchronize/{id}", [], null) { MustBeRefused = true });
            requests.Add(new($"exists id '{id}'", "GET", $"/rest/2.0/import/synchronize/exists/{id}", [], null) { MustBeRefused = true });
        }

        requests.Add(new("batch after a dot segment", "POST", $"/rest/2.0/import/synchronize/{SyncId}/batch/../json-job", MultipartHeader, Multipart(FilePart())) { MustBeRefused = true });
        requests.Add(new("finalize via ..", "POST", $"/rest/2.0/import/synchronize/{SyncId}/../finalize/job", MultipartHeader, Multipart(FilePart())) { MustBeRefused = true });
        requests.Add(new("empty id batch", "POST", "/rest/2.0/import/synchronize//batch/json-job", MultipartHeader, Multipart(FilePart())));
        requests.Add(new("empty id evict", "DELETE", "/rest/2.0/import/synchronize//evict", [], null));
        requests.Add(new("evict unknown id", "DELETE", $"/rest/2.0/import/synchronize/{SyncId}/evict", [], null));
        requests.Add(new("forget unknown id", "DELETE", $"/rest/2.0/import/synchronize/{SyncId}", [], null));

        // 4. The read side: bad UUIDs, unknown ids, bad paging, SQL in filters, wrong methods, unknown paths.
        string[] badUuids = ["x", "1", "00000000-0000-0000-0000-00000000000G", "'%20OR%201=1", new string('a', 3000)];
        string[] byId = ["/rest/2.0/assets/{0}", "/rest/2.0/communities/{0}", "/rest/2.0/domains/{0}", "/rest/2.0/jobs/{0}", "/rest/2.0/statuses/{0}",
            "/rest/2.0/import/results/{0}/summary", "/rest/2.0/import/results/{0}/errors", "/rest/2.0/assets/{0}/tags", "/rest/2.0/tags/asset/{0}"];
        foreach (var path in byId)
        {
            foreach (var id in badUuids.Append(Guid.NewGuid().ToString()))
            {
                requests.Add(new($"GET {path} {id[..Math.Min(id.Length, 20)]}", "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id), [], null));
            }
        }

        string[] lists = ["/rest/2.0/assets", "/rest/2.0/communities", "/rest/2.0/domains", "/rest/2.0/attributes", "/rest/2.0/relations", "/rest/2.0/statuses",
            "/rest/2.0/assetTypes", "/rest/2.0/attributeTypes", "/rest/2.0/relationTypes", "/rest/2.0/domainTypes", "/rest/2.0/import/synchronize"];
        string[] queries = ["limit=-1", "limit=abc", "limit=2147483647", "limit=99999999999999999999", "offset=-5", "offset=2147483647", "countLimit=-7", "limit=1e3",
            "limit=%00", "name=%27%20OR%20%271%27=%271", "name=%25%27;%20DROP%20TABLE%20assets;%20--", "nameMatchMode=EXACT%27%20OR%201=1", "typeIds=1;DROP%20TABLE%20assets",
            "tagNames=%27);DELETE%20FROM%20assets;--", "statusIds=%27", "domainId=%27%20OR%201=1", "sortField=name;DROP", "sortOrder=SIDEWAYS", "excludeMeta=perhaps",
            "typeInheritance=maybe", "assetId=x", "sourceId=x&targetId=y", "relationTypeId=%27", "name=" + new string('n', 6000)];
        foreach (var list in lists)
        {
            foreach (var query in queries)
            {
                requests.Add(new($"GET {list}?{query[..Math.Min(query.Length, 30)]}", "GET", list + "?" + query, [], null));
            }
        }

        requests.Add(new("GET status by long name", "GET", "/rest/2.0/statuses/name/" + new string('s', 6000), [], null));
        requests.Add(new("PUT assets", "PUT", "/rest/2.0/assets", ["Content-Type: application/json"], B("{}")));
        requests.Add(new("DELETE job", "DELETE", $"/rest/2.0/jobs/{Guid.NewGuid()}", [], null));
        requests.Add(new("POST assets", "POST", "/rest/2.0/assets", ["Content-Type: application/json"], B("{}")));
        requests.Add(new("GET import endpoint", "GET", "/rest/2.0/import/json-job", [], null));
        requests.Add(new("unknown path", "GET", "/rest/2.0/nothing/here", [], null));
        requests.Add(new("unknown path with dots", "GET", "/rest/2.0/./assets/../../etc/passwd", [], null));
        requests.Add(new("percent garbage", "GET", "/rest/2.0/assets/%ZZ", [], null));

        // 5. Beyond the documented request line and header limits: the host's 414 / 431 with Collibra's error JSON.
        requests.Add(new("request line of 10 KB", "GET", "/rest/2.0/assets?name=" + new string('n', 10_000), [], null));
        requests.Add(new("header of 40 KB", "GET", "/rest/2.0/assets", ["X-Big: " + new string('h', 40_000)], null));
        requests.Add(new("150 header lines", "GET", "/rest/2.0/assets", [.. Enumerable.Range(0, 150).Select(i => $"X-H{i}: v")], null));

        // 6. What Kestrel refuses itself, before any middleware: malformed request lines, and lines and headers beyond its
        // raised limits (64 KB, 256 KB, 1000 headers).
        requests.Add(new("request line of 70 KB", "GET", "/rest/2.0/assets?name=" + new string('n', 70_000), [], null, HostileKind.Kestrel));
        requests.Add(new("header of 300 KB", "GET", "/rest/2.0/assets", ["X-Big: " + new string('h', 300_000)], null, HostileKind.Kestrel));
        requests.Add(new("garbage request line", "RAW", "", [], null, HostileKind.Kestrel, B("GARBAGE\r\n\r\n")));
        requests.Add(new("bad header name", "RAW", "", [], null, HostileKind.Kestrel, B("GET /rest/2.0/assets HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n")));
        requests.Add(new("no Host header", "RAW", "", [], null, HostileKind.Kestrel, B("GET /rest/2.0/assets HTTP/1.1\r\n\r\n")));
        requests.Add(new("NUL in the path", "RAW", "", [], null, HostileKind.Kestrel, B("GET /rest/2.0/assets/\0 HTTP/1.1\r\nHost: x\r\n\r\n")));
        requests.Add(new("encoded NUL in the path", "GET", "/rest/2.0/assets/%00", [], null, HostileKind.Kestrel));
        return requests;
    }
}
