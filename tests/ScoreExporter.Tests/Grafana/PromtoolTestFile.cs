using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>A `promtool test rules` file, read only as far as needed to see which alerts it checks, and how.</summary>
public sealed class PromtoolTestFile
{
    public static IReadOnlyList<string> ShippedPaths =>
        Directory.GetFiles(Infrastructure.RepoPaths.Combine("grafana", "alerts", "tests"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    public List<string> RuleFiles { get; init; } = [];

    public List<PromtoolTestCase> Tests { get; init; } = [];

    public IEnumerable<AlertRuleTest> AlertRuleTests => Tests.SelectMany(t => t.AlertRuleTest);

    public static PromtoolTestFile Load(string path) => new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build()
        .Deserialize<PromtoolTestFile>(File.ReadAllText(path));
}

public sealed class PromtoolTestCase
{
    public string Name { get; init; } = string.Empty;

    public List<AlertRuleTest> AlertRuleTest { get; init; } = [];
}

public sealed class AlertRuleTest
{
    public string Alertname { get; init; } = string.Empty;

    public string EvalTime { get; init; } = string.Empty;

    public List<ExpectedAlert>? ExpAlerts { get; init; }
}

public sealed class ExpectedAlert
{
    public Dictionary<string, string> ExpLabels { get; init; } = [];

    public Dictionary<string, string> ExpAnnotations { get; init; } = [];
}
