using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The demo posture: a few groups, a modest number of machines, some ungrouped, the same every run.</summary>
public sealed class SimulatorDemoPostureTests
{
    [Fact]
    public async Task Demo_tenants_get_three_to_five_groups_and_1200_to_3000_machines_with_some_ungrouped()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);
        var sizes = new List<(int Groups, int Machines)>();

        for (var variant = 0; variant < 5; variant++)
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
            DemoPosture.Apply(tenant, variant);
            var machines = await MachinePages.ReadAllAsync(http, await http.TokenAsync(tenant));

            Assert.InRange(tenant.DeviceGroups.Count, 3, 5);
            Assert.InRange(machines.Count, DemoPosture.MinMachines, DemoPosture.MaxMachines);
            var groupNames = machines.Select(m => m.TryGetProperty("rbacGroupName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null).ToList();
            Assert.Contains(null, groupNames);
            Assert.Equal(tenant.DeviceGroups.Select(g => g.Name).Order(), groupNames.OfType<string>().Distinct().Order());
            sizes.Add((tenant.DeviceGroups.Count, machines.Count));
        }

        Assert.True(sizes.Distinct().Count() >= 3, "demo tenants should not all look the same");
    }

    [Fact]
    public async Task Applying_a_variant_twice_gives_the_same_tenant()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");

        DemoPosture.Apply(tenant, 7);
        var first = (tenant.Machines.Count, string.Join(",", tenant.DeviceGroups.Select(g => $"{g.Name}:{g.Id}")));
        DemoPosture.Apply(tenant, 7);

        Assert.Equal(first, (tenant.Machines.Count, string.Join(",", tenant.DeviceGroups.Select(g => $"{g.Name}:{g.Id}"))));
    }

    [Fact]
    public async Task Every_demo_tenant_lists_an_unassigned_open_high_severity_incident_whatever_its_id()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        for (var variant = 0; variant < 6; variant++)
        {
            var listings = new List<string>();
            foreach (var _ in new[] { 1, 2 })
            {
                var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
                DemoPosture.Apply(tenant, variant);
                var (counts, _) = await Collectors.GraphOracle.IncidentsAsync(simulator, tenant);

                Assert.Contains(counts.Keys, key => key.StartsWith("high|", StringComparison.Ordinal) && key.EndsWith("|false", StringComparison.Ordinal));
                listings.Add(string.Join(",", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")));
            }

            Assert.Equal(listings[0], listings[1]);
        }
    }
}
