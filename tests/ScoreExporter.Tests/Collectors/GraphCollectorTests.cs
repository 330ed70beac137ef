using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Defender;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Collectors;

/// <summary>The Graph collectors (Microsoft Secure Score, incidents) through the real pipeline against the simulator's Graph surface.</summary>
public sealed class GraphCollectorTests
{
    private static readonly string[] DefenderCollectors = ["configuration_score", "exposure_score", "device_group_exposure_score", "devices"];

    [Fact]
    public async Task Secure_score_series_equal_the_snapshot_and_the_profiles_of_the_controls_in_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SecureScore.UnknownCategory = "Cloud";
        var settings = Settings(tenant);
        settings["Defender:Collectors:SecureScore:PerControl"] = "true";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();
        var (snapshot, points, maxima) = await GraphOracle.SecureScoreAsync(simulator, tenant);

        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "secure_score")));
        Assert.Equal(snapshot.GetProperty("currentScore").GetDouble(), metrics.Value("defender_secure_score", ("tenant", "contoso")));
        Assert.Equal(snapshot.GetProperty("maxScore").GetDouble(), metrics.Value("defender_secure_score_max", ("tenant", "contoso")));
        Assert.Equal(snapshot.GetProperty("createdDateTime").GetDateTimeOffset().ToUnixTimeSeconds(), metrics.Value("defender_secure_score_created_timestamp_seconds", ("tenant", "contoso")));
        Assert.Contains("Cloud", points.Keys);
        Assert.True(points.Count >= 6, string.Join(", ", points.Keys));
        foreach (var (category, value) in points)
        {
            Assert.Equal(value, metrics.Value("defender_secure_score_category", ("tenant", "contoso"), ("category", category))!.Value, precision: 6);
            Assert.Equal(maxima[category], metrics.Value("defender_secure_score_category_max", ("tenant", "contoso"), ("category", category))!.Value, precision: 6);
        }

        Assert.Equal(points.Count, metrics.All("defender_secure_score_category", ("tenant", "contoso")).Count());
        foreach (var average in snapshot.GetProperty("averageComparativeScores").EnumerateArray())
        {
            var basis = average.GetProperty("basis").GetString()!;
            Assert.Equal(average.GetProperty("averageScore").GetDouble(), metrics.Value("defender_secure_score_comparative", ("tenant", "contoso"), ("basis", char.ToUpperInvariant(basis[0]) + basis[1..])));
        }

        var controls = metrics.All("defender_secure_score_control", ("tenant", "contoso")).ToArray();
        Assert.Equal(snapshot.GetProperty("controlScores").GetArrayLength(), controls.Length);
        Assert.Equal(points.Values.Sum(), controls.Sum(c => c.Value), precision: 6);
        Assert.Equal(maxima.Values.Sum(), metrics.All("defender_secure_score_control_max", ("tenant", "contoso")).Sum(c => c.Value), precision: 6);
        Assert.True(simulator.Log.Count(tenant.TenantId, DefenderEndpoint.SecureScoreControlProfiles) >= 2, "the profiles take two pages or more");
    }

    [Fact]
    public async Task A_tenant_with_no_snapshot_yet_is_up_with_no_score_series()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SecureScore.HasSnapshot = false;
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "secure_score")));
        Assert.Empty(metrics.All("defender_secure_score"));
        Assert.Empty(metrics.All("defender_secure_score_category"));
    }

    [Fact]
    public async Task Open_incidents_equal_an_independent_count_of_the_listing()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Incidents.OpenCount = 1_234;
        tenant.Incidents.ResolvedCount = 300;
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant));

        var metrics = await exporter.ScrapeAsync();
        var (counts, oldest) = await GraphOracle.IncidentsAsync(simulator, tenant);

        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "incidents")));
        var published = metrics.All("defender_incidents", ("tenant", "contoso"))
            .ToDictionary(s => $"{s.Labels["severity"]}|{s.Labels["status"]}|{s.Labels["assigned"]}", s => s.Value);
        Assert.Equal(counts.OrderBy(p => p.Key), published.OrderBy(p => p.Key));
        Assert.Equal(1_234, published.Values.Sum());
        foreach (var (severity, created) in oldest)
        {
            Assert.Equal(created.ToUnixTimeMilliseconds() / 1000.0, metrics.Value("defender_incident_oldest_open_timestamp_seconds", ("tenant", "contoso"), ("severity", severity)));
        }

        Assert.All(published.Keys, key => Assert.Equal(key.ToLowerInvariant()[0], key[0]));
        Assert.Contains(published.Keys, key => key.Contains("|awaitingAction|", StringComparison.Ordinal));
        Assert.DoesNotContain(published.Keys, key => key.Contains("unknownFutureValue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_thousand_open_incidents_are_read_whole_at_the_graph_pace()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Incidents.OpenCount = 10_000;
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant), time, waitUntilReady: false);
        var incidents = exporter.Collector("contoso", "incidents");

        await exporter.AdvanceUntilAsync(incidents, 1, TimeSpan.FromMilliseconds(100));

        var metrics = await exporter.ScrapeAsync();
        Assert.True(incidents.Snapshot.Up, incidents.Snapshot.LastFailure + ": " + incidents.Snapshot.LastFailureDetail);
        Assert.Equal(10_000, metrics.All("defender_incidents", ("tenant", "contoso")).Sum(s => s.Value));
        Assert.Equal(200, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Incidents));
        Assert.InRange(simulator.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromMinutes(1), DefenderEndpoint.Incidents), 100, 150);

    }

    [Fact]
    public async Task Past_ten_thousand_open_incidents_nothing_partial_is_published_and_the_message_names_the_bound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Incidents.OpenCount = 10_001;
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant), time, waitUntilReady: false);
        var incidents = exporter.Collector("contoso", "incidents");

        await exporter.AdvanceUntilAsync(incidents, 1, TimeSpan.FromMilliseconds(100));

        Assert.False(incidents.Snapshot.Up);
        Assert.Equal(FailureReason.InvalidResponse, incidents.Snapshot.LastFailure);
        Assert.Contains("more than 10000 open incidents", incidents.Snapshot.LastFailureDetail, StringComparison.Ordinal);
        var metrics = await exporter.ScrapeAsync();
        Assert.Empty(metrics.All("defender_incidents"));
        Assert.Empty(metrics.All("defender_incident_oldest_open_timestamp_seconds"));
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "incidents"), ("reason", "invalid_response")));
    }

    [Fact]
    public async Task Forbidden_on_graph_leaves_every_defender_collector_of_the_tenant_up()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Machines.Count = 20;
        tenant.SetApiFault(ApiSurface.Graph, ApiFault.Status(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        var settings = Settings(tenant);
        settings["Defender:Collectors:ExposureScore:Enabled"] = "true";
        settings["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "true";
        settings["Defender:Collectors:Devices:Enabled"] = "true";
        settings["Defender:PollInterval"] = "00:01:00";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        foreach (var graph in new[] { "secure_score", "incidents" })
        {
            Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", graph)));
            Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", graph), ("reason", "forbidden")));
        }

        Assert.All(DefenderCollectors, c => Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", c))));
    }

    public static TheoryData<string, string> GraphFaults() => new()
    {
        { "401", "unauthorized" },
        { "429 with Retry-After", "throttled" },
        { "503", "server_error" },
        { "truncated body", "invalid_response" },
    };

    [Theory]
    [MemberData(nameof(GraphFaults))]
    public async Task A_graph_error_counts_its_reason_keeps_the_last_score_and_recovers(string fault, string reason)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = Settings(tenant);
        settings["Defender:Collectors:SecureScore:PollInterval"] = "00:05:00";
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var secureScore = exporter.Collector("contoso", "secure_score");
        var goodScore = (await exporter.ScrapeAsync()).Value("defender_secure_score", ("tenant", "contoso"));
        Assert.NotNull(goodScore);

        tenant.SetApiFault(ApiSurface.Graph, fault switch
        {
            "401" => ApiFault.Status(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."),
            "429 with Retry-After" => ApiFault.TooManyRequests(retryAfterSeconds: 5),
            "503" => ApiFault.Status(503, "serviceNotAvailable", "The service is temporarily unavailable."),
            _ => ApiFault.TruncatedPage(),
        });
        await exporter.AdvanceUntilAsync(secureScore, secureScore.CompletedPolls + 1, TimeSpan.FromSeconds(20));

        var failed = await exporter.ScrapeAsync();
        foreach (var other in FailureReasons.All.Select(r => r.Label()))
        {
            Assert.Equal(other == reason ? 1 : 0, failed.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "secure_score"), ("reason", other)));
        }

        Assert.Equal(0, failed.Value("defender_up", ("tenant", "contoso"), ("collector", "secure_score")));
        Assert.Equal(goodScore, failed.Value("defender_secure_score", ("tenant", "contoso")));
        Assert.Equal(1, failed.Value("defender_up", ("tenant", "contoso"), ("collector", "configuration_score")));

        tenant.SetApiFault(ApiSurface.Graph, null);
        await exporter.AdvanceUntilAsync(secureScore, secureScore.CompletedPolls + 1, TimeSpan.FromSeconds(20));
        Assert.Equal(1, (await exporter.ScrapeAsync()).Value("defender_up", ("tenant", "contoso"), ("collector", "secure_score")));
    }

    [Fact]
    public async Task Each_token_goes_to_its_own_surface_only_and_each_tenant_asks_once_per_audience()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant), time);
        await exporter.AdvanceUntilAsync(exporter.Collector("contoso", "secure_score"), 3, TimeSpan.FromSeconds(30));

        var api = simulator.Log.Requests(tenant.TenantId).Where(r => r.Kind != RequestKind.Token).ToArray();
        Assert.Contains(api, r => r.Surface == ApiSurface.Graph);
        Assert.Contains(api, r => r.Surface == ApiSurface.Defender);
        Assert.All(api, r => Assert.Equal(200, r.StatusCode));
        Assert.All(api, r => Assert.Equal(r.Surface == ApiSurface.Graph ? "https://graph.microsoft.com" : "https://api.securitycenter.microsoft.com", r.Audience));
        Assert.Equal(1, simulator.Log.CountTokenRequests(tenant.TenantId, "https://graph.microsoft.com"));
        Assert.Equal(1, simulator.Log.CountTokenRequests(tenant.TenantId, "https://api.securitycenter.microsoft.com"));
    }

    [Theory]
    [InlineData(NextLinkTarget.ForeignHost)]
    [InlineData(NextLinkTarget.OtherPort)]
    [InlineData(NextLinkTarget.OtherScheme)]
    public async Task A_graph_next_link_outside_graph_is_refused_and_never_receives_the_token(NextLinkTarget target)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.Incidents.OpenCount = 500;
        tenant.SetApiFault(DefenderEndpoint.Incidents, ApiFault.NextLink(target));
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenant));

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "incidents"), ("reason", "invalid_response")));
        Assert.Contains("refused a link outside the API", exporter.Collector("contoso", "incidents").Snapshot.LastFailureDetail, StringComparison.Ordinal);
        Assert.Single(simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Incidents));
        Assert.DoesNotContain(simulator.Log.Snapshot(), r => r.Authorization is not null && r.Port != simulator.ApiBaseUrl.Port && r.Kind != RequestKind.Token);
    }

    private static Dictionary<string, string?> Settings(SimulatedTenant tenant)
    {
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:Collectors:SecureScore:Enabled"] = "true";
        settings["Defender:Collectors:Incidents:Enabled"] = "true";
        return settings;
    }
}
