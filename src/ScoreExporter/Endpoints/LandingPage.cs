using System.Net;
using System.Text;
using ScoreExporter.Api;
using ScoreExporter.Hosting;
using ScoreExporter.Metrics;
using ScoreExporter.Polling;

namespace ScoreExporter.Endpoints;

/// <summary>A small HTML page at <c>/</c>: links to the endpoints and each tenant's last poll outcome.</summary>
public static class LandingPage
{
    public static IResult Render(TenantRegistry registry, TimeProvider time, IServiceProvider services)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder(1024 + (registry.Tenants.Count * 200));
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ScoreExporter</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}")
            .Append("td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}.demo{background:#fde68a;padding:1rem;font-weight:bold}")
            .Append(".up{color:#15803d}.down{color:#b91c1c}</style></head><body><h1>ScoreExporter</h1>");
        if (services.GetService<DemoMarker>() is not null)
        {
            html.Append("<p class=\"demo\">").Append(WebUtility.HtmlEncode(DemoMode.Banner)).Append("</p>");
        }

        var build = BuildInfo.Current;
        html.Append("<p>Microsoft Secure Score for Devices exporter, version ").Append(WebUtility.HtmlEncode(build.Version))
            .Append(". <a href=\"/metrics\">Metrics</a> · <a href=\"/healthz\">Liveness</a> · <a href=\"/readyz\">Readiness</a></p>")
            .Append("<table><thead><tr><th>Tenant</th><th>Last poll</th><th>Score</th><th>Score computed</th><th>Last success</th></tr></thead><tbody>");
        foreach (var tenant in registry.Tenants)
        {
            var snapshot = tenant.Snapshot;
            var outcome = snapshot.LastAttempt is null ? "pending"
                : snapshot.LastFailure is { } reason ? "failed: " + reason.Label() : "ok";
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(tenant.Name)).Append("</td><td class=\"")
                .Append(snapshot.Up ? "up" : "down").Append("\">").Append(outcome).Append("</td><td>")
                .Append(snapshot.Score?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "–").Append("</td><td>")
                .Append(Age(snapshot.ScoreTime, now)).Append("</td><td>").Append(Age(snapshot.LastSuccess, now)).Append("</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Age(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? $"{(int)(now - value).TotalSeconds} s ago ({value:u})" : "never";
}
