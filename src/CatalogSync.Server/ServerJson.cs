using System.Text.Encodings.Web;
using System.Text.Json;
using CatalogSync.Contract;

namespace CatalogSync.Server;

/// <summary>
/// The JSON metadata the server writes with: the contract's and the server's source-generated contexts, with
/// readable text (an apostrophe stays an apostrophe instead of <c>\u0027</c>). Still only valid JSON.
/// </summary>
internal static class ServerJson
{
    public static ContractJsonContext Contract { get; } = new(Relaxed(ContractJsonContext.Default.Options));

    public static ServerJsonContext Server { get; } = new(Relaxed(ServerJsonContext.Default.Options));

    private static JsonSerializerOptions Relaxed(JsonSerializerOptions source) =>
        new(source) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = null };
}
