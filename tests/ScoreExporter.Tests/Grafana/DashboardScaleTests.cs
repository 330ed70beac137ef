using System.Text.Json;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The dashboard with 500 tenants, from backfilled history in a real Prometheus: tables list every tenant, while
/// per-tenant charts draw only the $limit worst, the same tenants along the whole range.
/// </summary>
public sealed class DashboardScaleTests
{
    private const int Tenants = 500;
    private const string Job = "score-exporter";

    [Fact]
    public async Task With_500_tenants_tables_list_them_all_and_charts_draw_the_limit_worst()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = bound.Token;
        using var temp = new TempDirectory();
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        var start = end.AddMinutes(-40);

        // Tenant i scores 200 + i (tenant-000 lowest), its score was computed 1 h + i x 10 s before each sample and it
        // was last fetched i seconds before (tenant-499 oldest in both).
        var backfill = new Backfill();
        for (var i = 0; i < Tenants; i++)
        {
            var tenant = $"tenant-{i:000}";
            var labels = new Dictionary<string, string> { ["job"] = Job, ["instance"] = "exporter-0:9464", ["tenant"] = tenant };
            var age = i;
            backfill
                .Gauge("defender_device_secure_score", labels, start, end.AddMinutes(1), _ => 200 + age)
                .Gauge("defender_device_secure_score_updated_timestamp_seconds", labels, start, end.AddMinutes(1), at => at.ToUnixTimeSeconds() - 3600 - (age * 10))
                .Gauge("defender_scrape_last_success_timestamp_seconds", labels, start, end.AddMinutes(1), at => at.ToUnixTimeSeconds() - age)
                .Gauge("defender_tenant_info", new Dictionary<string, string>(labels) { ["tenant_id"] = $"{i}", ["cloud"] = "Commercial" }, start, end.AddMinutes(1), _ => 1);
        }

        var data = temp.File("data");
        await backfill.WriteAsync(data, ct);
        await using var prometheus = await PrometheusServer.StartAsync(temp.Path, data, "global: {}\n", ct);

        var dashboard = Dashboard.LoadShipped();
        var perTenantCharts = dashboard.Queries.Where(q => !q.Instant && q.Expr.Contains("$limit", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(perTenantCharts);
        var all = new GrafanaVariables().Select("job", Job).All("tenant", ".+").Set("limit", DashboardVariants.Limit);
        foreach (var query in perTenantCharts)
        {
            var series = await prometheus.QueryRangeAsync(all.Substitute(query, TimeSpan.FromMinutes(1)), start.AddMinutes(5), end, TimeSpan.FromMinutes(1), ct);
            var tenants = series.EnumerateArray().Select(Tenant).ToList();
            Assert.True(tenants.Count == int.Parse(DashboardVariants.Limit, System.Globalization.CultureInfo.InvariantCulture), $"{query}: {tenants.Count} series");
            var expected = query.PanelTitle.StartsWith("Time since", StringComparison.Ordinal)
                ? Enumerable.Range(Tenants - tenants.Count, tenants.Count) // the oldest
                : Enumerable.Range(0, tenants.Count); // the lowest scores
            Assert.Equal(expected.Select(i => $"tenant-{i:000}"), tenants.Order(StringComparer.Ordinal));
        }

        var everyone = new GrafanaVariables().Select("job", Job).All("tenant", ".+").Set("limit", "500");
        var scoreOverTime = dashboard.Queries.Single(q => q.PanelTitle == "Score over time");
        Assert.Equal(Tenants, (await prometheus.QueryRangeAsync(everyone.Substitute(scoreOverTime, TimeSpan.FromMinutes(1)), start.AddMinutes(5), end, TimeSpan.FromMinutes(1), ct)).GetArrayLength());

        var ranked = dashboard.Queries.Single(q => q.PanelTitle == "Tenants, lowest score first" && q.RefId == "A");
        Assert.Equal(Tenants, (await prometheus.QueryAsync(all.Substitute(ranked, TimeSpan.FromMinutes(1)), ct, end)).GetArrayLength());
        var count = dashboard.Queries.Single(q => q.PanelTitle == "Tenants");
        var counted = await prometheus.QueryAsync(all.Substitute(count, TimeSpan.FromMinutes(1)), ct, end);
        Assert.Equal("500", counted[0].GetProperty("value")[1].GetString());
    }

    private static string Tenant(JsonElement series) => series.GetProperty("metric").GetProperty("tenant").GetString()!;
}
