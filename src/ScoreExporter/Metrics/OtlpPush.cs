using System.Globalization;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ScoreExporter.Collectors;
using ScoreExporter.Hosting;
using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// Pushes the <see cref="ExporterMetrics"/> instruments over OTLP every <see cref="OtlpOptions.Interval"/>, from a
/// meter provider of its own. Beside the /metrics provider rather than a second reader in it: a reader's collection
/// feeds every reader of its provider, so a series that one collection saw and the next one no longer reports
/// (a score gone stale, a device group removed) would be shown once more by the other reader.
/// </summary>
public sealed partial class OtlpPush(
    IOptions<OtlpOptions> options, TenantRegistry registry, CollectorCatalog catalog, ILogger<OtlpPush> logger) : IHostedService, IDisposable
{
    public const string ServiceName = "score-exporter";

    /// <summary>Bound on the last push at shutdown, so a receiver that is down cannot hold the stop up.</summary>
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

    private MeterProvider? provider;

    /// <summary><c>service.instance.id</c>: new for each process, as the semantic conventions allow when nothing better identifies it.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var otlp = options.Value;
        if (!otlp.Enabled)
        {
            return Task.CompletedTask;
        }

        var endpoint = otlp.SignalEndpoint();
        provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(registry).AddSingleton(catalog))
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: BuildInfo.Current.Version, autoGenerateServiceInstanceId: false, serviceInstanceId: InstanceId)

                // Again after the service, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still win, as users of the SDKs expect.
                .AddEnvironmentVariableDetector())
            .AddMeter(ExporterMetrics.MeterName)
            .AddSeriesLimits()
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = endpoint;
                exporter.Protocol = otlp.UsesGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

                // Cumulative, as /metrics: counters carry the same totals on both paths.
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.Interval.TotalMilliseconds;
            })
            .Build();

        Pushing(logger, otlp.UsesGrpc ? OtlpOptions.Grpc : OtlpOptions.HttpProtobuf, endpoint.GetLeftPart(UriPartial.Path),
            otlp.Interval.ToString("c", CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    /// <summary>Collects and pushes now, besides the timer; false when pushing is off or the receiver did not take it.</summary>
    public bool PushNow(TimeSpan timeout) => provider?.ForceFlush((int)timeout.TotalMilliseconds) ?? false;

    /// <summary>Pushes once more, within a bound, and stops.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider?.Shutdown((int)ShutdownBound.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public void Dispose() => provider?.Dispose();

    [LoggerMessage(20, LogLevel.Information, "Pushing metrics over OTLP ({Protocol}) to {Endpoint} every {Interval}")]
    private static partial void Pushing(ILogger logger, string protocol, string endpoint, string interval);
}
