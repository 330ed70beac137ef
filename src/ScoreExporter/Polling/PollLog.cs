namespace ScoreExporter.Polling;

/// <summary>One structured event per poll outcome. Details are built to be safe: no tokens, secrets or client ids.</summary>
public static partial class PollLog
{
    [LoggerMessage(1, LogLevel.Debug, "Polled tenant {Tenant}: score {Score} computed at {ScoreTime:o}")]
    public static partial void Succeeded(ILogger logger, string tenant, double score, DateTimeOffset scoreTime);

    [LoggerMessage(2, LogLevel.Information, "Tenant {Tenant} recovered: score {Score} computed at {ScoreTime:o}")]
    public static partial void Recovered(ILogger logger, string tenant, double score, DateTimeOffset scoreTime);

    [LoggerMessage(3, LogLevel.Warning, "Poll of tenant {Tenant} failed: {Reason}: {Detail}")]
    public static partial void Failed(ILogger logger, string tenant, string reason, string detail);

    [LoggerMessage(4, LogLevel.Error, "Poll of tenant {Tenant} crashed; previous values kept")]
    public static partial void Crashed(ILogger logger, string tenant, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Polling {TenantCount} tenant(s) every {Interval}, at most {Concurrency} at once")]
    public static partial void Started(ILogger logger, int tenantCount, TimeSpan interval, int concurrency);

    [LoggerMessage(6, LogLevel.Information, "First poll cycle done in {Elapsed}: {Up} of {TenantCount} tenant(s) up")]
    public static partial void FirstCycleDone(ILogger logger, TimeSpan elapsed, int up, int tenantCount);
}
