using System.Text.Json;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The dashboard with 500 tenants on two shards, from backfilled history in a real Prometheus: tables list every
/// tenant (and device group), while per-tenant charts draw only the $limit worst, the same tenants along the whole range.
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

        // Tenant i scores 200 + i (tenant-000 lowest), 100 + i of 1,000 on the Microsoft Secure Score, its exposure
        // score is i / 5 (tenant-499 highest) and it was last fetched i seconds before each sample (tenant-499 oldest).
        // It has two device groups, each with 9 active devices and 1 without sensor data. Even tenants belong to shard 0 (exporter-0), odd ones to shard 1 (exporter-1).
        var backfill = new Backfill();
        for (var shard = 0; shard < 2; shard++)
        {
            var replica = new Dictionary<string, string> { ["job"] = Job, ["instance"] = $"exporter-{shard}:9464" };
            backfill.Gauge("defender_exporter_shard_info", new Dictionary<string, string>(replica) { ["shard"] = $"{shard}", ["total_shards"] = "2" }, start, end.AddMinutes(1), _ => 1);
        }

        for (var i = 0; i < Tenants; i++)
        {
            var tenant = $"tenant-{i:000}";
            var labels = new Dictionary<string, string> { ["job"] = Job, ["instance"] = $"exporter-{i % 2}:9464", ["tenant"] = tenant };
            var age = i;
            var configurationScore = new Dictionary<string, string>(labels) { ["collector"] = "configuration_score" };
            backfill
                .Gauge("defender_device_secure_score", labels, start, end.AddMinutes(1), _ => 200 + age)
                .Gauge("defender_secure_score", labels, start, end.AddMinutes(1), _ => 100 + age)
                .Gauge("defender_secure_score_max", labels, start, end.AddMinutes(1), _ => 1000)
                .Gauge("defender_exposure_score", labels, start, end.AddMinutes(1), _ => age / 5.0)
                .Gauge("defender_scrape_last_success_timestamp_seconds", configurationScore, start, end.AddMinutes(1), at => at.ToUnixTimeSeconds() - age)
                .Gauge("defender_up", configurationScore, start, end.AddMinutes(1), _ => 1)
                .Gauge("defender_tenant_info", new Dictionary<string, string>(labels) { ["tenant_id"] = $"{i}", ["cloud"] = "Commercial" }, start, end.AddMinutes(1), _ => 1);
            foreach (var group in new[] { "Servers", "Laptops" })
            {
                backfill.Gauge("defender_device_group_exposure_score", new Dictionary<string, string>(labels) { ["device_group"] = group, ["device_group_id"] = $"{group.Length}" }, start, end.AddMinutes(1), _ => 40);
                foreach (var (health, exposure, devices) in new[] { ("Active", "Low", 9), ("NoSensorData", "High", 1) })
                {
                    var device = new Dictionary<string, string>(labels)
                    {
                        ["device_group"] = group,
                        ["os_platform"] = "Windows11",
                        ["health_status"] = health,
                        ["onboarding_status"] = "onboarded",
                        ["risk_score"] = "Low",
                        ["exposure_level"] = exposure,
                    };
                    backfill.Gauge("defender_devices", device, start, end.AddMinutes(1), _ => devices);
                }
            }
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
            var expected = query.PanelTitle.StartsWith("Time since", StringComparison.Ordinal) || query.PanelTitle.StartsWith("Exposure", StringComparison.Ordinal)
                ? Enumerable.Range(Tenants - tenants.Count, tenants.Count) // the oldest data, the highest exposure
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

        // Tables list every device group; device counts are summed over all 500 tenants.
        async Task<JsonElement> Instant(string title, string refId) =>
            await prometheus.QueryAsync(all.Substitute(dashboard.Queries.Single(q => q.PanelTitle == title && q.RefId == refId), TimeSpan.FromMinutes(1)), ct, end);
        Assert.Equal(2 * Tenants, (await Instant("Exposure by device group", "A")).GetArrayLength());
        var blindShare = await Instant("Blind devices per group", "C");
        Assert.Equal(2 * Tenants, blindShare.GetArrayLength());
        Assert.All(blindShare.EnumerateArray(), s => Assert.Equal(0.1, Value(s), 6));
        var byExposure = (await Instant("Devices by exposure level", "A")).EnumerateArray()
            .ToDictionary(s => s.GetProperty("metric").GetProperty("exposure_level").GetString()!, Value);
        Assert.Equal(new Dictionary<string, double> { ["Low"] = 9 * 2 * Tenants, ["High"] = 2 * Tenants }, byExposure);

        // Tenants per shard: the join of defender_tenant_info with defender_exporter_shard_info on the instance.
        var perShard = (await Instant("Tenants per shard", "B")).EnumerateArray()
            .ToDictionary(s => s.GetProperty("metric").GetProperty("shard").GetString()!, Value);
        Assert.Equal(new Dictionary<string, double> { ["0"] = Tenants / 2, ["1"] = Tenants / 2 }, perShard);
        Assert.All((await Instant("Tenants per shard", "C")).EnumerateArray(), s => Assert.Equal(1, Value(s)));
    }

    private static double Value(JsonElement series) => QueryResult.Value(series);

    private static string Tenant(JsonElement series) => series.GetProperty("metric").GetProperty("tenant").GetString()!;
}
