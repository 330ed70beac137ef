using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// With shards at 1 (the default) the chart renders the Deployment it rendered before shards existed, kept in
/// deployment-before-sharding/ for every ci values file of that time: an upgrade changes nothing in the pods but
/// the config checksum (config.json gained the collectors) and the version labels.
/// </summary>
public sealed partial class UnshardedDeploymentTests
{
    private static string ReferenceFolder => RepoPaths.Combine("tests", "ScoreExporter.Tests", "Deploy", "deployment-before-sharding");

    public static TheoryData<string> ReferenceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ReferenceFolder, "*-values.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Every_ci_values_file_of_that_time_has_its_reference()
    {
        Assert.Equal(
            ["everything-values.yaml", "many-tenants-existing-secret-values.yaml", "single-tenant-secret-values.yaml", "us-gov-values.yaml", "workload-identity-values.yaml"],
            ((IEnumerable<object[]>)ReferenceFiles()).Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public async Task The_deployment_is_the_one_rendered_before_shards_existed(string valuesFile)
    {
        // The ci files have since learned OTLP push, which adds its own variables: left out, as it was then.
        var chart = await HelmChart.RenderAsync(valuesFile, "--set", "otlp.endpoint=");
        var deployment = chart.Deployment;
        var checksum = (string)deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]!;
        Assert.Matches("^[0-9a-f]{64}$", checksum);

        var expected = await ReferenceAsync(valuesFile, checksum);

        Assert.True(JsonNode.DeepEquals(expected, deployment), $"the Deployment differs from deployment-before-sharding/{valuesFile}\nexpected:\n{expected.ToJsonString()}\nrendered:\n{deployment.ToJsonString()}");
        Assert.Empty(chart.OfKind("StatefulSet"));
        Assert.Empty(chart.OfKind("PodDisruptionBudget"));
        Assert.Single(chart.OfKind("Service"));
    }

    [Fact]
    public async Task Shards_set_to_1_is_the_same_as_leaving_it_out()
    {
        var unset = await HelmChart.RenderAsync("many-tenants-existing-secret-values.yaml");
        var one = await HelmChart.RenderAsync("many-tenants-existing-secret-values.yaml", "--set", "shards=1", "--set", "replicaCount=1");

        Assert.True(JsonNode.DeepEquals(unset.Deployment, one.Deployment));
        Assert.DoesNotContain(one.Container["env"]!.AsArray(), e => ((string)e!["name"]!).StartsWith("Defender__", StringComparison.Ordinal));
    }

    /// <summary>The reference with this chart's version, app version and config checksum filled in, parsed.</summary>
    private static async Task<JsonNode> ReferenceAsync(string valuesFile, string configChecksum)
    {
        var chartYaml = await File.ReadAllTextAsync(Path.Combine(HelmChart.Path, "Chart.yaml"));
        var text = (await File.ReadAllTextAsync(Path.Combine(ReferenceFolder, valuesFile)))
            .Replace("{chartVersion}", ChartVersion().Match(chartYaml).Groups[1].Value, StringComparison.Ordinal)
            .Replace("{appVersion}", AppVersion().Match(chartYaml).Groups[1].Value, StringComparison.Ordinal)
            .Replace("{configChecksum}", configChecksum, StringComparison.Ordinal);
        var parsed = await ManifestValidator.ValidateAsync(text);
        Assert.Empty(parsed.Problems);
        return Assert.Single(parsed.Documents);
    }

    [GeneratedRegex("^version: (\\S+)$", RegexOptions.Multiline)]
    private static partial Regex ChartVersion();

    [GeneratedRegex("^appVersion: \"([^\"]+)\"$", RegexOptions.Multiline)]
    private static partial Regex AppVersion();
}
