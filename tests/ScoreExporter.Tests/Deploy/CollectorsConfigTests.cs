using System.Text.Json.Nodes;
using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>config.collectors reaches config.json as Defender:Collectors:&lt;Name&gt;:Enabled and :PollInterval.</summary>
public sealed class CollectorsConfigTests
{
    [Fact]
    public async Task Defaults_enable_the_three_score_collectors_and_leave_devices_off()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");

        AssertCollectors(
            """
            {
              "ConfigurationScore": {"Enabled": true},
              "ExposureScore": {"Enabled": true},
              "DeviceGroupExposureScore": {"Enabled": true},
              "Devices": {"Enabled": false, "PollInterval": "00:30:00"}
            }
            """,
            chart);
        Assert.Equal("00:05:00", (string?)chart.ExporterConfig["Defender"]!["PollInterval"]);
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
              "Devices": {"Enabled": true, "PollInterval": "02:00:00"}
            }
            """,
            chart);
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
              "Devices": {"Enabled": true, "PollInterval": "01:00:00"}
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

    private static void AssertCollectors(string expectedJson, RenderedChart chart)
    {
        var expected = JsonNode.Parse(expectedJson)!;
        var actual = chart.ExporterConfig["Defender"]!["Collectors"];

        Assert.True(JsonNode.DeepEquals(expected, actual), $"Defender:Collectors\nexpected: {expected.ToJsonString()}\nrendered: {actual?.ToJsonString()}");
    }
}
