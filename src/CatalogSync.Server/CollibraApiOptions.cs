namespace CatalogSync.Server;

/// <summary>Settings of the Collibra-compatible endpoints (<see cref="CollibraApiExtensions.MapCollibraApi"/>).</summary>
public sealed class CollibraApiOptions
{
    /// <summary>The largest request body accepted, in bytes; larger requests get 413.</summary>
    public long MaxRequestBodySize { get; set; } = CatalogServerOptions.DefaultMaxRequestBodySize;

    /// <summary>The largest text part of a multipart request (templates, ids, flags), in bytes.</summary>
    public int MaxTextPartLength { get; set; } = 1 << 20;

    /// <summary>Where uploaded files are streamed before the engine takes them.</summary>
    public string SpoolDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "catalogsync-uploads");

    /// <summary>The user name that HTTP Basic authentication accepts.</summary>
    public string UserName { get; set; } = CatalogServerOptions.DefaultUserName;

    /// <summary>The password that HTTP Basic authentication accepts; every request is refused while it is empty.</summary>
    public string Password { get; set; } = "";
}
