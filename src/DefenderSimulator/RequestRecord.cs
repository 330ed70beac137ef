namespace DefenderSimulator;

/// <summary>One request the simulator received. StatusCode 0: the connection was dropped or never answered.</summary>
public sealed record RequestRecord(DateTimeOffset At, string? TenantId, RequestKind Kind, int StatusCode, string Path)
{
    /// <summary>The endpoint called; null for token requests and unknown paths.</summary>
    public DefenderEndpoint? Endpoint { get; init; }

    /// <summary>
    /// API requests: the surface of the endpoint called. Token requests: the surface the token was issued for
    /// (null when refused).
    /// </summary>
    public ApiSurface? Surface { get; init; }

    /// <summary>
    /// The audience of the bearer token presented (API requests; null without a known token), or of the scope asked
    /// for (token requests), e.g. <c>https://graph.microsoft.com</c>: proof of which token reached which surface.
    /// </summary>
    public string? Audience { get; init; }

    /// <summary>The raw query string with its <c>?</c> (<c>?$top=100&amp;$skiptoken=…</c>), or empty.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>
    /// The Authorization header exactly as it arrived (null when none): which credentials reached which path and
    /// listener, so a test can prove a token was only ever presented where it belongs.
    /// </summary>
    public string? Authorization { get; init; }

    /// <summary><c>http</c> or <c>https</c>: the listener the request came in on.</summary>
    public string Scheme { get; init; } = string.Empty;

    /// <summary>The local port the request came in on (see <see cref="SimulatorServer.DecoyHttpBaseUrl"/>).</summary>
    public int Port { get; init; }
}
