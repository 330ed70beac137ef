using DefenderSimulator;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Grafana;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What each collector declares is what it publishes: every collector on, through the real pipeline, on the simulator's
/// realistic bodies and on hostile ones; each sample carries exactly its series' declared labels and no tenant passes
/// a series' declared bound.
/// </summary>
public sealed class DeclaredSeriesTests
{
    private static readonly string[] Tenants = ["contoso", "fabrikam"];

    [Fact]
    public async Task Every_sample_carries_exactly_its_declared_labels_and_no_tenant_passes_a_declared_bound()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Defender:PollInterval"] = "00:05:00",
            ["Defender:Collectors:SecureScore:PerControl"] = "true",
            ["Defender:Collectors:Recommendations:TopN"] = RecommendationsCollector.MaxTopN.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var collector in CollectorCatalog.All)
        {
            settings[$"Defender:Collectors:{collector.ConfigName}:Enabled"] = "true";
        }

        foreach (var (name, index) in Tenants.Select((n, i) => (n, i)))
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"{name}-secret");
            DemoPosture.Apply(tenant, index);
            foreach (var (key, value) in TestExporter.TenantSettings(index, name, tenant))
            {
                settings[key] = value;
            }

            // fabrikam's lists are hostile: more distinct values than any bound, long and full of control characters.
            if (name == "fabrikam")
            {
                tenant.SetApiFault(DefenderEndpoint.Machines, ApiFault.HostileCardinality(items: 6_000, stringLength: 300));
                tenant.SetApiFault(DefenderEndpoint.ExposureScoreByMachineGroups, ApiFault.HostileCardinality(items: DeviceGroupExposureScoreCollector.MaxGroups, stringLength: 300));
                tenant.SetApiFault(DefenderEndpoint.Recommendations, ApiFault.HostileCardinality(items: 3_000, stringLength: 300));
                tenant.SetApiFault(DefenderEndpoint.DeviceAvInfo, ApiFault.HostileCardinality(items: 6_000, stringLength: 300));
            }
        }

        await using var exporter = await TestExporter.StartAsync(simulator, settings);
        var metrics = await exporter.ScrapeAsync();
        var options = exporter.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DefenderOptions>>().Value;

        foreach (var collector in CollectorCatalog.All)
        {
            var declared = collector.SeriesWith(options.Collectors.GetValueOrDefault(collector.ConfigName)).ToArray();
            Assert.Equal(
                ContractMetrics.CollectorOf.Where(c => c.Value == collector.Name).Select(c => c.Key).Order(StringComparer.Ordinal),
                declared.Select(s => s.Name).Order(StringComparer.Ordinal));
            foreach (var tenant in Tenants)
            {
                Assert.Equal(1, metrics.Value("defender_up", ("tenant", tenant), ("collector", collector.Name)));
            }

            foreach (var series in declared)
            {
                var samples = metrics.All(series.Name).ToArray();
                Assert.True(samples.Length > 0, $"{series.Name} ({collector.Name}) is declared but published for no tenant");
                string[] expectedLabels = ["tenant", .. series.Labels];
                Assert.All(samples, sample => Assert.Equal(expectedLabels.Order(StringComparer.Ordinal), sample.Labels.Keys.Order(StringComparer.Ordinal)));
                foreach (var perTenant in samples.GroupBy(s => s.Labels["tenant"]))
                {
                    Assert.True(
                        perTenant.Count() <= series.MaxPerTenant,
                        $"{perTenant.Key} has {perTenant.Count()} {series.Name} series, over its declared {series.MaxPerTenant}");
                }
            }
        }

        // The hostile tenant's values were folded at their bounds, not dropped: every device is still counted.
        Assert.Equal(6_000, metrics.All("defender_devices", ("tenant", "fabrikam")).Sum(s => s.Value));
        Assert.Equal(6_000, metrics.All("defender_antivirus_devices", ("tenant", "fabrikam")).Sum(s => s.Value));
        Assert.Contains(metrics.All("defender_devices", ("tenant", "fabrikam")), s => s.Labels["device_group"] == LabelValue.Other);
        Assert.Equal(DeviceGroupExposureScoreCollector.MaxGroups, metrics.All("defender_device_group_exposure_score", ("tenant", "fabrikam")).Count());
    }
}
