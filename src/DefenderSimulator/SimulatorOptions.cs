namespace DefenderSimulator;

/// <summary>How a simulator instance listens and behaves. Every setting is optional.</summary>
public sealed class SimulatorOptions
{
    /// <summary>
    /// The Defender API scope the token endpoint grants (default: the commercial cloud's); a token for it is accepted
    /// on <c>/api/...</c> only. US Government: <c>https://api-gcc.securitycenter.microsoft.us/.default</c> (GCC) or
    /// <c>https://api-gov.securitycenter.microsoft.us/.default</c> (GCC High, DoD).
    /// </summary>
    public string AcceptedScope { get; set; } = "https://api.securitycenter.microsoft.com/.default";

    /// <summary>
    /// The Microsoft Graph scope the token endpoint grants (default: the commercial cloud's, also GCC's); a token for it
    /// is accepted on <c>/v1.0/...</c> only. GCC High: <c>https://graph.microsoft.us/.default</c>; DoD: <c>https://dod-graph.microsoft.us/.default</c>.
    /// </summary>
    public string AcceptedGraphScope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>Port of the plain-http API listener; 0 picks a free one.</summary>
    public int ApiPort { get; set; }

    /// <summary>Port of the TLS listener (token endpoint and API); 0 picks a free one.</summary>
    public int HttpsPort { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The clock for score drift, token expiry and the request log.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many records <see cref="RequestLog.Snapshot"/> keeps (counts stay exact beyond it).</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>Where the simulator logs; none by default so tests stay quiet.</summary>
    public ILoggerProvider? LoggerProvider { get; set; }
}
