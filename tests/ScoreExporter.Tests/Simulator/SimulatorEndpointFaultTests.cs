using System.Net;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>Faults aimed at one endpoint: the others keep answering, and every fault kind can be aimed.</summary>
public sealed class SimulatorEndpointFaultTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Paths = ["api/configurationScore", "api/exposureScore", "api/exposureScore/ByMachineGroups", "api/machines"];

    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.AddDeviceGroup("Servers", id: 1);
        tenant.Machines.Count = 30;
        http = new SimulatorHttp(simulator, timeout: TimeSpan.FromSeconds(10));
        token = await http.TokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Forbidden_on_machines_only_names_the_missing_permission_and_the_scores_still_answer()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Forbidden("Machine.ReadWrite.All, Machine.Read.All"));

        var statuses = await StatusesAsync();

        Assert.Equal([200, 200, 200, 403], statuses);
        using var forbidden = await http.GetScoreAsync(token, path: "api/machines");
        using var body = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync());
        Assert.Equal("Forbidden", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Machine.Read.All", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_endpoint_can_be_targeted_alone()
    {
        foreach (var endpoint in DefenderEndpoints.All)
        {
            tenant.ClearApiFaults();
            tenant.SetApiFault(endpoint, ApiFault.Status(503));

            var statuses = await StatusesAsync();

            Assert.Equal(Paths.Select(p => p == endpoint.Path()[1..] ? 503 : 200), statuses);
        }
    }

    [Fact]
    public async Task A_targeted_fault_wins_over_the_tenant_wide_one_and_counts_its_own_requests()
    {
        tenant.SetApiFault(ApiFault.Status(500));
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.TooManyRequests(9), times: 2);

        var first = await StatusesAsync();
        var second = await StatusesAsync();
        var third = await StatusesAsync();
        tenant.ClearApiFaults();
        var cleared = await StatusesAsync();

        Assert.Equal([500, 500, 500, 429], first);
        Assert.Equal([500, 500, 500, 429], second);
        Assert.Equal([500, 500, 500, 500], third);
        Assert.Equal([200, 200, 200, 200], cleared);
    }

    [Fact]
    public async Task No_machines_can_be_forced_whatever_the_count()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.NoMachines(), times: 1);

        using var response = await http.GetScoreAsync(token, path: "api/machines");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(30, (await MachinePages.ReadAllAsync(http, token)).Count);
    }

    [Fact]
    public async Task Throttle_reset_hang_oversized_gzip_and_body_can_be_aimed_at_machines()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.TooManyRequests(30), times: 1);
        using (var throttled = await http.GetScoreAsync(token, path: "api/machines"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter?.Delta);
        }

        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.ResetMidBody(), times: 1);
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var response = await http.GetScoreAsync(token, path: "api/machines");
            await response.Content.ReadAsStringAsync();
        });

        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Hang(), times: 1);
        using (var impatient = new SimulatorHttp(simulator, timeout: TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetScoreAsync(token, path: "api/machines"));
        }

        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Oversized(3 * 1024 * 1024), times: 1);
        using (var oversized = await http.GetScoreAsync(token, path: "api/machines"))
        {
            Assert.Equal(3 * 1024 * 1024, (await oversized.Content.ReadAsByteArrayAsync()).Length);
        }

        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Gzip(), times: 1);
        using (var decompressing = new SimulatorHttp(simulator, decompress: true))
        {
            using var page = await MachinePages.ReadPageAsync(decompressing, token, "api/machines");
            Assert.Equal(30, page.RootElement.GetProperty("value").GetArrayLength());
        }

        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.Body("""{"value":"not an array"}"""), times: 1);
        using (var body = await http.GetScoreAsync(token, path: "api/machines"))
        {
            Assert.Equal("""{"value":"not an array"}""", await body.Content.ReadAsStringAsync());
        }

        Assert.Equal([429, 0, 0, 200, 200, 200], simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Select(r => r.StatusCode));
        Assert.Equal(0, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.ConfigurationScore));
    }

    [Fact]
    public async Task A_slow_drip_on_the_group_scores_still_delivers_a_valid_body()
    {
        tenant.SetApiFault(DefenderEndpoint.ExposureScoreByMachineGroups, ApiFault.SlowDrip(TimeSpan.FromMilliseconds(1)), times: 1);

        using var response = await http.GetScoreAsync(token, path: "api/exposureScore/ByMachineGroups");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Servers", body.RootElement.GetProperty("value")[0].GetProperty("rbacGroupName").GetString());
    }

    [Fact]
    public async Task A_huge_page_ignores_top_and_holds_every_machine_asked_for()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.HugePage(12_000), times: 1);

        using var page = await MachinePages.ReadPageAsync(http, token, "api/machines?$top=10");

        Assert.Equal(12_000, page.RootElement.GetProperty("value").GetArrayLength());
        Assert.False(page.RootElement.TryGetProperty("@odata.nextLink", out _));
    }

    [Theory]
    [InlineData(DefenderEndpoint.Machines, "computerDnsName")]
    [InlineData(DefenderEndpoint.ExposureScoreByMachineGroups, "rbacGroupName")]
    public async Task A_huge_field_is_valid_JSON_with_one_string_that_long(DefenderEndpoint endpoint, string field)
    {
        const int Bytes = 5 * 1024 * 1024;
        tenant.SetApiFault(endpoint, ApiFault.HugeField(Bytes), times: 1);

        using var page = await MachinePages.ReadPageAsync(http, token, endpoint.Path()[1..]);

        var item = Assert.Single(page.RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal(Bytes, item.GetProperty(field).GetString()!.Length);
    }

    [Fact]
    public async Task Hostile_cardinality_sends_thousands_of_distinct_hostile_label_values()
    {
        tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.HostileCardinality(items: 3000, stringLength: 300));
        tenant.SetApiFault(DefenderEndpoint.ExposureScoreByMachineGroups, ApiFault.HostileCardinality(items: 2000, stringLength: 300));

        using var machines = await MachinePages.ReadPageAsync(http, token, "api/machines");
        using var groups = await MachinePages.ReadPageAsync(http, token, "api/exposureScore/ByMachineGroups");

        var values = machines.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(3000, values.Count);
        foreach (var field in new[] { "rbacGroupName", "osPlatform", "healthStatus", "onboardingStatus", "riskScore", "exposureLevel" })
        {
            var distinct = values.Select(m => m.GetProperty(field).GetString()!).Distinct().ToList();
            Assert.Equal(3000, distinct.Count);
            Assert.All(distinct, v => Assert.True(v.Length >= 300 && v.Any(char.IsControl), $"{field} is not hostile"));
        }

        Assert.Equal(3000, values.Select(m => m.GetProperty("rbacGroupId").GetInt32()).Distinct().Count());
        var groupNames = groups.RootElement.GetProperty("value").EnumerateArray().Select(g => g.GetProperty("rbacGroupName").GetString()!).ToList();
        Assert.Equal(2000, groupNames.Distinct().Count());
        Assert.All(groupNames, n => Assert.Contains('\u0000', n));
    }

    [Fact]
    public async Task Score_endpoints_ignore_faults_that_only_mean_something_for_lists()
    {
        tenant.SetApiFault(ApiFault.HugePage(5));

        using var score = await MachinePages.ReadPageAsync(http, token, "api/configurationScore");

        Assert.True(score.RootElement.TryGetProperty("score", out _));
    }

    private async Task<List<int>> StatusesAsync()
    {
        var statuses = new List<int>();
        foreach (var path in Paths)
        {
            using var response = await http.GetScoreAsync(token, path: path);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }
}
