using System.Net;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary><c>/api/recommendations</c>: every documented value, <c>$top</c>/<c>$skip</c> pages, never a nextLink, hostile names.</summary>
public sealed class SimulatorRecommendationsTests : IAsyncLifetime, IDisposable
{
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        http = new SimulatorHttp(simulator);
        token = await http.TokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Hundreds_of_recommendations_by_default_cover_every_category_type_and_status()
    {
        using var body = await http.GetJsonAsync(token, "api/recommendations");

        var items = body.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.InRange(items.Count, 150, 499);
        Assert.Equal(tenant.Recommendations.Count, items.Count);
        Assert.False(body.RootElement.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal(["Accounts", "Application", "Network", "OS", "SecurityControls"], items.Select(i => i.GetProperty("recommendationCategory").GetString()).Distinct().Order());
        Assert.Equal(["ConfigurationChange", "Uninstall", "Update", "Upgrade"], items.Select(i => i.GetProperty("remediationType").GetString()).Distinct().Order());
        Assert.Equal(["Active", "Exception"], items.Select(i => i.GetProperty("status").GetString()).Distinct().Order());
        Assert.Equal([false, true], items.Select(i => i.GetProperty("publicExploit").GetBoolean()).Distinct().Order());
        Assert.Contains(items, i => i.GetProperty("exposedMachinesCount").GetInt32() == 0);
        Assert.Contains(items, i => i.GetProperty("configScoreImpact").GetDouble() is > 0 and not 1 and not 2);
        Assert.All(items, i => Assert.Equal(JsonValueKind.Number, i.GetProperty("exposureImpact").ValueKind));
        Assert.Equal(items.Count, items.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_small_page_size_forces_skip_pages_that_add_up_without_a_nextLink()
    {
        tenant.Recommendations.Count = 450;
        tenant.Recommendations.PageSize = 200;
        using var whole = await http.GetJsonAsync(token, "api/recommendations?$top=10000");
        Assert.Equal(200, whole.RootElement.GetProperty("value").GetArrayLength());

        var ids = new List<string>();
        for (var skip = 0; ; skip += 200)
        {
            using var page = await http.GetJsonAsync(token, $"api/recommendations?$top=200&$skip={skip}");
            Assert.False(page.RootElement.TryGetProperty("@odata.nextLink", out _));
            var values = page.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
            ids.AddRange(values);
            if (values.Count < 200)
            {
                break;
            }
        }

        Assert.Equal(450, ids.Distinct().Count());
    }

    [Fact]
    public async Task Hostile_names_carry_control_characters_and_markup_and_a_403_names_the_permission()
    {
        tenant.SetApiFault(DefenderEndpoint.Recommendations, ApiFault.HostileCardinality(items: 30, stringLength: 5_000), times: 1);
        using var hostile = await http.GetJsonAsync(token, "api/recommendations");
        var names = hostile.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("recommendationName").GetString()!).ToList();
        Assert.Equal(30, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length >= 5_000 && n.Contains('\0', StringComparison.Ordinal) && n.Contains("<b>", StringComparison.Ordinal)));

        tenant.SetApiFault(DefenderEndpoint.Recommendations, ApiFault.Forbidden("SecurityRecommendation.Read.All"), times: 1);
        using var refused = await http.GetJsonAsync(token, "api/recommendations", HttpStatusCode.Forbidden);
        Assert.Contains("SecurityRecommendation.Read.All", refused.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
