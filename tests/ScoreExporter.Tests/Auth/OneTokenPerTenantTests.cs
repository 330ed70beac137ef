using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Auth;

/// <summary>A tenant's collectors all poll on start, at once; they still cost one token request, not one each.</summary>
public sealed class OneTokenPerTenantTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Collectors_polling_at_once_share_one_token_request(bool sharedAppRegistration)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        const string ClientId = "0f3f6a8e-52b1-4a5e-8f3a-6d1c2b9e7a41";
        var tenants = Enumerable.Range(0, 2).Select(_ => simulator.AddTenant(Guid.NewGuid().ToString(), sharedAppRegistration ? ClientId : Guid.NewGuid().ToString(), "secret")).ToArray();
        var settings = new Dictionary<string, string?>
        {
            ["Defender:Collectors:ExposureScore:Enabled"] = "true",
            ["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "true",
            ["Defender:PollInterval"] = "00:01:00",
            ["Defender:ClientSecret"] = "secret",
            ["Defender:ClientId"] = ClientId,
        };
        for (var i = 0; i < tenants.Length; i++)
        {
            settings[$"Defender:Tenants:{i}:Name"] = $"t{i}";
            settings[$"Defender:Tenants:{i}:TenantId"] = tenants[i].TenantId;
            if (!sharedAppRegistration)
            {
                settings[$"Defender:Tenants:{i}:ClientId"] = tenants[i].ClientId;
                settings[$"Defender:Tenants:{i}:ClientSecret"] = "secret";
            }
        }

        await using var exporter = await TestExporter.StartAsync(simulator, settings, new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Equal(sharedAppRegistration, exporter.Tenant("t0").Credential.Source.ServesManyTenants);
        foreach (var (tenant, index) in tenants.Select((t, i) => (t, i)))
        {
            Assert.Equal(3, exporter.Tenant($"t{index}").Collectors.Count(c => c.CompletedPolls == 1));
            Assert.Equal(1, tenant.TokenRequestCount);
        }
    }
}
