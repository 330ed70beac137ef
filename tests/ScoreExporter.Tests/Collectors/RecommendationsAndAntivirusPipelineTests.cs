using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Collectors;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// The recommendations and antivirus collectors through the real pipeline against the simulator: every series equals
/// an independent computation over the simulator's listing, every <c>$skip</c> page is read once, and a failure of one
/// leaves the tenant's other collectors up.
/// </summary>
public sealed class RecommendationsAndAntivirusPipelineTests
{
    private static readonly string[] Others = ["configuration_score", "exposure_score", "device_group_exposure_score", "devices"];

    [Fact]
    public async Task Recommendations_are_three_skip_pages_and_every_series_equals_an_independent_count_of_the_listing()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Recommendations.Count = 25_000;
        var settings = Settings(tenant);
        settings["Defender:Collectors:Recommendations:TopN"] = "15";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        var pages = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Recommendations).Select(r => r.Path + Uri.UnescapeDataString(r.Query)).ToArray();
        Assert.Equal(["/api/recommendations?$top=10000", "/api/recommendations?$top=10000&$skip=10000", "/api/recommendations?$top=10000&$skip=20000"], pages);
        Assert.Equal(3, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "recommendations"), ("code", "200")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "recommendations")));
        var oracle = await RecommendationOracle.ComputeAsync(simulator, tenant, topN: 15);
        Assert.Equal(25_000, oracle.Listed);

        string[] exposedLabels = ["category", "remediation_type", "status", "public_exploit"];
        AssertEqual(oracle.Counts, Published(metrics, "defender_security_recommendations", exposedLabels));
        AssertEqual(oracle.ExposedDevices, Published(metrics, "defender_security_recommendation_exposed_devices", exposedLabels));
        AssertEqual(oracle.ScoreImpact, Published(metrics, "defender_security_recommendation_score_impact", ["category"]));
        AssertEqual(oracle.ExposureImpact, Published(metrics, "defender_security_recommendation_exposure_impact", ["category"]));
        Assert.Equal(["Accounts", "Application", "Network", "OS", "SecurityControls"], oracle.ScoreImpact.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(oracle.Counts.Keys, k => k.EndsWith("|true", StringComparison.Ordinal));

        var top = Published(metrics, "defender_security_recommendation_top_exposed_devices", ["category", "recommendation_id", "recommendation"]);
        Assert.Equal(15, oracle.Top.Count);
        Assert.Equal(oracle.Top.ToDictionary(t => t.Key, t => t.Devices).OrderBy(p => p.Key, StringComparer.Ordinal), top.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Antivirus_is_three_skip_pages_and_every_series_equals_an_independent_count_of_the_listing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("Servers", id: 10);
        tenant.AddDeviceGroup("Workstations", id: 11);
        tenant.AddDeviceGroup("Серверы Ω \"prod\"", id: 12);
        tenant.Antivirus.Count = 25_000;
        tenant.Machines.UngroupedPercent = 20;
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant), time);

        var metrics = await exporter.ScrapeAsync();

        var pages = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.DeviceAvInfo).Select(r => r.Path + Uri.UnescapeDataString(r.Query)).ToArray();
        Assert.Equal(["/api/deviceavinfo?$top=10000", "/api/deviceavinfo?$top=10000&$skip=10000", "/api/deviceavinfo?$top=10000&$skip=20000"], pages);
        Assert.Equal(3, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "antivirus"), ("code", "200")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "antivirus")));
        var oracle = await AntivirusOracle.ComputeAsync(simulator, tenant);
        Assert.Equal(25_000, oracle.Listed);

        var devices = Published(metrics, "defender_antivirus_devices",
            ["device_group", "os_platform", "av_mode", "signature_up_to_date", "engine_up_to_date", "platform_up_to_date"]);
        AssertEqual(oracle.Devices, devices);
        Assert.Equal(25_000, devices.Values.Sum());
        var modes = devices.Keys.Select(k => k.Split('|')[2]).ToHashSet();
        Assert.Superset(new HashSet<string> { "active", "passive", "disabled", "edr_blocked", "passive_audit", "other", "7" }, modes);
        Assert.Contains(devices.Keys, k => k.StartsWith(LabelValue.None + "|", StringComparison.Ordinal));
        Assert.Contains(devices.Keys, k => k.Contains("|unknown", StringComparison.Ordinal));
        AssertEqual(oracle.OldestSignature, Published(metrics, "defender_antivirus_signature_oldest_update_timestamp_seconds", ["device_group"]));
        Assert.Equal(4, oracle.OldestSignature.Count);
    }

    [Theory]
    [InlineData(DefenderEndpoint.Recommendations, "recommendations", "SecurityRecommendation.Read.All")]
    [InlineData(DefenderEndpoint.DeviceAvInfo, "antivirus", "Machine.Read.All")]
    public async Task Forbidden_on_one_leaves_every_other_collector_of_the_tenant_up(DefenderEndpoint endpoint, string failing, string permission)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 40;
        tenant.Recommendations.Count = 40;
        tenant.SetApiFault(endpoint, ApiFault.Forbidden(permission));
        var settings = Settings(tenant);
        settings["Defender:Collectors:SecureScore:Enabled"] = "true";
        settings["Defender:Collectors:Incidents:Enabled"] = "true";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", failing)));
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", failing), ("reason", "forbidden")));
        Assert.Contains("HTTP 403", exporter.Collector("contoso", failing).Snapshot.LastFailureDetail, StringComparison.Ordinal);
        foreach (var collector in Others.Append(failing == "antivirus" ? "recommendations" : "antivirus").Concat(["secure_score", "incidents"]))
        {
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", collector)));
            Assert.All(metrics.All("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", collector)), s => Assert.Equal(0, s.Value));
        }

        var (failedSeries, upSeries) = failing == "antivirus"
            ? ("defender_antivirus_devices", "defender_security_recommendations")
            : ("defender_security_recommendations", "defender_antivirus_devices");
        Assert.Empty(metrics.All(failedSeries));
        Assert.NotEmpty(metrics.All(upSeries));
    }

    [Theory]
    [InlineData(DefenderEndpoint.Recommendations, "recommendations", "defender_security_recommendation")]
    [InlineData(DefenderEndpoint.DeviceAvInfo, "antivirus", "defender_antivirus")]
    public async Task A_page_cut_off_halfway_through_its_rows_publishes_none_of_them(DefenderEndpoint endpoint, string collector, string family)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Antivirus.Count = 25_000;
        tenant.Recommendations.Count = 25_000;

        // The first page of 10,000 rows stops halfway, as a dropped connection or a proxy would leave it: thousands of
        // whole rows were read before the cut.
        tenant.SetApiFault(endpoint, ApiFault.TruncatedPage());
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant));

        var metrics = await exporter.ScrapeAsync();

        var state = exporter.Collector("contoso", collector);
        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", collector)));
        Assert.True(
            1 == metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", collector), ("reason", "invalid_response")),
            $"{state.Snapshot.LastFailure}: {state.Snapshot.LastFailureDetail}");
        Assert.Single(simulator.Log.Requests(tenant.TenantId, endpoint));
        Assert.DoesNotContain(metrics.Samples, s => s.Name.StartsWith(family, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Microsofts_own_example_body_is_an_invalid_response_and_the_rest_stays_up()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetApiFault(DefenderEndpoint.Recommendations, ApiFault.Body(RecommendationBodies.MicrosoftExample));
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "recommendations")));
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "recommendations"), ("reason", "invalid_response")));
        Assert.Empty(metrics.All("defender_security_recommendations"));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "antivirus")));
    }

    [Fact]
    public async Task Hostile_recommendations_and_antivirus_rows_cannot_blow_up_the_series_or_break_a_line()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetApiFault(DefenderEndpoint.Recommendations, ApiFault.HostileCardinality(items: 3_000, stringLength: 1_000));
        tenant.SetApiFault(DefenderEndpoint.DeviceAvInfo, ApiFault.HostileCardinality(items: 6_000, stringLength: 1_000));
        var settings = Settings(tenant);
        settings["Defender:Collectors:Recommendations:TopN"] = "100";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);
        var text = await exporter.Http.GetStringAsync("/metrics");
        var metrics = MetricsText.Parse(text);

        var antivirus = metrics.All("defender_antivirus_devices").ToArray();
        Assert.Equal(6_000, antivirus.Sum(s => s.Value));
        Assert.InRange(antivirus.Length, 1, AntivirusTally.MaxCombinations + 1);
        Assert.InRange(metrics.All("defender_antivirus_signature_oldest_update_timestamp_seconds").Count(), 1, AntivirusTally.MaxGroups + 1);
        // Every hostile recommendation has a status of its own (none is Active): categories, types and statuses all overflow.
        var recommendations = metrics.All("defender_security_recommendations").ToArray();
        Assert.InRange(recommendations.Length, 2, RecommendationTally.MaxCombinations + 1);
        Assert.Contains(recommendations, s => s.Labels["category"] == LabelValue.Other);
        var served = await ListingFetch.AllAsync(simulator, tenant, "api/recommendations");
        Assert.Equal(3_000, served.Count);
        Assert.Equal(served.Count(r => r.GetProperty("exposedMachinesCount").GetInt64() >= 1), recommendations.Sum(s => s.Value));
        Assert.All(metrics.Samples.Where(s => s.Name.StartsWith("defender_security_recommendation", StringComparison.Ordinal) || s.Name.StartsWith("defender_antivirus", StringComparison.Ordinal))
            .SelectMany(s => s.Labels.Values), value =>
        {
            Assert.InRange(value.Length, 1, LabelValue.MaxLength);
            Assert.DoesNotContain(value, c => char.IsControl(c));
        });
        var (exitCode, promtool) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0, promtool);
    }

    [Fact]
    public async Task TopN_0_publishes_no_top_series_and_the_sums_still()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var settings = Settings(tenant);
        settings["Defender:Collectors:Recommendations:TopN"] = "0";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        Assert.Empty(metrics.All("defender_security_recommendation_top_exposed_devices"));
        Assert.NotEmpty(metrics.All("defender_security_recommendation_exposure_impact"));
        Assert.DoesNotContain(exporter.Collector("contoso", "recommendations").Collector.Series, s => s == RecommendationsCollector.TopExposedDevices);
    }

    /// <summary>One tenant with the recommendations and antivirus collectors on beside the others, at intervals the rate check accepts.</summary>
    internal static Dictionary<string, string?> Settings(SimulatedTenant tenant)
    {
        var settings = CollectorPipelineTests.AllCollectors(tenant);
        settings["Defender:Collectors:Recommendations:Enabled"] = "true";
        settings["Defender:Collectors:Antivirus:Enabled"] = "true";
        return settings;
    }

    /// <summary>A series' samples by their label values (beyond the tenant) joined with '|'.</summary>
    private static Dictionary<string, double> Published(MetricsText metrics, string name, string[] labels) =>
        metrics.All(name, ("tenant", "contoso")).ToDictionary(s => string.Join('|', labels.Select(l => s.Labels[l])), s => s.Value, StringComparer.Ordinal);

    private static void AssertEqual(Dictionary<string, double> expected, Dictionary<string, double> published)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), published.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Equal(e.Value, published[e.Key], 1e-9 * Math.Max(1, Math.Abs(e.Value))));
    }
}
