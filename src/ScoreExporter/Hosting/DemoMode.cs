using DefenderSimulator;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Hosting;

/// <summary>
/// <c>--demo</c>: an in-process Defender simulator with three tenants, reached through the real token and HTTP
/// pipeline, so a newcomer sees real values without a Microsoft account. It refuses to mix with real tenants.
/// </summary>
public static class DemoMode
{
    public const string Banner = "DEMO MODE: scores come from a built-in simulator, not from Microsoft Defender.";

    public static readonly string[] TenantNames = ["contoso", "fabrikam", "northwind"];

    public static void Configure(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection($"{DefenderOptions.SectionName}:Tenants").GetChildren().Any())
        {
            throw new ConfigurationException($"--demo cannot be combined with {DefenderOptions.SectionName}:Tenants: "
                + "remove --demo to poll real tenants, or remove the tenants to run the demo.");
        }

        var simulator = SimulatorServer.StartAsync().GetAwaiter().GetResult();
        var settings = new Dictionary<string, string?>
        {
            [$"{DefenderOptions.SectionName}:ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            [$"{DefenderOptions.SectionName}:AuthorityHost"] = simulator.AuthorityHost.ToString(),
            [$"{DefenderOptions.SectionName}:PollInterval"] = "00:00:10",
        };
        for (var i = 0; i < TenantNames.Length; i++)
        {
            var tenantId = Guid.CreateVersion7().ToString();
            var clientId = Guid.CreateVersion7().ToString();
            var secret = $"demo-secret-{Guid.NewGuid():N}";
            simulator.AddTenant(tenantId, clientId, secret, score: 420 + (130 * i));
            var prefix = $"{DefenderOptions.SectionName}:Tenants:{i}";
            settings[$"{prefix}:Name"] = TenantNames[i];
            settings[$"{prefix}:TenantId"] = tenantId;
            settings[$"{prefix}:ClientId"] = clientId;
            settings[$"{prefix}:ClientSecret"] = secret;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(simulator);
        builder.Services.AddSingleton(new PinnedCertificates().Add(simulator.TlsCertificate));
        builder.Services.AddSingleton(new DemoMarker());
    }
}
