using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The control API's device group, machine, per-endpoint fault and demo routes, as another process uses them.</summary>
public sealed class SimulatorPostureControlApiTests : IAsyncLifetime, IDisposable
{
    private SimulatorServer simulator = null!;
    private SimulatorHttp http = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        http = new SimulatorHttp(simulator);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Device_groups_are_replaced_added_listed_and_removed()
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");

        using var replaced = await http.Client.PutAsJsonAsync(Control($"tenants/{tenant.TenantId}/groups"), new object[] { new { name = "Servers", id = 1, score = 55.5, drift = false }, new { name = "Lab" } });
        using var added = await http.Client.PostAsJsonAsync(Control($"tenants/{tenant.TenantId}/groups"), new { name = "Kiosks", id = 3 });
        using var duplicate = await http.Client.PostAsJsonAsync(Control($"tenants/{tenant.TenantId}/groups"), new { name = "Kiosks" });
        using var removed = await http.Client.DeleteAsync(Control($"tenants/{tenant.TenantId}/groups/Lab"));
        using var removedAgain = await http.Client.DeleteAsync(Control($"tenants/{tenant.TenantId}/groups/Lab"));
        using var listed = JsonDocument.Parse(await http.Client.GetStringAsync(Control($"tenants/{tenant.TenantId}/groups")));

        Assert.Equal(
            [HttpStatusCode.NoContent, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.NoContent, HttpStatusCode.NotFound],
            new[] { replaced, added, duplicate, removed, removedAgain }.Select(r => r.StatusCode));
        Assert.Equal(["Servers:1:55.5", "Kiosks:3"], listed.RootElement.EnumerateArray().Select(g =>
            g.GetProperty("name").GetString() + ":" + g.GetProperty("id") + (g.GetProperty("name").GetString() == "Servers" ? ":" + g.GetProperty("score").GetDouble() : string.Empty)));
        Assert.Equal(["Servers", "Kiosks"], tenant.DeviceGroups.Select(g => g.Name));
    }

    [Fact]
    public async Task Machines_are_set_and_bad_settings_are_400()
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");

        using var set = await http.Client.PutAsJsonAsync(Control($"tenants/{tenant.TenantId}/machines"), new { count = 42, whenEmpty = "emptyPage", ungroupedPercent = 30, seed = 7 });
        using var negative = await http.Client.PutAsJsonAsync(Control($"tenants/{tenant.TenantId}/machines"), new { count = -1 });
        using var badAnswer = await http.Client.PutAsJsonAsync(Control($"tenants/{tenant.TenantId}/machines"), new { whenEmpty = "teapot" });
        using var unknownTenant = await http.Client.PutAsJsonAsync(Control("tenants/nobody/machines"), new { count = 1 });

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal((42, NoMachinesAnswer.EmptyPage, 30, 7), (tenant.Machines.Count, tenant.Machines.WhenEmpty, tenant.Machines.UngroupedPercent, tenant.Machines.Seed));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTenant.StatusCode);
    }

    [Fact]
    public async Task A_fault_can_be_aimed_at_one_endpoint_and_cleared_with_the_others()
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.Machines.Count = 3;
        var token = await http.TokenAsync(tenant);

        using var set = await http.Client.PutAsJsonAsync(Control($"tenants/{tenant.TenantId}/fault"), new { kind = "forbidden", endpoint = "machines", permission = "Machine.Read.All" });
        using var machines = await http.GetScoreAsync(token, path: "api/machines");
        using var score = await http.GetScoreAsync(token, path: "api/configurationScore");
        using var cleared = await http.Client.DeleteAsync(Control($"tenants/{tenant.TenantId}/fault"));
        using var after = await http.GetScoreAsync(token, path: "api/machines");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, machines.StatusCode);
        Assert.Contains("Machine.Read.All", await machines.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, score.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"nextlink","endpoint":"machines","nextLink":"foreign"}""", "https://evil.example:443/api/machines?")]
    [InlineData("""{"kind":"nextlink","endpoint":"machines","nextLink":"https://attacker.example/x"}""", "https://attacker.example/x")]
    [InlineData("""{"kind":"nextlink","endpoint":"machines","nextLink":"otherPort"}""", "http://127.0.0.1:")]
    public async Task Hostile_nextLinks_are_set_over_the_control_API(string fault, string linkStart)
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.Machines.Count = 3;

        using var set = await http.Client.PutAsync(Control($"tenants/{tenant.TenantId}/fault"), new StringContent(fault, System.Text.Encoding.UTF8, "application/json"));
        using var page = await MachinePages.ReadPageAsync(http, await http.TokenAsync(tenant), "api/machines");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.StartsWith(linkStart, page.RootElement.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"status","endpoint":"vulnerabilities"}""")]
    [InlineData("""{"kind":"nextlink","nextLink":"not a url"}""")]
    [InlineData("""{"kind":"hugepage","items":-1}""")]
    [InlineData("""{"kind":"hostile","stringLength":3}""")]
    public async Task Bad_posture_faults_are_400(string fault)
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");

        using var response = await http.Client.PutAsync(Control($"tenants/{tenant.TenantId}/fault"), new StringContent(fault, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_tenant_added_with_a_demo_posture_or_a_machine_count_gets_them()
    {
        var (demo, counted) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        using var addDemo = await http.Client.PostAsJsonAsync(Control("tenants"), new { tenantId = demo, clientId = "c", demoPosture = 2 });
        using var addCounted = await http.Client.PostAsJsonAsync(Control("tenants"), new { tenantId = counted, clientId = "c", machines = 50_000 });
        using var applied = await http.Client.PostAsync(Control($"tenants/{counted}/demo-posture?variant=1"), null);

        Assert.Equal(HttpStatusCode.Created, addDemo.StatusCode);
        Assert.Equal(5, simulator[demo].DeviceGroups.Count);
        Assert.InRange(simulator[demo].Machines.Count, DemoPosture.MinMachines, DemoPosture.MaxMachines);
        Assert.Equal(HttpStatusCode.NoContent, applied.StatusCode);
        Assert.Equal(4, simulator[counted].DeviceGroups.Count);
    }

    [Fact]
    public async Task Request_counts_are_reported_per_endpoint_with_the_busiest_minute_and_hour()
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.Machines.Count = 5;
        var token = await http.TokenAsync(tenant);
        await MachinePages.ReadAllAsync(http, token, "api/machines?$top=2");
        (await http.GetScoreAsync(token, path: "api/exposureScore")).Dispose();

        using var one = JsonDocument.Parse(await http.Client.GetStringAsync(Control($"requests?tenant={tenant.TenantId}")));

        var counts = one.RootElement.GetProperty("tenants").GetProperty(tenant.TenantId);
        Assert.Equal(4, counts.GetProperty("api").GetInt32());
        Assert.Equal(3, counts.GetProperty("endpoints").GetProperty("machines").GetInt32());
        Assert.Equal(1, counts.GetProperty("endpoints").GetProperty("exposureScore").GetInt32());
        Assert.Equal(0, counts.GetProperty("endpoints").GetProperty("exposureScore/ByMachineGroups").GetInt32());
        Assert.Equal(4, counts.GetProperty("maxApiCallsPerMinute").GetInt32());
        Assert.Equal(4, counts.GetProperty("maxApiCallsPerHour").GetInt32());
    }

    private Uri Control(string path) => new(simulator.ApiBaseUrl, "_simulator/" + path);
}
