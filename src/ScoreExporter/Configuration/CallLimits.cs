namespace ScoreExporter.Configuration;

/// <summary>
/// A documented per-tenant call limit, the one place each is written: the start-time check proves a configuration
/// fits them, and each tenant's call windows enforce them at run time.
/// </summary>
public sealed record CallLimits(int PerMinute, int PerHour)
{
    /// <summary>
    /// "100 calls per minute and 1500 calls per hour", as most endpoint pages state for themselves; held for all Defender
    /// endpoints of a tenant together, the cautious reading.
    /// </summary>
    public static CallLimits DefenderApi { get; } = new(100, 1500);

    /// <summary>
    /// Graph's "security detections and incidents" limits per app per tenant: 150 requests a minute on <c>/security</c>
    /// (secureScore, alerts, incidents), and 10,000 per 10 minutes on secure scores, which the minute limit already
    /// keeps under; so no hourly limit beyond 150 a minute.
    /// </summary>
    public static CallLimits GraphSecurity { get; } = new(150, 150 * 60);

    /// <summary>
    /// <c>GET /api/deviceavinfo</c>'s own, lower than the Defender API's: "30 calls per minute and 1,000 calls per hour"
    /// (Microsoft's "Export device antivirus health details API methods and properties", Limitations).
    /// </summary>
    public static CallLimits DeviceAvInfo { get; } = new(30, 1000);

    public static CallLimits Of(ApiSurface surface) => surface == ApiSurface.Graph ? GraphSecurity : DefenderApi;

    public override string ToString() => $"{PerMinute}/min and {PerHour}/hour";
}
