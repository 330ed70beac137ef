using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Auth;

/// <summary>
/// Tenants signing in with one app registration (credential keys set once under <c>Defender:</c>) share one
/// Azure.Identity credential, through the real pipeline against the simulator: still one token per tenant, each
/// counted for its tenant, a rejected token dropped for its tenant only, and a rotated secret file picked up.
/// </summary>
public sealed class SharedCredentialTests
{
    private const string ClientId = "7b1c0e52-2f0a-4c55-9a4e-3f0e5f7d1a10";

    [Fact]
    public async Task Tenants_of_one_app_registration_share_a_credential_and_each_get_one_token_of_their_own()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenants = AddTenants(simulator, "shared-secret", 3);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenants, secret: "shared-secret"), time);

        foreach (var (name, _, _) in tenants)
        {
            await exporter.AdvanceUntilAsync(name, 4);
        }

        var source = exporter.Tenant("t0").Credential.Source;
        Assert.True(source.ServesManyTenants);
        var metrics = await exporter.ScrapeAsync();
        foreach (var (name, tenant, score) in tenants)
        {
            Assert.Same(source, exporter.Tenant(name).Credential.Source);
            Assert.Equal(1, tenant.TokenRequestCount); // asked for in its own tenant, once
            Assert.Equal(score, metrics.Value("defender_device_secure_score", ("tenant", name)));
            Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", name), ("endpoint", "token"), ("code", "200")));
            Assert.InRange(tenant.ApiRequestCount, 4, 5);
        }
    }

    [Fact]
    public async Task Tenants_in_another_cloud_do_not_share_the_credential_of_the_same_app_registration()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenants = AddTenants(simulator, "shared-secret", 3);
        var settings = Settings(tenants, secret: "shared-secret");
        settings["Defender:Tenants:2:Cloud"] = "UsGovGccHigh";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var commercial = exporter.Tenant("t0").Credential.Source;
        Assert.Same(commercial, exporter.Tenant("t1").Credential.Source);
        Assert.NotSame(commercial, exporter.Tenant("t2").Credential.Source);
        Assert.False(exporter.Tenant("t2").Credential.Source.ServesManyTenants);
        Assert.All(tenants, t => Assert.True(exporter.Score(t.Name).Snapshot.Up, exporter.Score(t.Name).Snapshot.LastFailureDetail));
    }

    [Fact]
    public async Task A_token_the_api_rejects_is_replaced_for_its_tenant_only()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenants = AddTenants(simulator, "shared-secret", 2);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenants, secret: "shared-secret"), time);
        var (rejected, kept) = (tenants[0].Tenant, tenants[1].Tenant);

        rejected.SetApiFault(ApiFault.Unauthorized(), times: 1);
        await exporter.PollOnceAsync("t0");
        await exporter.PollOnceAsync("t0");
        await exporter.AdvanceUntilAsync("t1", 3);

        Assert.Equal(2, rejected.TokenRequestCount);
        Assert.Equal(1, kept.TokenRequestCount);
        Assert.True(exporter.Score("t0").Snapshot.Up, exporter.Score("t0").Snapshot.LastFailureDetail);
        Assert.True(exporter.Score("t1").Snapshot.Up);
        Assert.NotSame(exporter.Tenant("t1").Credential.Source, exporter.Tenant("t0").Credential.Source);
        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(2, metrics.Value("defender_api_requests_total", ("tenant", "t0"), ("endpoint", "token"), ("code", "200")));
        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "t1"), ("endpoint", "token"), ("code", "200")));
    }

    [Fact]
    public async Task A_rotated_shared_secret_file_is_picked_up_without_restart()
    {
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenants = AddTenants(simulator, "first-secret", 2);
        var secretFile = temp.File("client-secret");
        File.WriteAllText(secretFile, "first-secret\n");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, Settings(tenants, secretFile: secretFile), time);
        Assert.True(exporter.Tenant("t0").Credential.Source.ServesManyTenants);

        foreach (var (_, tenant, _) in tenants)
        {
            tenant.ClientSecret = "second-secret";
            tenant.RevokeIssuedTokens();
        }

        File.WriteAllText(secretFile, "second-secret\n");
        await exporter.PollOnceAsync("t0");
        await exporter.PollOnceAsync("t1");

        foreach (var (name, tenant, _) in tenants)
        {
            Assert.True(exporter.Score(name).Snapshot.Up, exporter.Score(name).Snapshot.LastFailureDetail);
            Assert.Equal(2, tenant.TokenRequestCount);
        }
    }

    private static List<(string Name, SimulatedTenant Tenant, double Score)> AddTenants(SimulatorServer simulator, string secret, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), ClientId, secret);
            var score = 100 + i;
            tenant.SetScore(score, DateTimeOffset.UtcNow);
            return ($"t{i}", tenant, (double)score);
        }).ToList();

    private static Dictionary<string, string?> Settings(List<(string Name, SimulatedTenant Tenant, double Score)> tenants, string? secret = null, string? secretFile = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Defender:ClientId"] = ClientId,
            ["Defender:ClientSecret"] = secret,
            ["Defender:ClientSecretFile"] = secretFile,
        };
        for (var i = 0; i < tenants.Count; i++)
        {
            settings[$"Defender:Tenants:{i}:Name"] = tenants[i].Name;
            settings[$"Defender:Tenants:{i}:TenantId"] = tenants[i].Tenant.TenantId;
        }

        return settings;
    }
}
