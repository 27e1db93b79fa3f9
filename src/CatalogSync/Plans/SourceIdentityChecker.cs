using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CatalogSync.Plans;

/// <summary>
/// Checks the items of a run as they stream past: every item needs a name, and no two items may land on one asset
/// (the same name in the same domain of the same community), since the later one would silently win. It keeps a
/// 128-bit hash per item rather than the names, so a million items cost tens of megabytes, not the names themselves.
/// </summary>
internal sealed class SourceIdentityChecker
{
    /// <summary>About what the checker holds per item (a dictionary entry of a 128-bit hash and a packed position), for memory budgets.</summary>
    public const int BytesPerItem = 40;

    // The value packs the type (an index into _types, 16 bits) and the position (48 bits): 32 bytes an entry.
    private readonly Dictionary<UInt128, long> _seen = [];
    private readonly List<string> _types = [];

    /// <summary>Checks the current item of <paramref name="reader"/>, the <paramref name="position"/>-th (from 1) of <paramref name="typeName"/>.</summary>
    /// <returns>What is wrong with the item, or <see langword="null"/> when it is fine.</returns>
    public string? Check(SyncSourceReader reader, string typeName, long position) => Check(reader, typeName, position, out _, out _);

    /// <summary>Checks the current item of <paramref name="reader"/>, the <paramref name="position"/>-th (from 1) of <paramref name="typeName"/>.</summary>
    /// <param name="reader">The reader, on the item.</param>
    /// <param name="typeName">The item's type.</param>
    /// <param name="position">The item's position in its source, from 1.</param>
    /// <param name="duplicate">Whether the problem is only that an earlier item has the same identity.</param>
    /// <param name="identity">The item's identity, when it could be read.</param>
    /// <returns>What is wrong with the item, or <see langword="null"/> when it is fine.</returns>
    public string? Check(SyncSourceReader reader, string typeName, long position, out bool duplicate, out SourceItemIdentity identity)
    {
        duplicate = false;
        identity = default;
        try
        {
            identity = reader.GetCurrentIdentity();
        }
        catch (ArgumentNullException)
        {
            return $"Item {position} of {typeName} is null.";
        }
        catch (InvalidOperationException e)
        {
            return $"Item {position} of {typeName} cannot be placed: {e.Message}";
        }

        if (string.IsNullOrWhiteSpace(identity.Name))
        {
            return $"Item {position} of {typeName} has {(identity.Name is null ? "no name" : "an empty name")}: every asset needs a name.";
        }

        var key = Hash(identity);
        if (_seen.TryGetValue(key, out var packed))
        {
            var first = (TypeName: _types[(int)(packed >>> 48)], Position: packed & PositionMask);
            duplicate = true;
            return $"Items {first.Position} of {first.TypeName} and {position} of {typeName} are both '{identity.Name}' in domain '{identity.Domain}' of community '{identity.Community}': one asset cannot be synchronized from two items (the later would silently win).";
        }

        var type = _types.IndexOf(typeName);
        if (type < 0)
        {
            type = _types.Count;
            _types.Add(typeName);
        }

        _seen.Add(key, ((long)type << 48) | (position & PositionMask));
        return null;
    }

    private const long PositionMask = (1L << 48) - 1;

    /// <summary>How many items passed so far.</summary>
    public int Count => _seen.Count;

    /// <summary>Whether an item of the run lands on this asset: what a catalog-side comparison needs (assets the source no longer has).</summary>
    public bool Contains(string community, string domain, string name) => _seen.ContainsKey(Hash(new SourceItemIdentity(community, domain, name)));

    private static UInt128 Hash(in SourceItemIdentity identity)
    {
        var hash = new XxHash128();
        Append(hash, identity.Community);
        Append(hash, identity.Domain);
        Append(hash, identity.Name!);
        return hash.GetCurrentHashAsUInt128();
    }

    private static void Append(XxHash128 hash, string text)
    {
        // Length first, so ("ab", "c") and ("a", "bc") differ.
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, text.Length);
        hash.Append(length);
        hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
    }
}
