using System.Text.Json.Nodes;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>
/// Validates manifests against the Kubernetes and prometheus-operator schemas (npm kubernetes-models and
/// @kubernetes-models/prometheus-operator, through tools/validate-manifests.mjs) and returns them parsed.
/// </summary>
public static class ManifestValidator
{
    public static async Task<RenderedChart> ValidateAsync(string yaml)
    {
        var script = Path.Combine(DeployTools.Scripts, "validate-manifests.mjs");
        var result = await ToolProcess.RunAsync(
            DeployTools.Node,
            [script],
            stdin: yaml,
            environment: new Dictionary<string, string> { ["SCORE_EXPORTER_NODE_TOOLS"] = DeployTools.NodeTools },
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"validate-manifests.mjs failed ({result.ExitCode}): {result.Output}");
        var json = JsonNode.Parse(result.Stdout)!;
        return new RenderedChart(
            json["documents"]!.AsArray().Select(d => d!).ToList(),
            json["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
            yaml);
    }
}
