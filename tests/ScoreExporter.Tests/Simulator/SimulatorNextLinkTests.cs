using System.Net.Http.Headers;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>
/// Hostile <c>@odata.nextLink</c>s: a foreign host, the same host on another port or scheme, any URL. The request
/// log records the listener and Authorization header of every request, so a test can prove where a token went.
/// </summary>
public sealed class SimulatorNextLinkTests : IAsyncLifetime, IDisposable
{
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.Machines.Count = 5;
        http = new SimulatorHttp(simulator);
        token = await http.TokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_foreign_host_link_keeps_the_page_and_names_evil_example_with_its_port()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NextLink(NextLinkTarget.ForeignHost), times: 1);

        using var page = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=10", https: true);

        Assert.Equal(5, page.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal("https://evil.example:443/api/machines?$top=10&$skip=5", page.RootElement.GetProperty("@odata.nextLink").GetString());
        var record = Assert.Single(simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines));
        Assert.Equal(("https", simulator.HttpsBaseUrl.Port, "Bearer " + token), (record.Scheme, record.Port, record.Authorization));
    }

    [Theory]
    [InlineData(NextLinkTarget.OtherPort, true)]
    [InlineData(NextLinkTarget.OtherPort, false)]
    [InlineData(NextLinkTarget.OtherScheme, true)]
    [InlineData(NextLinkTarget.OtherScheme, false)]
    public async Task A_same_host_link_to_another_listener_is_logged_with_the_token_if_a_client_follows_it(NextLinkTarget target, bool https)
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NextLink(target), times: 1);
        var expected = (target, https) switch
        {
            (NextLinkTarget.OtherPort, true) => simulator.DecoyHttpsBaseUrl,
            (NextLinkTarget.OtherPort, false) => simulator.DecoyHttpBaseUrl,
            (_, true) => simulator.ApiBaseUrl,
            _ => simulator.HttpsBaseUrl,
        };

        using var page = await MachinePages.ReadPageAsync(http, token, "api/machines", https);
        var link = new Uri(page.RootElement.GetProperty("@odata.nextLink").GetString()!);
        Assert.Equal((expected.Scheme, "127.0.0.1", expected.Port, "/api/machines"), (link.Scheme, link.Host, link.Port, link.AbsolutePath));

        // What a client that trusts the link would do: the log shows the token arriving on the other listener.
        using var followed = new HttpRequestMessage(HttpMethod.Get, link);
        followed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.Client.SendAsync(followed)).Dispose();

        var requests = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines);
        Assert.Equal(2, requests.Count);
        Assert.Equal((expected.Scheme, expected.Port, "Bearer " + token), (requests[1].Scheme, requests[1].Port, requests[1].Authorization));
        Assert.NotEqual(requests[0].Port, requests[1].Port);
    }

    [Fact]
    public async Task The_decoy_listeners_are_distinct_from_the_main_ones()
    {
        var ports = new[] { simulator.ApiBaseUrl, simulator.HttpsBaseUrl, simulator.DecoyHttpBaseUrl, simulator.DecoyHttpsBaseUrl }.Select(u => u.Port);

        Assert.Equal(4, ports.Distinct().Count());
        using var decoy = await MachinePages.ReadPageAsync(http, token, new Uri(simulator.DecoyHttpsBaseUrl, "api/machines").ToString());
        Assert.Equal(5, decoy.RootElement.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task A_full_URL_is_used_as_it_is()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NextLink(new Uri("https://127.0.0.1:1/_simulator/requests?steal=1")), times: 1);

        using var page = await MachinePages.ReadPageAsync(http, token, "api/machines");

        Assert.Equal("https://127.0.0.1:1/_simulator/requests?steal=1", page.RootElement.GetProperty("@odata.nextLink").GetString());
    }

    [Fact]
    public async Task A_request_without_a_token_is_logged_without_one()
    {
        (await http.GetScoreAsync(null, path: "api/machines")).Dispose();

        var record = Assert.Single(simulator.Log.Snapshot(), r => r.Kind == RequestKind.Api);
        Assert.Null(record.Authorization);
        Assert.Equal((DefenderEndpoint?)DefenderEndpoint.Machines, record.Endpoint);
        Assert.Equal(401, record.StatusCode);
    }
}
