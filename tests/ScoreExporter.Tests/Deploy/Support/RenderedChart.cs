using System.Text.Json.Nodes;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>Rendered manifests as JSON, with the schema problems found in them.</summary>
public sealed record RenderedChart(IReadOnlyList<JsonNode> Documents, IReadOnlyList<string> Problems, string Yaml)
{
    public IEnumerable<JsonNode> OfKind(string kind) => Documents.Where(d => (string?)d["kind"] == kind);

    /// <summary>The one document of a kind (optionally whose name ends with a suffix); fails the test otherwise.</summary>
    public JsonNode One(string kind, string? nameSuffix = null)
    {
        var matches = OfKind(kind).Where(d => nameSuffix is null || ((string?)d["metadata"]?["name"])?.EndsWith(nameSuffix, StringComparison.Ordinal) == true).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind}{(nameSuffix is null ? "" : " named *" + nameSuffix)}, found {matches.Count}");
        return matches[0];
    }

    public JsonNode Deployment => One("Deployment");

    /// <summary>The one object running the exporter's pods: the Deployment, or the StatefulSet when sharded.</summary>
    public JsonNode Workload
    {
        get
        {
            var workloads = OfKind("Deployment").Concat(OfKind("StatefulSet")).ToList();
            Assert.True(workloads.Count == 1, $"expected one Deployment or StatefulSet, found {workloads.Count}");
            return workloads[0];
        }
    }

    public JsonNode PodSpec => Workload["spec"]!["template"]!["spec"]!;

    public JsonNode Container => PodSpec["containers"]!.AsArray().Single(c => (string?)c!["name"] == "score-exporter")!;

    /// <summary>The exporter's config.json from the chart's ConfigMap.</summary>
    public JsonNode ExporterConfig => JsonNode.Parse((string)One("ConfigMap", "score-exporter")["data"]!["config.json"]!)!;
}
