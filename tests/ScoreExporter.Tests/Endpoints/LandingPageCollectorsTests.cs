using DefenderSimulator;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Endpoints;

/// <summary>The landing page's collector table comes from the collectors' own descriptions.</summary>
public sealed class LandingPageCollectorsTests
{
    [Fact]
    public async Task Every_enabled_collector_is_listed_with_its_API_permission_interval_and_series()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:Collectors:Incidents:Enabled"] = "true";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var page = await exporter.Http.GetStringAsync("/");

        var incidents = CollectorCatalog.All.Single(c => c.Name == "incidents");
        Assert.Contains($"<td>incidents</td><td>Graph</td><td>{incidents.Permission} ({ScoreExporter.Configuration.ApiSurface.Graph.PermissionsApi()})</td><td>00:15:00</td>", page, StringComparison.Ordinal);
        Assert.Contains("defender_incidents, defender_incident_oldest_open_timestamp_seconds", page, StringComparison.Ordinal);
        Assert.Contains("<td>configuration_score</td><td>Defender</td><td>Score.Read.All (WindowsDefenderATP)</td><td>00:00:10</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>devices</td><td>Defender</td>", page, StringComparison.Ordinal);
    }
}
