using System.Collections.Concurrent;
using DefenderSimulator;
using ScoreExporter.Polling;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Auth;

/// <summary>
/// A provider with commercial and government customers runs one process: each tenant signs in on its own cloud's
/// host and asks for its own cloud's token audiences, the Defender API's and Graph's.
/// </summary>
public sealed class PerTenantCloudTests
{
    [Fact]
    public async Task Two_tenants_in_two_clouds_each_ask_their_own_sign_in_host_for_their_own_scope()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var commercial = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var government = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret-2");
        var seen = new ConcurrentBag<(string Host, string Path, string Scope)>();
        var settings = TestExporter.TenantSettings(0, "contoso", commercial);
        foreach (var (key, value) in TestExporter.TenantSettings(1, "agency", government))
        {
            settings[key] = value;
        }

        settings["Defender:Tenants:1:Cloud"] = "UsGovGccHigh";
        settings["Defender:Collectors:SecureScore:Enabled"] = "true";

        // No AuthorityHost override: the clouds' real sign-in hosts are asked for, and answered by the simulator.
        settings["Defender:AuthorityHost"] = null;
        await using var exporter = await TestExporter.StartAsync(simulator, settings, services: services => services
            .AddHttpClient(ScoreExporter.Auth.TenantCredentials.TokenClientName)
            .AddHttpMessageHandler(() => new SignInRecorder(simulator.AuthorityHost, seen)));

        var metrics = await exporter.ScrapeAsync();

        Assert.True(1 == metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "configuration_score")), exporter.Score("contoso").Snapshot.LastFailureDetail);
        Assert.True(1 == metrics.Value("defender_up", ("tenant", "agency"), ("collector", "configuration_score")), exporter.Score("agency").Snapshot.LastFailureDetail);
        Assert.True(1 == metrics.Value("defender_up", ("tenant", "agency"), ("collector", "secure_score")), exporter.Collector("agency", "secure_score").Snapshot.LastFailureDetail);
        Assert.Equal("UsGovGccHigh", metrics.All("defender_tenant_info", ("tenant", "agency")).Single().Labels["cloud"]);
        var tokens = seen.Where(s => s.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)).ToArray();
        Assert.Contains(tokens, t => t.Host == "login.microsoftonline.com" && t.Path.StartsWith($"/{commercial.TenantId}/", StringComparison.Ordinal)
            && t.Scope == "https://api.securitycenter.microsoft.com/.default");
        Assert.Contains(tokens, t => t.Host == "login.microsoftonline.us" && t.Path.StartsWith($"/{government.TenantId}/", StringComparison.Ordinal)
            && t.Scope == "https://api-gov.securitycenter.microsoft.us/.default");
        Assert.Contains(tokens, t => t.Host == "login.microsoftonline.com" && t.Path.StartsWith($"/{commercial.TenantId}/", StringComparison.Ordinal)
            && t.Scope == "https://graph.microsoft.com/.default");
        Assert.Contains(tokens, t => t.Host == "login.microsoftonline.us" && t.Path.StartsWith($"/{government.TenantId}/", StringComparison.Ordinal)
            && t.Scope == "https://graph.microsoft.us/.default");
        Assert.DoesNotContain(tokens, t => t.Path.Contains(government.TenantId, StringComparison.Ordinal) && t.Host != "login.microsoftonline.us");
        Assert.DoesNotContain(tokens, t => t.Path.Contains(commercial.TenantId, StringComparison.Ordinal) && t.Host != "login.microsoftonline.com");
    }

    /// <summary>
    /// Notes which sign-in host and scope each request was for, then hands it to the simulator; instance discovery is
    /// answered here for the host asked, as Entra would (the simulator can only name itself).
    /// </summary>
    private sealed class SignInRecorder(Uri simulator, ConcurrentBag<(string Host, string Path, string Scope)> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var original = request.RequestUri!;
            var form = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var scope = form.Split('&').Select(Uri.UnescapeDataString).FirstOrDefault(p => p.StartsWith("scope=", StringComparison.Ordinal))?["scope=".Length..] ?? string.Empty;
            seen.Add((original.Host, original.AbsolutePath, scope.Replace('+', ' ')));
            if (original.AbsolutePath == "/common/discovery/instance")
            {
                var host = original.Host;
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent(
                        $$"""{"tenant_discovery_endpoint":"https://{{host}}/common/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"{{host}}","preferred_cache":"{{host}}","aliases":["{{host}}"]}]}""",
                        System.Text.Encoding.UTF8,
                        "application/json"),
                };
            }

            request.RequestUri = new Uri(simulator, original.PathAndQuery);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
