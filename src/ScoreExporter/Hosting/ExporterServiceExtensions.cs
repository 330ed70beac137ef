using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using ScoreExporter.Auth;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;
using ScoreExporter.Endpoints;
using ScoreExporter.Metrics;
using ScoreExporter.Polling;
using ScoreExporter.Web;

namespace ScoreExporter.Hosting;

/// <summary>Wires the exporter's services: configuration, polling, HTTP with resilience, and the metrics pipeline.</summary>
public static class ExporterServiceExtensions
{
    public const string DefaultUrls = "http://0.0.0.0:9464";

    public static WebApplicationBuilder AddScoreExporter(this WebApplicationBuilder builder)
    {
        AddConfigFile(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.AddWebConfiguration();
        builder.Services.AddScoreExporterServices();
        return builder;
    }

    public static IServiceCollection AddScoreExporterServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DefenderOptions>().BindConfiguration(DefenderOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DefenderOptions>, AzureEnvironmentTenant>();
        services.AddSingleton<IPostConfigureOptions<DefenderOptions>, ShardFromHostName>();
        services.AddSingleton<IValidateOptions<DefenderOptions>, DefenderOptionsAttributesValidator>();
        services.AddSingleton<IValidateOptions<DefenderOptions>, DefenderOptionsValidator>();
        services.AddSingleton<IValidateOptions<DefenderOptions>, CollectorOptionsValidator>();

        services.AddSingleton<CollectorCatalog>();
        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<Readiness>();
        services.AddSingleton<ExporterMetrics>();
        services.AddSingleton<ExpositionCache>();
        services.AddSingleton<CollectorPoller>();
        services.AddHostedService<PollScheduler>();

        services.AddSingleton<OpenCircuits>();
        services.AddSingleton<TenantCredentials>();
        services.AddHttpClient(TenantCredentials.TokenClientName)
            .ConfigurePrimaryHttpMessageHandler(PrimaryHandler.Create)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(provider =>
            {
                // Looked up per request: the registry is built after its credentials, which build this client lazily.
                var registry = new Lazy<TenantRegistry>(provider.GetRequiredService<TenantRegistry>);
                return RequestCountingHandler.ForToken(tenant => registry.Value.Find(tenant));
            });
        var api = services.AddHttpClient<DefenderClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(PrimaryHandler.Create)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        api.AddResilienceHandler(DefenderResilience.PipelineName, (pipeline, context) =>
            {
                // Every request names an enabled collector; the first one stands in for a request that would not.
                var enabled = context.ServiceProvider.GetRequiredService<CollectorCatalog>().Enabled;
                DefenderResilience.Configure(pipeline, context, name =>
                {
                    var collector = enabled.FirstOrDefault(c => c.Name == name) ?? enabled[0];
                    return (collector.Interval, collector.PollTimeout);
                });
            })
            .SelectPipelineBy(DefenderResilience.PipelineKey);

        // Inside the resilience handler, so every attempt (retries and pages) is counted and takes a place in the
        // tenant's call window; the window comes first, so a call it refuses is not counted as sent.
        api.AddHttpMessageHandler(() => new CallWindowHandler());
        api.AddHttpMessageHandler(RequestCountingHandler.ForApi);

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ExporterMetrics.MeterName)
            .AddPrometheusExporter(prometheus =>
            {
                prometheus.TargetInfoEnabled = false;
                prometheus.ScopeInfoEnabled = false;

                // ExpositionCache keeps the body until something changes; a time-based cache would only delay a poll's values.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .AddSeriesLimits());
        services.AddOtlpPush();
        return services;
    }

    /// <summary>
    /// The SDK drops series beyond a per-metric limit (2,000 by default); size it to the configured tenants instead.
    /// Every tenant gets its full bound, so no series is ever merged into the SDK's overflow series: the points are
    /// allocated up front (~100 bytes each) but pages never written stay out of RSS (bench/RESULTS.md).
    /// </summary>
    internal static MeterProviderBuilder AddSeriesLimits(this MeterProviderBuilder metrics)
    {
        ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
        {
            var tenants = services.GetRequiredService<TenantRegistry>().Tenants.Count;
            var collectors = services.GetRequiredService<CollectorCatalog>().Enabled.ToArray();
            builder.AddView(instrument => instrument.Meter.Name == ExporterMetrics.MeterName
                ? new MetricStreamConfiguration { CardinalityLimit = ExporterMetrics.MaxSeries(instrument.Name, tenants, collectors) }
                : null);
        });
        return metrics;
    }

    /// <summary>
    /// <c>--config path.json</c> adds a file in the appsettings.json shape, below environment variables and the
    /// command line so those still override it.
    /// </summary>
    private static void AddConfigFile(ConfigurationManager configuration)
    {
        if (configuration["config"] is not { Length: > 0 } path)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        ConfigFileArgument.ThrowIfUnusable(path, full);

        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var file = new JsonConfigurationSource { Path = full, Optional = false, ReloadOnChange = false };
        file.ResolveFileProvider();

        // Right after appsettings*.json: above the defaults, below environment variables and the command line.
        var afterAppSettings = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource).index + 1;
        sources.Insert(afterAppSettings, file);
    }
}
