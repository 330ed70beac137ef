namespace ScoreExporter.Metrics;

/// <summary>
/// The <c>Otlp</c> configuration section: where, how and how often the instruments are also pushed over OTLP.
/// Unset keys fall back to the standard OTEL_EXPORTER_OTLP_* variables (<see cref="OtlpStandardVariables"/>).
/// </summary>
public sealed class OtlpOptions
{
    public const string SectionName = "Otlp";

    public const string Grpc = "grpc";

    public const string HttpProtobuf = "http/protobuf";

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// The receiver's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT: http/protobuf posts to its path plus /v1/metrics,
    /// grpc calls the MetricsService there. Unset: nothing is pushed.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><see cref="HttpProtobuf"/> (the default, as the OTLP specification recommends) or <see cref="Grpc"/>.</summary>
    public string? Protocol { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The key <see cref="Endpoint"/> came from, so an error names the one the user set.</summary>
    internal string EndpointKey { get; set; } = $"{SectionName}:Endpoint";

    /// <summary>The key <see cref="Protocol"/> came from.</summary>
    internal string ProtocolKey { get; set; } = $"{SectionName}:Protocol";

    public bool Enabled => !string.IsNullOrEmpty(Endpoint);

    public bool UsesGrpc => string.Equals(Protocol, Grpc, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where the exporter sends: for http/protobuf the base URL's path plus <c>v1/metrics</c>, as the specification
    /// derives it from OTEL_EXPORTER_OTLP_ENDPOINT; for grpc the base URL itself.
    /// </summary>
    public Uri SignalEndpoint()
    {
        var endpoint = new Uri(Endpoint!, UriKind.Absolute);
        if (UsesGrpc)
        {
            return endpoint;
        }

        var withPath = new UriBuilder(endpoint) { Path = endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics" };
        return withPath.Uri;
    }
}
