using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CatalogSync.Server.Tests;

/// <summary>Finds the shared Collibra contract files and builds multipart bodies as curl does.</summary>
public static class TestSupport
{
    /// <summary>The folder <c>shared/collibra-contract</c> beside the repository (or above it).</summary>
    public static string ContractDirectory { get; } = FindShared("collibra-contract");

    /// <summary>The folder <c>shared/seeds</c>.</summary>
    public static string SeedsDirectory { get; } = FindShared("seeds");

    private static string FindShared(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/{name} was not found above {AppContext.BaseDirectory}: the tests need the shared folder beside the repository.");
    }

    public static JsonDocument LoadContract(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractDirectory, fileName)));

    public static readonly byte[] OneAsset = Encoding.UTF8.GetBytes("""
        [{"resourceType":"Asset","identifier":{"name":"sales.orders","domain":{"name":"Sales tables","community":{"name":"Warehouse"}}},"type":{"name":"Table"}}]
        """);

    /// <summary>A text part without a content type, as curl's <c>-F name=value</c> sends it.</summary>
    public static void AddText(this MultipartFormDataContent form, string name, string value)
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        form.Add(part, name);
    }

    /// <summary>A text part with a content type, as curl's <c>-F 'name=value;type=application/json'</c> sends it.</summary>
    public static void AddJson(this MultipartFormDataContent form, string name, string json)
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(part, name);
    }

    /// <summary>A file part, as curl's <c>-F file=@name</c> sends it.</summary>
    public static void AddFile(this MultipartFormDataContent form, string name, byte[] bytes, string? fileName = "commands.json")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (fileName is null)
        {
            form.Add(part, name);
        }
        else
        {
            form.Add(part, name, fileName);
        }
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an error answer in Collibra's shape and returns its userMessage.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal((int)status, root.GetProperty("statusCode").GetInt32());
        Assert.Equal(errorCode, root.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("titleMessage").GetString()));
        var message = root.GetProperty("userMessage").GetString()!;
        Assert.Equal(message, root.GetProperty("message").GetString());
        return message;
    }
}
