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
/// The interval runs on <see cref="TimeProvider"/> and each push's outcome is known, so a receiver that goes down or
/// comes back is logged once (the SDK reports failures only on an EventSource, which the container image leaves out).
/// </summary>
public sealed partial class OtlpPush(
    IOptions<OtlpOptions> options, TenantRegistry registry, CollectorCatalog catalog, TimeProvider time, ILogger<OtlpPush> logger)
    : BackgroundService
{
    public const string ServiceName = "score-exporter";

    /// <summary>Bound on the last push at shutdown, so a receiver that is down cannot hold the stop up.</summary>
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

    private readonly Lock pushing = new();
    private MeterProvider? provider;
    private string endpoint = string.Empty;
    private int exportTimeoutMilliseconds;
    private bool failing;

    /// <summary><c>service.instance.id</c>: new for each process, as the semantic conventions allow when nothing better identifies it.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var otlp = options.Value;
        if (otlp.Enabled)
        {
            provider = Build(otlp);
            Pushing(logger, otlp.UsesGrpc ? OtlpOptions.Grpc : OtlpOptions.HttpProtobuf, endpoint, Interval(otlp));
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Collects and pushes now; false when pushing is off or the receiver did not take it.</summary>
    public bool PushNow()
    {
        if (provider is null)
        {
            return false;
        }

        lock (pushing)
        {
            var pushed = provider.ForceFlush(exportTimeoutMilliseconds);
            if (!pushed && !failing)
            {
                PushFailed(logger, endpoint, Interval(options.Value));
            }
            else if (pushed && failing)
            {
                PushRecovered(logger, endpoint);
            }

            failing = !pushed;
            return pushed;
        }
    }

    /// <summary>Pushes once more, within a bound, and stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        provider?.Shutdown((int)ShutdownBound.TotalMilliseconds);
    }

    public override void Dispose()
    {
        provider?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (provider is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // The export is synchronous (the SDK's own HTTP call, bounded by its timeout): off the timer's thread.
                await Task.Run(PushNow, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync pushes the last values.
        }
    }

    private static string Interval(OtlpOptions otlp) => otlp.Interval.ToString("c", CultureInfo.InvariantCulture);

    private MeterProvider Build(OtlpOptions otlp)
    {
        var signalEndpoint = otlp.SignalEndpoint();
        endpoint = signalEndpoint.GetLeftPart(UriPartial.Path);

        // Also reads the standard variables the section does not cover (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, ...).
        var exporterOptions = new OtlpExporterOptions
        {
            Endpoint = signalEndpoint,
            Protocol = otlp.UsesGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
        };
        exportTimeoutMilliseconds = exporterOptions.TimeoutMilliseconds;

        // A reader without a thread of its own: the timer above decides when it collects.
        var reader = new BaseExportingMetricReader(new OtlpMetricExporter(exporterOptions))
        {
            // Cumulative, as /metrics: counters carry the same totals on both paths.
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };

        return Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(registry).AddSingleton(catalog))
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: BuildInfo.Current.Version, autoGenerateServiceInstanceId: false, serviceInstanceId: InstanceId)

                // Again after the service, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still win, as users of the SDKs expect.
                .AddEnvironmentVariableDetector())
            .AddMeter(ExporterMetrics.MeterName)
            .AddSeriesLimits()
            .AddReader(reader)
            .Build();
    }

    [LoggerMessage(20, LogLevel.Information, "Pushing metrics over OTLP ({Protocol}) to {Endpoint} every {Interval}")]
    private static partial void Pushing(ILogger logger, string protocol, string endpoint, string interval);

    [LoggerMessage(21, LogLevel.Warning, "OTLP push to {Endpoint} failed; trying again every {Interval} (/metrics is unaffected)")]
    private static partial void PushFailed(ILogger logger, string endpoint, string interval);

    [LoggerMessage(22, LogLevel.Information, "OTLP push to {Endpoint} succeeds again")]
    private static partial void PushRecovered(ILogger logger, string endpoint);
}
