namespace ScoreExporter.Polling;

/// <summary>One structured event per poll outcome. Details are built to be safe: no tokens, secrets or client ids.</summary>
public static partial class PollLog
{
    [LoggerMessage(1, LogLevel.Debug, "Polled {Collector} of tenant {Tenant}: {Series} series")]
    public static partial void Succeeded(ILogger logger, string tenant, string collector, int series);

    [LoggerMessage(2, LogLevel.Information, "{Collector} of tenant {Tenant} recovered: {Series} series")]
    public static partial void Recovered(ILogger logger, string tenant, string collector, int series);

    [LoggerMessage(3, LogLevel.Warning, "Poll of {Collector} for tenant {Tenant} failed: {Reason}: {Detail}")]
    public static partial void Failed(ILogger logger, string tenant, string collector, string reason, string detail);

    [LoggerMessage(4, LogLevel.Error, "Poll of {Collector} for tenant {Tenant} crashed; previous values kept")]
    public static partial void Crashed(ILogger logger, string tenant, string collector, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Polling {TenantCount} tenant(s) (shard {Shard} of {TotalShards}) with {Collectors}, at most {Concurrency} polls at once")]
    public static partial void Started(ILogger logger, int tenantCount, int shard, int totalShards, string collectors, int concurrency);

    [LoggerMessage(6, LogLevel.Information, "First poll cycle done in {Elapsed}: {Up} of {PollCount} collector poll(s) up")]
    public static partial void FirstCycleDone(ILogger logger, TimeSpan elapsed, int up, int pollCount);
}
