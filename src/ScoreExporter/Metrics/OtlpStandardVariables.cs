using Microsoft.Extensions.Options;

namespace ScoreExporter.Metrics;

/// <summary>
/// Fills what the <c>Otlp</c> section leaves unset from the variables every OpenTelemetry SDK reads, so an exporter
/// deployed beside other instrumented services needs no settings of its own.
/// </summary>
public sealed class OtlpStandardVariables(IConfiguration configuration) : IPostConfigureOptions<OtlpOptions>
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public void PostConfigure(string? name, OtlpOptions options)
    {
        if (string.IsNullOrEmpty(options.Endpoint) && configuration[EndpointVariable] is { Length: > 0 } endpoint)
        {
            options.Endpoint = endpoint;
            options.EndpointKey = EndpointVariable;
        }

        if (string.IsNullOrEmpty(options.Protocol))
        {
            if (configuration[ProtocolVariable] is { Length: > 0 } protocol)
            {
                options.Protocol = protocol;
                options.ProtocolKey = ProtocolVariable;
            }
            else
            {
                options.Protocol = OtlpOptions.HttpProtobuf;
            }
        }
    }
}
