using System.Net;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>Each surface takes only its own token: a Defender token is refused by Graph and back, and the log shows which audience went where.</summary>
public sealed class SimulatorAudienceTests : IAsyncLifetime, IDisposable
{
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        http = new SimulatorHttp(simulator);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_Defender_token_on_Graph_is_an_InvalidAuthenticationToken_401()
    {
        var defender = await http.TokenAsync(tenant);

        using var body = await http.GetJsonAsync(defender, "v1.0/security/secureScores?$top=1", HttpStatusCode.Unauthorized);

        var error = body.RootElement.GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Contains("Invalid audience", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", error.GetProperty("innerError").GetProperty("date").GetString());
        var record = Assert.Single(simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.SecureScores));
        Assert.Equal((ApiSurface.Graph, "https://api.securitycenter.microsoft.com", 401), (record.Surface!.Value, record.Audience, record.StatusCode));
    }

    [Fact]
    public async Task A_Graph_token_on_the_Defender_API_is_a_Defender_401()
    {
        var graph = await http.GraphTokenAsync(tenant);

        using var body = await http.GetJsonAsync(graph, "api/configurationScore", HttpStatusCode.Unauthorized);

        Assert.Equal("Unauthorized", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.True(body.RootElement.GetProperty("error").TryGetProperty("target", out _));
        var record = Assert.Single(simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.ConfigurationScore));
        Assert.Equal((ApiSurface.Defender, "https://graph.microsoft.com"), (record.Surface!.Value, record.Audience));
    }

    [Fact]
    public async Task Token_requests_are_counted_per_audience_and_each_surface_takes_its_own()
    {
        var defender = await http.TokenAsync(tenant);
        var graph = await http.GraphTokenAsync(tenant);
        await http.GraphTokenAsync(tenant);

        using (await http.GetJsonAsync(defender, "api/configurationScore"))
        using (await http.GetJsonAsync(graph, "v1.0/security/secureScores?$top=1"))
        {
        }

        Assert.Equal(1, simulator.Log.CountTokenRequests(tenant.TenantId, "https://api.securitycenter.microsoft.com"));
        Assert.Equal(2, simulator.Log.CountTokenRequests(tenant.TenantId, "https://graph.microsoft.com"));
        Assert.Equal((1, 1), (simulator.Log.Count(tenant.TenantId, ApiSurface.Defender), simulator.Log.Count(tenant.TenantId, ApiSurface.Graph)));
        Assert.All(simulator.Log.Requests(tenant.TenantId).Where(r => r.Kind == RequestKind.Api), r =>
            Assert.Equal(r.Surface == ApiSurface.Graph ? "https://graph.microsoft.com" : "https://api.securitycenter.microsoft.com", r.Audience));
    }

    [Fact]
    public async Task US_Government_scopes_are_granted_when_configured_and_name_their_audience()
    {
        await using var gov = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            AcceptedScope = "https://api-gov.securitycenter.microsoft.us/.default",
            AcceptedGraphScope = "https://graph.microsoft.us/.default",
        });
        var govTenant = gov.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var govHttp = new SimulatorHttp(gov);

        using var commercial = await govHttp.RequestTokenAsync(govTenant.TenantId, govTenant.ClientId, "s", SimulatorHttp.GraphScope);
        var graph = await govHttp.TokenAsync(govTenant, "https://graph.microsoft.us/.default");
        using var ok = await govHttp.GetJsonAsync(graph, "v1.0/security/secureScores?$top=1");

        Assert.Equal(HttpStatusCode.BadRequest, commercial.StatusCode);
        Assert.Equal(1, gov.Log.CountTokenRequests(govTenant.TenantId, "https://graph.microsoft.us"));
        Assert.Equal("https://graph.microsoft.us", Assert.Single(gov.Log.Requests(govTenant.TenantId, DefenderEndpoint.SecureScores)).Audience);
    }

    [Fact]
    public async Task A_surface_fault_fails_Graph_only_with_Graph_403()
    {
        tenant.SetApiFault(ApiSurface.Graph, ApiFault.Forbidden("SecurityEvents.Read.All"));
        var graph = await http.GraphTokenAsync(tenant);
        var defender = await http.TokenAsync(tenant);

        using var refused = await http.GetJsonAsync(graph, "v1.0/security/secureScoreControlProfiles", HttpStatusCode.Forbidden);
        using var fine = await http.GetJsonAsync(defender, "api/configurationScore");

        Assert.Equal("Authorization_RequestDenied", refused.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Graph_429_carries_Retry_After_and_the_client_request_id_comes_back()
    {
        tenant.SetApiFault(DefenderEndpoint.SecureScores, ApiFault.TooManyRequests(7), times: 1);
        var graph = await http.GraphTokenAsync(tenant);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.ApiBaseUrl, "v1.0/security/secureScores?$top=1"));
        request.Headers.Authorization = new("Bearer", graph);
        request.Headers.Add("client-request-id", "abc-123");

        using var response = await http.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("abc-123", response.Headers.GetValues("client-request-id").Single());
        Assert.Contains("\"client-request-id\":\"abc-123\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
