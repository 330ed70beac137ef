using DefenderSimulator;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;
using ScoreExporter.Endpoints;

namespace ScoreExporter.Hosting;

/// <summary>
/// <c>--demo</c>: an in-process Defender and Graph simulator with three tenants, device groups and devices, reached
/// through the real token and HTTP pipeline with every collector on, so a newcomer sees real values without a Microsoft account.
/// It refuses to mix with real tenants.
/// </summary>
public static class DemoMode
{
    public static readonly string[] TenantNames = ["contoso", "fabrikam", "northwind"];

    /// <summary>The demo polls this often, and the simulator recomputes its scores as often, so every poll shows a change.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Devices page through thousands of machines; every two minutes, and no retries anywhere (the demo's simulator
    /// does not fail), keeps the three scores polled this often, the devices, and the recommendations and antivirus
    /// collectors at their own defaults (hourly, half-hourly) inside the API's per-tenant limits.
    /// </summary>
    public static readonly TimeSpan DevicesPollInterval = TimeSpan.FromMinutes(2);

    /// <summary>The Graph collectors' interval in the demo: the shortest that keeps 10,000 open incidents within Graph's limits.</summary>
    public static readonly TimeSpan GraphPollInterval = TimeSpan.FromMinutes(5);

    public static async Task ConfigureAsync(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection($"{DefenderOptions.SectionName}:Tenants").GetChildren().Any())
        {
            throw new ConfigurationException($"--demo cannot be combined with {DefenderOptions.SectionName}:Tenants: "
                + "remove --demo to poll real tenants, or remove the tenants to run the demo.");
        }

        // Started now, not with the host: the exporter's settings need the simulator's addresses and certificate.
        var simulator = await SimulatorServer.StartAsync().ConfigureAwait(false);
        var settings = new Dictionary<string, string?>
        {
            [$"{DefenderOptions.SectionName}:ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            [$"{DefenderOptions.SectionName}:AuthorityHost"] = simulator.AuthorityHost.ToString(),
            [$"{DefenderOptions.SectionName}:PollInterval"] = PollInterval.ToString("c"),
            [$"{DefenderOptions.SectionName}:MaxRetries"] = "0",
            [$"{DefenderOptions.SectionName}:Collectors:Devices:Enabled"] = "true",
            [$"{DefenderOptions.SectionName}:Collectors:Devices:PollInterval"] = DevicesPollInterval.ToString("c"),
            [$"{DefenderOptions.SectionName}:Collectors:Recommendations:Enabled"] = "true",
            [$"{DefenderOptions.SectionName}:Collectors:Antivirus:Enabled"] = "true",

            // Graph, served by the same simulator: Microsoft Secure Score with its per-control series, and incidents.
            [$"{DefenderOptions.SectionName}:GraphBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            [$"{DefenderOptions.SectionName}:Collectors:SecureScore:Enabled"] = "true",
            [$"{DefenderOptions.SectionName}:Collectors:SecureScore:PerControl"] = "true",
            [$"{DefenderOptions.SectionName}:Collectors:SecureScore:PollInterval"] = GraphPollInterval.ToString("c"),
            [$"{DefenderOptions.SectionName}:Collectors:Incidents:Enabled"] = "true",
            [$"{DefenderOptions.SectionName}:Collectors:Incidents:PollInterval"] = GraphPollInterval.ToString("c"),
        };
        for (var i = 0; i < TenantNames.Length; i++)
        {
            var tenantId = Guid.CreateVersion7().ToString();
            var clientId = Guid.CreateVersion7().ToString();
            var secret = $"demo-secret-{Guid.NewGuid():N}";
            var tenant = simulator.AddTenant(tenantId, clientId, secret, score: 420 + (130 * i));
            tenant.EnableDrift(PollInterval);
            DemoPosture.Apply(tenant, i);
            var prefix = $"{DefenderOptions.SectionName}:Tenants:{i}";
            settings[$"{prefix}:Name"] = TenantNames[i];
            settings[$"{prefix}:TenantId"] = tenantId;
            settings[$"{prefix}:ClientId"] = clientId;
            settings[$"{prefix}:ClientSecret"] = secret;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(simulator);
        builder.Services.AddSingleton(new PinnedCertificates().Add(simulator.TlsCertificate));
        builder.Services.AddSingleton(new DemoBanner());

        // First among the hosted services, so it stops last: the poller is done with the simulator before it goes.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(_ => new DemoSimulatorLifetime(simulator)));
    }
}
