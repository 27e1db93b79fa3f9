using System.Text.Json;

namespace CatalogSync.Plans;

/// <summary>
/// Writes objects of <typeparamref name="T"/> as Import API v2 asset resources. The source generator emits one
/// sealed subclass per <see cref="SyncAssetAttribute">[SyncAsset]</see> type; it reads members directly, without
/// reflection.
/// </summary>
/// <typeparam name="T">The annotated type.</typeparam>
public abstract class AssetMapper<T>
{
    /// <summary>Creates a mapper.</summary>
    /// <param name="typeName">The annotated type's name, as in <see cref="SyncTypeDescription.TypeName"/>.</param>
    /// <param name="assetType">The asset type's name in the catalog.</param>
    /// <param name="community">The community's name.</param>
    /// <param name="domain">The default domain's name; <see langword="null"/> when every item names its own.</param>
    /// <param name="domainType">The domain type's name.</param>
    protected AssetMapper(string typeName, string assetType, string community, string? domain, string domainType)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentException.ThrowIfNullOrEmpty(assetType);
        ArgumentException.ThrowIfNullOrEmpty(community);
        ArgumentException.ThrowIfNullOrEmpty(domainType);
        TypeName = typeName;
        AssetType = assetType;
        Community = community;
        Domain = string.IsNullOrEmpty(domain) ? null : domain;
        DomainType = domainType;
    }

    /// <summary>The annotated type's name, as in <see cref="SyncTypeDescription.TypeName"/>.</summary>
    public string TypeName { get; }

    /// <summary>The asset type's name in the catalog.</summary>
    public string AssetType { get; }

    /// <summary>The community's name.</summary>
    public string Community { get; }

    /// <summary>The default domain's name; <see langword="null"/> when every item names its own.</summary>
    public string? Domain { get; }

    /// <summary>The domain type's name, used when the domain is created.</summary>
    public string DomainType { get; }

    /// <summary>The asset name of <paramref name="item"/> (its <see cref="AssetNameAttribute">[AssetName]</see> member), as written.</summary>
    /// <remarks>
    /// With the item's domain and community it is the asset's identity: the runtime checks that no two items of a run
    /// share one. A generated mapper refuses a name that is not valid UTF-16 (see <see cref="AssetJson.CheckedText"/>),
    /// so two names that differ only in a lone surrogate never become one asset.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The name holds a lone surrogate.</exception>
    public abstract string? GetName(T item);

    /// <summary>The community <paramref name="item"/> lives in.</summary>
    public virtual string GetCommunity(T item) => Community;

    /// <summary>The domain <paramref name="item"/> lives in; per item when the type has an <c>[AssetDomain]</c> member.</summary>
    /// <exception cref="InvalidOperationException">The item names no domain and the type has no default, or the domain it names holds a lone surrogate.</exception>
    public virtual string GetDomain(T item) =>
        Domain ?? throw new InvalidOperationException($"An item of {TypeName} has no domain: its [AssetDomain] member is empty and [SyncAsset] gives no Domain.");

    /// <summary>For generated mappers: <paramref name="item"/>, after checking that it is not <see langword="null"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is <see langword="null"/>.</exception>
    protected static T NotNull(T item) => item is null ? throw new ArgumentNullException(nameof(item)) : item;

    /// <summary>
    /// For generated mappers: starts the resource with the item's <paramref name="name"/>, checked; returns the name as
    /// written.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The item's [AssetName] member's value.</param>
    /// <param name="member">The [AssetName] member, for messages.</param>
    /// <param name="community">The community the item lives in.</param>
    /// <param name="domain">The domain the item lives in.</param>
    /// <exception cref="InvalidOperationException">The name is <see langword="null"/> or holds a lone surrogate.</exception>
    protected string StartAsset(Utf8JsonWriter writer, string? name, string member, string community, string domain)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var written = AssetJson.CheckedText(name ?? throw new InvalidOperationException($"An item of {TypeName} has no name: its [AssetName] member '{member}' is null."), TypeName, member);
        AssetJson.StartAsset(writer, written, community, domain, AssetType);
        return written;
    }

    /// <summary>Writes <paramref name="item"/> as one asset resource (a JSON object) in its own domain.</summary>
    public void WriteAsset(Utf8JsonWriter writer, T item) => WriteAsset(writer, item, GetCommunity(item), GetDomain(item));

    /// <summary>
    /// Writes <paramref name="item"/> as one asset resource (a JSON object) in <paramref name="domain"/> of
    /// <paramref name="community"/>, as returned by <see cref="GetCommunity"/> and <see cref="GetDomain"/>.
    /// </summary>
    /// <remarks>
    /// A generated mapper writes every attribute type, relation key, the display name and the tags its type declares,
    /// on every call: an empty array (or the name, for the display name) when the item has no value, so that the
    /// catalog follows the source. What the type does not declare is never written.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The item has no name, or a string it holds is not valid UTF-16 (the message names the type and the member); the writer may then hold part of the resource.</exception>
    public abstract void WriteAsset(Utf8JsonWriter writer, T item, string community, string domain);
}
