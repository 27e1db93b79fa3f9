using Microsoft.Extensions.Logging;

namespace CatalogSync.Catalog;

/// <summary>Where and how the embedded catalog keeps its data.</summary>
public sealed class EmbeddedCatalogOptions
{
    /// <summary>The SQLite file; created (with the out-of-the-box metamodel) when it does not exist.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Where job inputs are spooled until their job has run; defaults to <c>{DatabasePath}.spool</c>.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>Logs one line per finished job, and errors.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock (tests may fix it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
