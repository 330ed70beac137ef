using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary><c>GET /api/exposureScore/ByMachineGroups</c>: one score per device group, groups added and removed.</summary>
public sealed class SimulatorDeviceGroupTests
{
    private static readonly string[] GroupNames = ["Servers", "Workstations", "Lab"];

    [Fact]
    public async Task Group_scores_have_the_documented_shape()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2019, 12, 3, 9, 51, 28, TimeSpan.Zero).AddTicks(2143380));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.AddDeviceGroup("GroupOne", id: 10).SetScore(41.38041766305988);
        tenant.AddDeviceGroup("GroupTwo").SetScore(37.403726933165366);
        using var http = new SimulatorHttp(simulator);

        using var response = await http.GetScoreAsync(await http.TokenAsync(tenant), path: "api/exposureScore/ByMachineGroups");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#ExposureScore","value":[{"time":"2019-12-03T09:51:28.2143380Z","score":41.38041766305988,"rbacGroupName":"GroupOne","rbacGroupId":10},{"time":"2019-12-03T09:51:28.2143380Z","score":37.403726933165366,"rbacGroupName":"GroupTwo"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Group_ids_come_as_numbers_on_some_groups_and_strings_on_others()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        foreach (var (name, i) in GroupNames.Select((n, i) => (n, i)))
        {
            tenant.AddDeviceGroup(name, id: 101 + i);
        }

        using var http = new SimulatorHttp(simulator);
        using var body = await http.GetJsonAsync(await http.TokenAsync(tenant), "api/exposureScore/ByMachineGroups");

        var ids = body.RootElement.GetProperty("value").EnumerateArray().Select(g => g.GetProperty("rbacGroupId")).ToList();
        Assert.Equal([JsonValueKind.Number, JsonValueKind.String, JsonValueKind.Number], ids.Select(i => i.ValueKind));
        Assert.Equal(["101", "102", "103"], ids.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText()));
    }

    [Fact]
    public async Task Each_group_drifts_on_its_own_within_0_to_100_and_time_is_the_time_of_the_call()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        var groups = GroupNames.Select((name, i) => tenant.AddDeviceGroup(name, id: i + 1)).ToList();

        var seen = groups.ToDictionary(g => g.Name, _ => new HashSet<double>());
        for (var i = 0; i < 48; i++)
        {
            foreach (var group in groups)
            {
                var (score, at) = group.CurrentScore;
                Assert.InRange(score, 0, 100);
                Assert.Equal(time.GetUtcNow(), at);
                seen[group.Name].Add(score);
            }

            time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.All(seen.Values, scores => Assert.True(scores.Count > 10, $"only {scores.Count} distinct scores in four hours"));
        Assert.Equal(3, groups.Select(g => g.CurrentScore.Score).Distinct().Count());
    }

    [Fact]
    public async Task A_removed_group_disappears_from_the_answer_and_a_tenant_without_groups_gets_an_empty_list()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.AddDeviceGroup("Servers", id: 1);
        tenant.AddDeviceGroup("Lab", id: 2);
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        var before = await NamesAsync(http, token);
        Assert.True(tenant.RemoveDeviceGroup("Lab"));
        Assert.False(tenant.RemoveDeviceGroup("Lab"));
        var after = await NamesAsync(http, token);
        tenant.ClearDeviceGroups();
        var none = await NamesAsync(http, token);

        Assert.Equal(["Servers", "Lab"], before);
        Assert.Equal(["Servers"], after);
        Assert.Empty(none);
        Assert.Throws<ArgumentException>(() =>
        {
            tenant.AddDeviceGroup("Twice");
            tenant.AddDeviceGroup("Twice");
        });
    }

    [Fact]
    public async Task Group_scores_and_machines_share_the_tenant_token_and_are_logged_per_endpoint()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        foreach (var path in new[] { "api/configurationScore", "api/exposureScore", "api/exposureScore/ByMachineGroups", "api/exposureScore/ByMachineGroups" })
        {
            (await http.GetScoreAsync(token, path: path)).Dispose();
        }

        Assert.Equal(1, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.ConfigurationScore));
        Assert.Equal(1, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.ExposureScore));
        Assert.Equal(2, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.ExposureScoreByMachineGroups));
        Assert.Equal(0, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Machines));
        Assert.Equal(4, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
    }

    private static async Task<List<string>> NamesAsync(SimulatorHttp http, string token)
    {
        using var response = await http.GetScoreAsync(token, path: "api/exposureScore/ByMachineGroups");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("value").EnumerateArray()
            .Select(g => g.GetProperty("rbacGroupName").GetString()!)
            .ToList();
    }
}
