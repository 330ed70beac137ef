using YamlDotNet.RepresentationModel;

namespace ScoreExporter.Tests.Grafana;

/// <summary>The provisioning examples load what they claim to: Prometheus's config is valid and loads the shipped rules.</summary>
public sealed class ProvisioningTests
{
    private static string Provisioning(params string[] parts) => Infrastructure.RepoPaths.Combine(["grafana", "provisioning", .. parts]);

    [Fact]
    public async Task The_example_prometheus_config_is_valid_and_loads_the_shipped_rule_file()
    {
        var (exitCode, output) = await CommandLine.RunAsync(PrometheusTools.Promtool, ["check", "config", Provisioning("prometheus.yml")]);

        Assert.True(exitCode == 0, $"promtool check config: exit {exitCode}\n{output}");
        var ruleFiles = (YamlSequenceNode)Load(Provisioning("prometheus.yml"))["rule_files"];
        var ruleFile = Assert.Single(ruleFiles.Children).ToString();
        Assert.Equal(RuleFile.ShippedPath, Path.GetFullPath(Path.Combine(Provisioning(), ruleFile)));
    }

    [Fact]
    public void The_dashboard_provider_reads_json_files_from_a_folder()
    {
        var provider = (YamlMappingNode)((YamlSequenceNode)Load(Provisioning("dashboards", "defender-secure-score.yaml"))["providers"]).Children.Single();

        Assert.Equal("file", provider["type"].ToString());
        Assert.StartsWith("/", ((YamlMappingNode)provider["options"])["path"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_source_is_prometheus()
    {
        var source = (YamlMappingNode)((YamlSequenceNode)Load(Provisioning("datasources", "prometheus.yaml"))["datasources"]).Children.Single();

        Assert.Equal("prometheus", source["type"].ToString());
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("1", root.Children.TryGetValue("apiVersion", out var version) ? version.ToString() : "1");
        return root;
    }
}
