using CatalogSync.Contract;

namespace CatalogSync.Conformance;

/// <summary>A fresh, empty catalog for one test: its Import API and its read side.</summary>
public sealed class CatalogUnderTest(IImportApiClient client, ICatalogReader reader, Func<ValueTask> dispose) : IAsyncDisposable
{
    public IImportApiClient Client { get; } = client;

    public ICatalogReader Reader { get; } = reader;

    public ValueTask DisposeAsync() => dispose();
}
