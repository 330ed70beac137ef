using DefenderSimulator;
using ScoreExporter.Collectors;
using ScoreExporter.Defender;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Collectors;

/// <summary>Every collector through the real pipeline (Kestrel, Azure.Identity, Polly, OpenTelemetry) against the simulator.</summary>
public sealed class CollectorPipelineTests
{
    /// <summary>Fake-time step for collectors polled every 5 or 30 minutes.</summary>
    internal static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    private static readonly string[] Collectors = ["configuration_score", "exposure_score", "device_group_exposure_score", "devices"];

    [Fact]
    public async Task Every_collector_publishes_what_the_simulator_serves()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(612.5, DateTimeOffset.UtcNow.AddMinutes(-3));
        tenant.AddDeviceGroup("GroupOne", id: 10).SetScore(41.38);
        tenant.AddDeviceGroup("Серверы Ω \"prod\"", id: 11).SetScore(12.5);
        tenant.Machines.Count = 1_200;
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(612.5, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(38.75, metrics.Value("defender_exposure_score", ("tenant", "contoso")));
        Assert.Equal(41.38, metrics.Value("defender_device_group_exposure_score", ("tenant", "contoso"), ("device_group", "GroupOne"), ("device_group_id", "10")));
        Assert.Equal(12.5, metrics.Value("defender_device_group_exposure_score", ("tenant", "contoso"), ("device_group", "Серверы Ω \"prod\""), ("device_group_id", "11")));
        Assert.Equal(2, metrics.All("defender_device_group_exposure_score").Count());
        var expected = await DeviceOracle.CountAsync(simulator, tenant);
        var devices = metrics.All("defender_devices", ("tenant", "contoso")).ToDictionary(s => DeviceOracle.Key(s.Labels), s => s.Value);
        Assert.Equal(expected.OrderBy(p => p.Key), devices.OrderBy(p => p.Key));
        Assert.Equal(1_200, devices.Values.Sum());
        Assert.Contains(devices.Keys, key => key.StartsWith(LabelValue.None + "|", StringComparison.Ordinal));
        foreach (var collector in Collectors)
        {
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", collector)));
            Assert.Equal(1, metrics.Value("defender_scrapes_total", ("tenant", "contoso"), ("collector", collector)));
            Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", collector), ("code", "200")));
            Assert.NotNull(metrics.Value("defender_scrape_duration_seconds", ("tenant", "contoso"), ("collector", collector)));
            Assert.Equal(FailureReasons.All.Count, metrics.All("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", collector)).Count(s => s.Value == 0));
        }

        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "token"), ("code", "200")));
    }

    [Fact]
    public async Task A_device_group_that_disappears_from_the_answer_disappears_from_metrics()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("GroupOne", id: 10, score: 41.38);
        tenant.AddDeviceGroup("GroupTwo", id: 20, score: 60);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant), time);
        Assert.Equal(2, (await exporter.ScrapeAsync()).All("defender_device_group_exposure_score").Count());

        tenant.RemoveDeviceGroup("GroupTwo");
        var groups = exporter.Collector("contoso", "device_group_exposure_score");
        await exporter.AdvanceUntilAsync(groups, groups.CompletedPolls + 1, Step);

        var remaining = Assert.Single((await exporter.ScrapeAsync()).All("defender_device_group_exposure_score"));
        Assert.Equal("GroupOne", remaining.Labels["device_group"]);
    }

    [Fact]
    public async Task Twenty_five_thousand_devices_are_three_skip_pages_and_every_device_is_counted_grouped_or_not()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("GroupOne", id: 10);
        tenant.Machines.Count = 25_000;
        tenant.Machines.UngroupedPercent = 40;
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        var pages = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Select(r => r.Path + Uri.UnescapeDataString(r.Query)).ToArray();
        Assert.Equal(["/api/machines?$top=10000", "/api/machines?$top=10000&$skip=10000", "/api/machines?$top=10000&$skip=20000"], pages);
        Assert.Equal(3, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "devices"), ("code", "200")));
        var devices = metrics.All("defender_devices", ("tenant", "contoso")).ToArray();
        Assert.Equal(25_000, devices.Sum(s => s.Value));
        Assert.Contains(devices, s => s.Labels["device_group"] == LabelValue.None);
        Assert.Contains(devices, s => s.Labels["device_group"] == "GroupOne");
        // Past 2,000 combinations the rest is counted under (other): every other series equals the oracle's count,
        // and (other) holds exactly the devices of the combinations left out.
        var expected = await DeviceOracle.CountAsync(simulator, tenant);
        var published = devices.ToDictionary(s => DeviceOracle.Key(s.Labels), s => s.Value);
        var other = published.Where(p => p.Key.StartsWith(LabelValue.Other, StringComparison.Ordinal)).Sum(p => p.Value);
        var named = published.Where(p => !p.Key.StartsWith(LabelValue.Other, StringComparison.Ordinal)).ToArray();
        Assert.True(named.Length > 1_000, $"{named.Length} named combinations");
        Assert.All(named, p => Assert.Equal(expected[p.Key], p.Value));
        Assert.Equal(expected.Where(p => !published.ContainsKey(p.Key)).Sum(p => p.Value), other);
    }

    [Fact]
    public async Task Devices_whose_status_arrives_as_onboarded_or_Onboarded_are_counted_in_one_series()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 3_000;
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        var statuses = (await ListingFetch.AllAsync(simulator, tenant, "api/machines")).Select(m => ListingFetch.Text(m, "onboardingStatus")).ToArray();
        var lower = statuses.Count(s => s == "onboarded");
        var upper = statuses.Count(s => s == "Onboarded");
        Assert.True(lower > 0 && upper > 0, $"the listing has {lower} 'onboarded' and {upper} 'Onboarded'");
        var devices = metrics.All("defender_devices", ("tenant", "contoso")).ToArray();
        Assert.DoesNotContain(devices, s => s.Labels["onboarding_status"] == "onboarded");
        Assert.Equal(lower + upper, devices.Where(s => s.Labels["onboarding_status"] == "Onboarded").Sum(s => s.Value));
    }

    [Fact]
    public async Task A_next_link_that_never_advances_is_never_followed_and_every_device_is_counted_once()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 25_000;

        // What callers of the real API report: every page's nextLink asks for $skip=10000 again.
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NextLink(new Uri(simulator.ApiBaseUrl, "api/machines?$skip=10000")));
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        var pages = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Select(r => r.Path + Uri.UnescapeDataString(r.Query)).ToArray();
        Assert.Equal(["/api/machines?$top=10000", "/api/machines?$top=10000&$skip=10000", "/api/machines?$top=10000&$skip=20000"], pages);
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        Assert.Equal(25_000, metrics.All("defender_devices", ("tenant", "contoso")).Sum(s => s.Value));
    }

    [Fact]
    public async Task A_page_that_ignores_skip_fails_the_poll_as_invalid_response_and_keeps_the_last_good_count()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 10_000;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant), time);
        Assert.Equal(10_000, (await exporter.ScrapeAsync()).All("defender_devices", ("tenant", "contoso")).Sum(s => s.Value));

        // Every request now gets the first 10,000 machines, $skip or not: the second page repeats the first.
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.HugePage(10_000));
        var devices = exporter.Collector("contoso", "devices");
        var requestsBefore = simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Machines);
        await exporter.AdvanceUntilAsync(devices, devices.CompletedPolls + 1, Step);
        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(2, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Machines) - requestsBefore);
        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "devices"), ("reason", "invalid_response")));
        Assert.Contains("page 2 repeats page 1", devices.Snapshot.LastFailureDetail, StringComparison.Ordinal);
        Assert.Equal(10_000, metrics.All("defender_devices", ("tenant", "contoso")).Sum(s => s.Value));
    }

    [Fact]
    public async Task No_recent_machines_answered_404_is_zero_devices_and_up()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 0;
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        Assert.Empty(metrics.All("defender_devices"));
        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "devices"), ("code", "404")));
        Assert.All(metrics.All("defender_scrape_errors_total", ("collector", "devices")), s => Assert.Equal(0, s.Value));
    }

    [Fact]
    public async Task Forbidden_on_machines_only_fails_the_devices_collector_and_no_other()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var other = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret-2");
        tenant.Machines.Count = 30;
        other.Machines.Count = 30;
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Forbidden("Machine.Read.All"));
        var settings = AllCollectors(tenant);
        foreach (var (key, value) in TestExporter.TenantSettings(1, "fabrikam", other))
        {
            settings[key] = value;
        }

        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "devices"), ("reason", "forbidden")));
        Assert.Contains("HTTP 403", exporter.Collector("contoso", "devices").Snapshot.LastFailureDetail, StringComparison.Ordinal);
        Assert.Empty(metrics.All("defender_devices", ("tenant", "contoso")));
        foreach (var collector in Collectors.Where(c => c != "devices"))
        {
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", collector)));
            Assert.All(metrics.All("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", collector)), s => Assert.Equal(0, s.Value));
        }

        Assert.All(Collectors, c => Assert.Equal(1, metrics.Value("defender_up", ("tenant", "fabrikam"), ("collector", c))));
        Assert.Equal(30, metrics.All("defender_devices", ("tenant", "fabrikam")).Sum(s => s.Value));
    }

    [Theory]
    [InlineData(NextLinkTarget.ForeignHost)]
    [InlineData(NextLinkTarget.OtherPort)]
    [InlineData(NextLinkTarget.OtherScheme)]
    public async Task A_next_link_in_a_defender_api_answer_is_never_followed_and_never_receives_the_token(NextLinkTarget target)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 30;
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NextLink(target));
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        Assert.Equal(30, metrics.All("defender_devices", ("tenant", "contoso")).Sum(s => s.Value));
        var machines = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines);
        var first = Assert.Single(machines);
        Assert.Equal(simulator.ApiBaseUrl.Port, first.Port);
        Assert.DoesNotContain(simulator.Log.Snapshot(), r => r.Authorization is not null && r.Port != simulator.ApiBaseUrl.Port && r.Kind != RequestKind.Token);
    }

    [Fact]
    public async Task A_hostile_answer_cannot_blow_up_the_series_or_break_a_line()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 30;
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.HostileCardinality(items: 6_000, stringLength: 1_000));
        tenant.SetApiFault(DefenderEndpoint.ExposureScoreByMachineGroups, ApiFault.HostileCardinality(items: 900, stringLength: 1_000));
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));
        var text = await exporter.Http.GetStringAsync("/metrics");
        var metrics = MetricsText.Parse(text);

        var devices = metrics.All("defender_devices", ("tenant", "contoso")).ToArray();
        Assert.Equal(6_000, devices.Sum(s => s.Value));
        Assert.InRange(devices.Length, 1, DeviceTally.MaxCombinations + 1);
        Assert.Equal(900, metrics.All("defender_device_group_exposure_score").Count());
        Assert.All(devices.Concat(metrics.All("defender_device_group_exposure_score")).SelectMany(s => s.Labels.Values), value =>
        {
            Assert.InRange(value.Length, 1, LabelValue.MaxLength);
            Assert.DoesNotContain(value, c => char.IsControl(c));
        });
        var (exitCode, promtool) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0, promtool);
    }

    [Fact]
    public async Task The_exposition_with_every_collector_passes_promtool_and_its_OpenMetrics_form_is_well_formed()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("GroupOne", id: 10);
        tenant.Machines.Count = 500;
        await using var exporter = await TestExporter.StartAsync(simulator, AllCollectors(tenant));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0");
        using var openMetrics = await exporter.Http.SendAsync(request);
        var text = await exporter.Http.GetStringAsync("/metrics");

        // promtool reads the text format only; Prometheus itself scrapes the OpenMetrics form in the Grafana end-to-end test.
        var (exitCode, result) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0 && result.Trim().Length == 0, $"promtool check metrics: exit {exitCode}: {result}");
        var families = OpenMetricsFamilies(await openMetrics.Content.ReadAsStringAsync());
        Assert.Equal(MetricsText.Parse(text).Types.Keys.Select(name => name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name).Order(), families.Order());
    }

    /// <summary>The metric families of an OpenMetrics exposition, checked to end in # EOF and to have HELP and TYPE before their samples.</summary>
    private static List<string> OpenMetricsFamilies(string exposition)
    {
        Assert.EndsWith("# EOF\n", exposition, StringComparison.Ordinal);
        var described = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            if (line.StartsWith("# UNIT ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var family = line.Split(' ')[2];
                described[family] = described.GetValueOrDefault(family) + 1;
                continue;
            }

            var name = line[..line.IndexOfAny(['{', ' '])];
            Assert.True(
                described.Keys.Any(f => name == f || name == f + "_total" || name == f + "_created"),
                $"sample {name} has no HELP and TYPE before it");
        }

        Assert.All(described, family => Assert.True(family.Value == 2, $"{family.Key} has {family.Value} HELP/TYPE lines"));
        return described.Keys.ToList();
    }

    /// <summary>One tenant with every collector on, at intervals the start-time rate check accepts.</summary>
    internal static Dictionary<string, string?> AllCollectors(SimulatedTenant tenant)
    {
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:PollInterval"] = "00:05:00";
        settings["Defender:Collectors:ExposureScore:Enabled"] = "true";
        settings["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "true";
        settings["Defender:Collectors:Devices:Enabled"] = "true";
        return settings;
    }
}
