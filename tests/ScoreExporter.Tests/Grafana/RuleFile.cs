using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>A Prometheus rule file as promtool and Prometheus read it: groups of alerting and recording rules.</summary>
public sealed class RuleFile
{
    public static string ShippedPath => Infrastructure.RepoPaths.Combine("grafana", "alerts", "defender-secure-score.rules.yaml");

    public List<RuleGroup> Groups { get; init; } = [];

    public IEnumerable<Rule> Alerts => Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null);

    public IEnumerable<Rule> Recordings => Groups.SelectMany(g => g.Rules).Where(r => r.Record is not null);

    public static RuleFile Load(string path) => Parse(File.ReadAllText(path));

    public static RuleFile Parse(string yaml) => new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build()
        .Deserialize<RuleFile>(yaml);
}

public sealed class RuleGroup
{
    public string Name { get; init; } = string.Empty;

    public List<Rule> Rules { get; init; } = [];
}

public sealed class Rule
{
    public string? Alert { get; init; }

    public string? Record { get; init; }

    public string Expr { get; init; } = string.Empty;

    public string? For { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];

    public Dictionary<string, string> Annotations { get; init; } = [];
}
