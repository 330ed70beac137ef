using System.Text;
using System.Text.Json.Nodes;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// config.collectors reaches config.json as Defender:Collectors:&lt;Name&gt;:Enabled, :PollInterval, :PerControl and
/// :TopN, for every collector the exporter knows.
/// </summary>
public sealed class CollectorsConfigTests
{
    [Fact]
    public async Task Defaults_enable_the_three_score_collectors_and_leave_the_others_off_at_their_own_intervals()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");

        AssertCollectors(
            """
            {
              "ConfigurationScore": {"Enabled": true},
              "ExposureScore": {"Enabled": true},
              "DeviceGroupExposureScore": {"Enabled": true},
              "Devices": {"Enabled": false, "PollInterval": "00:30:00"},
              "SecureScore": {"Enabled": false, "PollInterval": "01:00:00", "PerControl": false},
              "Incidents": {"Enabled": false, "PollInterval": "00:15:00"},
              "Recommendations": {"Enabled": false, "PollInterval": "01:00:00", "TopN": 10},
              "Antivirus": {"Enabled": false, "PollInterval": "00:30:00"}
            }
            """,
            chart);
        Assert.Equal("00:05:00", (string?)chart.ExporterConfig["Defender"]!["PollInterval"]);
    }

    [Fact]
    public async Task The_chart_defaults_are_the_exporters_own()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");
        var rendered = chart.ExporterConfig["Defender"]!["Collectors"]!.AsObject();

        Assert.Equal(CollectorCatalog.All.Select(c => c.ConfigName).Order(StringComparer.Ordinal), rendered.Select(c => c.Key).Order(StringComparer.Ordinal));
        foreach (var collector in CollectorCatalog.All)
        {
            var own = rendered[collector.ConfigName]!;
            Assert.Equal(collector.EnabledByDefault, (bool)own["Enabled"]!);
            Assert.Equal(collector.DefaultPollInterval, own["PollInterval"] is { } interval ? TimeSpan.Parse((string)interval!, System.Globalization.CultureInfo.InvariantCulture) : null);
        }

        Assert.Equal(RecommendationsCollector.DefaultTopN, (int)rendered["Recommendations"]!["TopN"]!);
    }

    [Fact]
    public async Task Each_collector_takes_its_own_switch_and_interval()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml",
            "--set", "config.collectors.configurationScore.enabled=false",
            "--set", "config.collectors.exposureScore.pollInterval=00:20:00",
            "--set", "config.collectors.deviceGroupExposureScore.pollInterval=1.00:00:00",
            "--set", "config.collectors.devices.enabled=true",
            "--set", "config.collectors.devices.pollInterval=02:00:00");

        AssertCollectors(
            """
            {
              "ConfigurationScore": {"Enabled": false},
              "ExposureScore": {"Enabled": true, "PollInterval": "00:20:00"},
              "DeviceGroupExposureScore": {"Enabled": true, "PollInterval": "1.00:00:00"},
              "Devices": {"Enabled": true, "PollInterval": "02:00:00"},
              "SecureScore": {"Enabled": false, "PollInterval": "01:00:00", "PerControl": false},
              "Incidents": {"Enabled": false, "PollInterval": "00:15:00"},
              "Recommendations": {"Enabled": false, "PollInterval": "01:00:00", "TopN": 10},
              "Antivirus": {"Enabled": false, "PollInterval": "00:30:00"}
            }
            """,
            chart);
    }

    [Fact]
    public async Task The_newer_collectors_take_their_switch_interval_and_options()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml",
            "--set", "config.collectors.secureScore.enabled=true",
            "--set", "config.collectors.secureScore.perControl=true",
            "--set", "config.collectors.incidents.enabled=true",
            "--set", "config.collectors.incidents.pollInterval=00:45:00",
            "--set", "config.collectors.recommendations.enabled=true",
            "--set", "config.collectors.recommendations.topN=0",
            "--set", "config.collectors.antivirus.enabled=true",
            "--set", "config.collectors.antivirus.pollInterval=");

        AssertCollectors(
            """
            {
              "ConfigurationScore": {"Enabled": true},
              "ExposureScore": {"Enabled": true},
              "DeviceGroupExposureScore": {"Enabled": true},
              "Devices": {"Enabled": false, "PollInterval": "00:30:00"},
              "SecureScore": {"Enabled": true, "PollInterval": "01:00:00", "PerControl": true},
              "Incidents": {"Enabled": true, "PollInterval": "00:45:00"},
              "Recommendations": {"Enabled": true, "PollInterval": "01:00:00", "TopN": 0},
              "Antivirus": {"Enabled": true}
            }
            """,
            chart);
    }

    [Fact]
    public async Task The_graph_host_and_a_tenants_own_cloud_reach_the_exporter()
    {
        var defaults = (await HelmChart.RenderAsync("single-tenant-secret-values.yaml")).ExporterConfig["Defender"]!;
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml",
            "--set", "config.graphBaseUrl=https://graph.microsoft.us",
            "--set", "tenants[0].cloud=UsGovGccHigh");
        var defender = chart.ExporterConfig["Defender"]!;

        Assert.Null(defaults["GraphBaseUrl"]);
        Assert.Null(defaults["Tenants"]![0]!["Cloud"]);
        Assert.Equal("https://graph.microsoft.us", (string?)defender["GraphBaseUrl"]);
        Assert.Equal("Commercial", (string?)defender["Cloud"]);
        Assert.Equal("UsGovGccHigh", (string?)defender["Tenants"]![0]!["Cloud"]);
    }

    [Fact]
    public async Task Every_collector_on_in_the_everything_example_passes_the_exporters_collector_validation()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var collectors = chart.ExporterConfig["Defender"]!["Collectors"]!.AsObject();
        var options = BindDefenderOptions(chart);

        Assert.All(CollectorCatalog.All, c => Assert.True((bool)collectors[c.ConfigName]!["Enabled"]!, $"{c.ConfigName} is off in everything-values.yaml"));
        Assert.Equal(CollectorCatalog.All.Count, CollectorCatalog.Settle(options, CollectorCatalog.All).Count);
        Assert.True(options.Collectors["SecureScore"].PerControl);
        Assert.Equal(25, options.Collectors["Recommendations"].TopN);
        var result = new CollectorOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public async Task The_exporter_refuses_every_collector_on_at_a_rate_a_tenant_cannot_take()
    {
        // The same check as above can fail: at a ten-second shared interval the collectors' worst case passes the
        // Defender API's limits, and the exporter names the fix.
        var chart = await HelmChart.RenderAsync("everything-values.yaml",
            "--set", "config.pollInterval=00:00:10",
            "--set", "config.collectors.antivirus.pollInterval=00:00:10");

        var result = new CollectorOptionsValidator().Validate(null, BindDefenderOptions(chart));

        Assert.True(result.Failed);
        Assert.Contains("Defender:PollInterval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sharded_example_turns_devices_on_hourly()
    {
        var chart = await HelmChart.RenderAsync("sharded-values.yaml");

        AssertCollectors(
            """
            {
              "ConfigurationScore": {"Enabled": true},
              "ExposureScore": {"Enabled": true, "PollInterval": "00:30:00"},
              "DeviceGroupExposureScore": {"Enabled": true},
              "Devices": {"Enabled": true, "PollInterval": "01:00:00"},
              "SecureScore": {"Enabled": false, "PollInterval": "01:00:00", "PerControl": false},
              "Incidents": {"Enabled": false, "PollInterval": "00:15:00"},
              "Recommendations": {"Enabled": false, "PollInterval": "01:00:00", "TopN": 10},
              "Antivirus": {"Enabled": false, "PollInterval": "00:30:00"}
            }
            """,
            chart);
    }

    [Fact]
    public async Task A_changed_collector_setting_rolls_the_pods()
    {
        static async Task<string> Checksum(params string[] args) =>
            (string)(await HelmChart.RenderAsync("sharded-values.yaml", args)).Workload["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]!;

        Assert.NotEqual(await Checksum(), await Checksum("--set", "config.collectors.devices.enabled=false"));
    }

    /// <summary>config.json's Defender section bound the way the exporter binds it.</summary>
    private static DefenderOptions BindDefenderOptions(RenderedChart chart)
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(chart.ExporterConfig.ToJsonString()));
        var configuration = new ConfigurationBuilder().AddJsonStream(json).Build();
        var options = new DefenderOptions();
        configuration.GetSection(DefenderOptions.SectionName).Bind(options);
        return options;
    }

    private static void AssertCollectors(string expectedJson, RenderedChart chart)
    {
        var expected = JsonNode.Parse(expectedJson)!;
        var actual = chart.ExporterConfig["Defender"]!["Collectors"];

        Assert.True(JsonNode.DeepEquals(expected, actual), $"Defender:Collectors\nexpected: {expected.ToJsonString()}\nrendered: {actual?.ToJsonString()}");
    }
}
