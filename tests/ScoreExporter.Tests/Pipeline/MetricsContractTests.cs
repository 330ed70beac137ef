using DefenderSimulator;
using ScoreExporter.Defender;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>Two tenants with different credentials, end to end: the exposition holds every contract metric, exactly.</summary>
public sealed class MetricsContractTests
{
    private static readonly DateTimeOffset ContosoTime = new(2026, 11, 28, 9, 15, 58, TimeSpan.Zero);
    private static readonly DateTimeOffset FabrikamTime = new(2026, 11, 28, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_tenants_with_secret_and_certificate_publish_every_contract_metric()
    {
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        var contoso = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "contoso-secret-value", score: 0);
        contoso.SetScore(612.5, ContosoTime);
        using var certificate = TestCertificates.Create();
        var fabrikam = simulator.AddTenant("fabrikam.onmicrosoft.com", Guid.NewGuid().ToString());
        fabrikam.ClientCertificate = certificate;
        fabrikam.SetScore(347, FabrikamTime);

        var settings = TestExporter.TenantSettings(0, "contoso", contoso);
        settings["Defender:Tenants:1:Name"] = "fabrikam";
        settings["Defender:Tenants:1:TenantId"] = fabrikam.TenantId;
        settings["Defender:Tenants:1:ClientId"] = fabrikam.ClientId;
        settings["Defender:Tenants:1:CertificatePath"] = TestCertificates.WritePem(certificate, temp.Path);
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(612.5, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(347, metrics.Value("defender_device_secure_score", ("tenant", "fabrikam")));
        Assert.Equal(ContosoTime.ToUnixTimeSeconds(), metrics.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "contoso")));
        Assert.Equal(FabrikamTime.ToUnixTimeSeconds(), metrics.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "fabrikam")));
        foreach (var tenant in new[] { "contoso", "fabrikam" })
        {
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", tenant)));
            Assert.Equal(1, metrics.Value("defender_scrapes_total", ("tenant", tenant)));
            Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", tenant), ("endpoint", "configuration_score"), ("code", "200")));
            Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", tenant), ("endpoint", "token"), ("code", "200")));
            Assert.InRange(metrics.Value("defender_scrape_duration_seconds", ("tenant", tenant), ("collector", "configuration_score"))!.Value, 0.0001, 30);
            var lastSuccess = metrics.Value("defender_scrape_last_success_timestamp_seconds", ("tenant", tenant));
            Assert.InRange(lastSuccess!.Value, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
            foreach (var reason in FailureReasons.All)
            {
                Assert.Equal(0, metrics.Value("defender_scrape_errors_total", ("tenant", tenant), ("reason", reason.Label())));
            }
        }

        Assert.Equal(1, metrics.Value("defender_tenant_info", ("tenant", "contoso"), ("tenant_id", contoso.TenantId), ("cloud", "Commercial")));
        Assert.Equal(1, metrics.Value("defender_tenant_info", ("tenant", "fabrikam"), ("tenant_id", "fabrikam.onmicrosoft.com"), ("cloud", "Commercial")));
        var build = Assert.Single(metrics.All("defender_exporter_build_info"));
        Assert.Equal(["revision", "version"], build.Labels.Keys.Order());

        Assert.Equal(ContractTypes, metrics.Types.OrderBy(t => t.Key).ToDictionary());
        Assert.All(ContractTypes.Keys, name => Assert.False(string.IsNullOrWhiteSpace(metrics.Help[name])));
        Assert.All(metrics.Samples, sample => Assert.StartsWith("defender_", sample.Name, StringComparison.Ordinal));
        Assert.DoesNotContain("target_info", metrics.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_scope", metrics.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exposition_passes_promtool_check_metrics_without_warnings()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant));
        var text = await exporter.Http.GetStringAsync("/metrics");

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics: exit {exitCode}: {output}");
    }

    [Fact]
    public async Task OpenMetrics_is_served_when_asked_and_text_format_otherwise()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant));

        using var plain = await exporter.Http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0");
        using var openMetrics = await exporter.Http.SendAsync(request);

        Assert.Equal("text/plain", plain.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version=0.0.4", plain.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/openmetrics-text", openMetrics.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", await openMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> ContractTypes = new()
    {
        ["defender_api_requests_total"] = "counter",
        ["defender_device_secure_score"] = "gauge",
        ["defender_device_secure_score_updated_timestamp_seconds"] = "gauge",
        ["defender_exporter_build_info"] = "gauge",
        ["defender_exporter_shard_info"] = "gauge",
        ["defender_scrape_duration_seconds"] = "gauge",
        ["defender_scrape_errors_total"] = "counter",
        ["defender_scrape_last_success_timestamp_seconds"] = "gauge",
        ["defender_scrapes_total"] = "counter",
        ["defender_tenant_info"] = "gauge",
        ["defender_up"] = "gauge",
    };
}
