using System.Globalization;
using System.Net;
using System.Text;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;
using ScoreExporter.Metrics;
using ScoreExporter.Polling;

namespace ScoreExporter.Endpoints;

/// <summary>
/// A small HTML page at <c>/</c>: links to the endpoints and, per tenant and collector, the last poll's outcome, the
/// last failure's safe detail and how long ago the last success was. It refreshes itself; everything is HTML-encoded.
/// </summary>
public static class LandingPage
{
    /// <summary>Often enough to watch a demo move, rare enough to cost nothing.</summary>
    public const int RefreshSeconds = 15;

    public static IResult Render(TenantRegistry registry, CollectorCatalog catalog, TimeProvider time, IServiceProvider services)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder(1024 + (registry.Collectors.Count * 300));
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"refresh\" content=\"").Append(RefreshSeconds).Append("\"><title>ScoreExporter</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}")
            .Append("td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}.demo{background:#fde68a;padding:1rem;font-weight:bold}")
            .Append(".up{color:#15803d}.down{color:#b91c1c}.pending{color:#6b7280}</style></head><body><h1>ScoreExporter</h1>");
        if (services.GetService<DemoBanner>() is not null)
        {
            html.Append("<p class=\"demo\">").Append(Encode(DemoBanner.Text)).Append("</p>");
        }

        var build = BuildInfo.Current;
        html.Append("<p>Microsoft Defender for Endpoint device posture exporter, version ").Append(Encode(build.Version))
            .Append(". <a href=\"/metrics\">Metrics</a> · <a href=\"/healthz\">Liveness</a> · <a href=\"/readyz\">Readiness</a>")
            .Append(" · this page refreshes every ").Append(RefreshSeconds).Append(" s</p>")
            .Append("<table id=\"polls\"><thead><tr><th>Tenant</th><th>Collector</th><th>Last poll</th><th>Series</th><th>Last success</th></tr></thead><tbody>");
        foreach (var tenant in registry.Tenants)
        {
            foreach (var collector in tenant.Collectors)
            {
                var snapshot = collector.Snapshot;
                var (css, outcome) = snapshot.LastAttempt is null ? ("pending", "pending")
                    : snapshot.LastFailure is { } reason ? ("down", $"failed: {reason.Label()}: {snapshot.LastFailureDetail}")
                    : snapshot.LastPollFailed ? ("down", snapshot.LastFailureDetail ?? "exporter error")
                    : ("up", "ok");
                html.Append("<tr><td>").Append(Encode(tenant.Name)).Append("</td><td>").Append(Encode(collector.Name))
                    .Append("</td><td class=\"").Append(css).Append("\">").Append(Encode(outcome))
                    .Append("</td><td>").Append(snapshot.Samples.Count.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Age(snapshot.LastSuccess, now)).Append("</td></tr>");
            }
        }

        html.Append("</tbody></table><h2>Collectors</h2><table id=\"collectors\"><thead><tr><th>Collector</th><th>API</th><th>Permission</th>")
            .Append("<th>Interval</th><th>Series</th></tr></thead><tbody>");
        foreach (var enabled in catalog.Enabled)
        {
            var collector = enabled.Collector;
            html.Append("<tr><td>").Append(Encode(collector.Name)).Append("</td><td>").Append(Encode(collector.Surface.ToString()))
                .Append("</td><td>").Append(Encode($"{collector.Permission} ({collector.Surface.PermissionsApi()})"))
                .Append("</td><td>").Append(Encode(enabled.Interval.ToString("c", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(Encode(string.Join(", ", enabled.Series.Select(s => s.Name)))).Append("</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Age(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? Encode($"{Math.Max(0, (int)(now - value).TotalSeconds)} s ago ({value:u})") : "never";
}
