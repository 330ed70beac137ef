using System.Text.Json.Nodes;
using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// shards > 1: a StatefulSet with one pod per shard, its headless Service, each pod told the shard count and left
/// to find its own shard in its pod name, and every pod scraped once through the regular Service.
/// </summary>
public sealed class ShardingTests
{
    private const string Sharded = "sharded-values.yaml";

    [Fact]
    public async Task Three_shards_render_one_statefulset_of_three_parallel_pods_and_no_deployment()
    {
        var chart = await HelmChart.RenderAsync(Sharded);
        var statefulSet = chart.One("StatefulSet")["spec"]!;

        Assert.Empty(chart.OfKind("Deployment"));
        Assert.Equal(3, (int)statefulSet["replicas"]!);
        Assert.Equal("Parallel", (string?)statefulSet["podManagementPolicy"]);
        Assert.True(LabelSelector.Matches(statefulSet["selector"]!, statefulSet["template"]!["metadata"]!["labels"]));
        Assert.Empty(chart.Problems);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task The_shard_count_sets_the_pods_and_what_each_pod_is_told(int shards)
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml", "--set", $"shards={shards}");

        Assert.Equal(shards, (int)chart.One("StatefulSet")["spec"]!["replicas"]!);
        Assert.Equal(shards.ToString(System.Globalization.CultureInfo.InvariantCulture), EnvValue(chart, "Defender__TotalShards"));
        Assert.Empty(chart.OfKind("Deployment"));
        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task Each_pod_finds_its_shard_in_its_pod_name_not_in_a_setting()
    {
        var chart = await HelmChart.RenderAsync(Sharded);
        var names = chart.Container["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();

        Assert.Equal("3", EnvValue(chart, "Defender__TotalShards"));
        // A StatefulSet pod's host name is its pod name, <StatefulSet name>-<ordinal>: the exporter reads the
        // ordinal from HOSTNAME, which nothing may override.
        Assert.DoesNotContain("Defender__Shard", names);
        Assert.DoesNotContain("HOSTNAME", names);
        Assert.Null(chart.PodSpec["hostname"]);
        Assert.Null(chart.PodSpec["setHostnameAsFQDN"]);
    }

    [Fact]
    public async Task The_statefulset_is_governed_by_a_headless_service_over_its_pods()
    {
        var chart = await HelmChart.RenderAsync(Sharded);
        var statefulSet = chart.One("StatefulSet")["spec"]!;
        var headless = chart.OfKind("Service").Single(s => (string?)s["metadata"]!["name"] == (string?)statefulSet["serviceName"]);

        Assert.Equal("None", (string?)headless["spec"]!["clusterIP"]);
        Assert.True(LabelSelector.Matches(SelectorOf(headless), statefulSet["template"]!["metadata"]!["labels"]));
    }

    [Fact]
    public async Task The_service_monitor_scrapes_every_pod_through_the_regular_service_only()
    {
        var chart = await HelmChart.RenderAsync(Sharded);
        var monitor = chart.One("ServiceMonitor")["spec"]!;
        var podLabels = chart.One("StatefulSet")["spec"]!["template"]!["metadata"]!["labels"];
        var services = chart.OfKind("Service").ToList();
        var regular = services.Single(s => s["spec"]!["clusterIP"] is null);

        Assert.Equal(2, services.Count);
        // Prometheus gets one target per endpoint of each selected Service: the regular Service's endpoints are
        // all the pods; selecting the headless Service too would scrape each pod twice.
        Assert.Same(regular, Assert.Single(services, s => LabelSelector.Matches(monitor["selector"]!, s["metadata"]!["labels"])));
        Assert.True(LabelSelector.Matches(SelectorOf(regular), podLabels));
        Assert.Equal("metrics", (string?)monitor["endpoints"]![0]!["port"]);
        Assert.Contains(regular["spec"]!["ports"]!.AsArray(), p => (string?)p!["name"] == "metrics");
    }

    [Fact]
    public async Task A_shard_runs_the_same_pod_as_an_unsharded_release_plus_the_shard_count()
    {
        var unsharded = await HelmChart.RenderAsync("many-tenants-existing-secret-values.yaml");
        var sharded = await HelmChart.RenderAsync("many-tenants-existing-secret-values.yaml", "--set", "shards=3");
        var template = sharded.One("StatefulSet")["spec"]!["template"]!.DeepClone();
        var env = template["spec"]!["containers"]![0]!["env"]!.AsArray();
        env.Remove(env.Single(e => (string?)e!["name"] == "Defender__TotalShards"));

        Assert.True(JsonNode.DeepEquals(unsharded.Deployment["spec"]!["template"], template), $"pod templates differ\nDeployment:\n{unsharded.Deployment["spec"]!["template"]!.ToJsonString()}\nStatefulSet:\n{template.ToJsonString()}");
    }

    private static string? EnvValue(RenderedChart chart, string name) =>
        (string?)chart.Container["env"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];

    /// <summary>A Service's selector (a plain label map) as a label selector.</summary>
    private static JsonObject SelectorOf(JsonNode service) => new JsonObject { ["matchLabels"] = service["spec"]!["selector"]!.DeepClone() };
}
