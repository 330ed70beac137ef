using System.Text.Json.Nodes;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// The chart ships copies of the bundled alert rules and dashboard (Helm reads only files inside a chart);
/// grafana/ stays the one source of truth and these tests fail as soon as the copies drift from it.
/// </summary>
public sealed class ChartFilesDriftTests
{
    private const string SyncHint = "run helm/score-exporter/sync-files.sh";

    public static TheoryData<string, string> Copies() => new()
    {
        { "grafana/alerts/defender-secure-score.rules.yaml", "helm/score-exporter/files/defender-secure-score.rules.yaml" },
        { "grafana/dashboards/defender-secure-score.json", "helm/score-exporter/files/defender-secure-score.json" },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Chart_copy_is_byte_for_byte_the_source(string source, string copy)
    {
        var copyBytes = File.ReadAllBytes(RepoPaths.Combine(copy));
        var sourceBytes = File.ReadAllBytes(RepoPaths.Combine(source));

        Assert.True(copyBytes.AsSpan().SequenceEqual(sourceBytes), $"{copy} differs from {source}: {SyncHint}.");
    }

    [Fact]
    public async Task Rendered_prometheus_rule_holds_exactly_the_rules_file()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var rendered = chart.One("PrometheusRule");

        // The rules file itself, wrapped the same way, parsed by the same YAML reader and checked by the same schema.
        var rules = File.ReadAllText(RepoPaths.Combine("helm", "score-exporter", "files", "defender-secure-score.rules.yaml"));
        var wrapped = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: source}\nspec:\n"
            + string.Join('\n', rules.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));
        var source = await ManifestValidator.ValidateAsync(wrapped);

        Assert.Empty(source.Problems);
        Assert.True(JsonNode.DeepEquals(source.One("PrometheusRule")["spec"], rendered["spec"]), "the rendered PrometheusRule's spec differs from the rules file");
    }

    [Fact]
    public async Task Rendered_dashboard_config_map_holds_exactly_the_dashboard_json()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var data = chart.One("ConfigMap", "-dashboard")["data"]!.AsObject();
        var file = RepoPaths.Combine("helm", "score-exporter", "files", "defender-secure-score.json");

        var entry = Assert.Single(data);
        Assert.Equal("defender-secure-score.json", entry.Key);
        Assert.Equal(File.ReadAllText(file), (string?)entry.Value);
        Assert.Equal("defender-secure-score", (string?)JsonNode.Parse((string)entry.Value!)!["uid"]);
    }
}
