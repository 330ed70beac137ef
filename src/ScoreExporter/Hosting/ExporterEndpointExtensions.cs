using ScoreExporter.Endpoints;
using ScoreExporter.Metrics;
using ScoreExporter.Polling;
using ScoreExporter.Web;

namespace ScoreExporter.Hosting;

/// <summary>Maps /metrics, the probes and the landing page.</summary>
public static partial class ExporterEndpointExtensions
{
    public static WebApplication MapScoreExporter(this WebApplication app)
    {
        // Nothing else depends on the instruments: create them now, so the first scrape already has every series.
        app.Services.GetRequiredService<ExporterMetrics>();
        app.UseWebConfiguration();
        app.UseMiddleware<ExpositionCache>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ready")
            : Results.Text("waiting for the first poll cycle", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/", LandingPage.Render);

        if (app.Services.GetService<DemoBanner>() is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => DemoStarted(app.Logger, DemoBanner.Text));
        }

        return app;
    }

    [LoggerMessage(10, LogLevel.Warning, "{Banner}")]
    private static partial void DemoStarted(ILogger logger, string banner);
}
