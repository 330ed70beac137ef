using System.Text.Json.Nodes;
using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// replicaCount (plain HA: every replica polls every tenant), the PodDisruptionBudget and topology spread, for the
/// Deployment and for the sharded StatefulSet alike.
/// </summary>
public sealed class AvailabilityTests
{
    /// <summary>The two workloads: unsharded (a Deployment) and sharded (a StatefulSet).</summary>
    public static TheoryData<string, string> Workloads() => new()
    {
        { "single-tenant-secret-values.yaml", "Deployment" },
        { "sharded-values.yaml", "StatefulSet" },
    };

    [Fact]
    public async Task Replica_count_gives_the_deployment_more_pods_that_each_poll_every_tenant()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml", "--set", "replicaCount=3");

        Assert.Equal(3, (int)chart.Deployment["spec"]!["replicas"]!);
        Assert.Empty(chart.OfKind("StatefulSet"));
        Assert.DoesNotContain(chart.Container["env"]!.AsArray(), e => ((string)e!["name"]!).StartsWith("Defender__", StringComparison.Ordinal));
        Assert.Empty(chart.Problems);
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_disruption_budget_covers_the_pods_and_lets_one_go_at_a_time_by_default(string valuesFile, string kind)
    {
        var chart = await HelmChart.RenderAsync(valuesFile, "--set", "podDisruptionBudget.enabled=true", "--set", "podDisruptionBudget.maxUnavailable=null");
        var budget = chart.One("PodDisruptionBudget")["spec"]!;

        Assert.Equal(1, (int)budget["maxUnavailable"]!);
        Assert.Null(budget["minAvailable"]);
        Assert.True(LabelSelector.Matches(budget["selector"]!, chart.One(kind)["spec"]!["template"]!["metadata"]!["labels"]));
        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task A_disruption_budget_takes_a_percentage()
    {
        var chart = await HelmChart.RenderAsync("sharded-values.yaml", "--set", "podDisruptionBudget.maxUnavailable=null", "--set", "podDisruptionBudget.minAvailable=50%");
        var budget = chart.One("PodDisruptionBudget")["spec"]!;

        Assert.Equal("50%", (string?)budget["minAvailable"]);
        Assert.Null(budget["maxUnavailable"]);
        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task No_disruption_budget_unless_asked()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");

        Assert.Empty(chart.OfKind("PodDisruptionBudget"));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task A_spread_constraint_without_a_selector_spreads_the_exporters_own_pods(string valuesFile, string kind)
    {
        var chart = await HelmChart.RenderAsync(valuesFile, "--set-json",
            """topologySpreadConstraints=[{"maxSkew":1,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"DoNotSchedule"}]""");
        var template = chart.One(kind)["spec"]!["template"]!;
        var constraint = Assert.Single(template["spec"]!["topologySpreadConstraints"]!.AsArray())!;

        Assert.Equal("kubernetes.io/hostname", (string?)constraint["topologyKey"]);
        Assert.Equal("DoNotSchedule", (string?)constraint["whenUnsatisfiable"]);
        Assert.True(LabelSelector.Matches(constraint["labelSelector"]!, template["metadata"]!["labels"]));
        Assert.True(JsonNode.DeepEquals(chart.One(kind)["spec"]!["selector"], constraint["labelSelector"]));
        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task A_spread_constraint_with_its_own_selector_is_kept_as_given()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var constraint = Assert.Single(chart.PodSpec["topologySpreadConstraints"]!.AsArray())!;

        Assert.Equal(
            new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = "score-exporter" } }.ToJsonString(),
            constraint["labelSelector"]!.ToJsonString());
    }
}
