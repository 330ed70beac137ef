using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>Every rendered manifest validates against the Kubernetes and prometheus-operator schemas.</summary>
public sealed class ManifestSchemaTests
{
    public static TheoryData<string> CiValuesFiles => HelmChart.CiValuesFiles();

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Every_rendered_manifest_matches_its_schema(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);

        Assert.NotEmpty(chart.Documents);
        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task The_validator_rejects_what_the_schemas_forbid()
    {
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              selector: {matchLabels: {app: x}}
              template:
                spec:
                  containers:
                    - name: x
                      ports: [{containerPort: metrics}]
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: broken}
            spec:
              selector: {}
              endpoints: [{port: metrics, interval: 5 minutes}]
            ---
            apiVersion: example.com/v1
            kind: Unknown
            metadata: {name: broken}
            """;

        var result = await ManifestValidator.ValidateAsync(broken);

        Assert.Contains(result.Problems, p => p.StartsWith("Deployment/broken:", StringComparison.Ordinal) && p.Contains("containerPort must be integer", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("ServiceMonitor/broken:", StringComparison.Ordinal) && p.Contains("interval must match pattern", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("Unknown/broken: no schema known", StringComparison.Ordinal));
    }
}
