using System.Text.RegularExpressions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>The exporter's metric names from the design contract, and how to find them in PromQL.</summary>
public static partial class ContractMetrics
{
    /// <summary>Collector names, the values of the `collector` label.</summary>
    public static readonly IReadOnlyList<string> Collectors = ["configuration_score", "exposure_score", "device_group_exposure_score", "devices"];

    /// <summary>The application permission (WindowsDefenderATP) each collector's endpoint needs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Permissions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["configuration_score"] = "Score.Read.All",
        ["exposure_score"] = "Score.Read.All",
        ["device_group_exposure_score"] = "Score.Read.All",
        ["devices"] = "Machine.Read.All",
    };

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "defender_device_secure_score",
        "defender_device_secure_score_updated_timestamp_seconds",
        "defender_exposure_score",
        "defender_device_group_exposure_score",
        "defender_devices",
        "defender_up",
        "defender_scrape_last_success_timestamp_seconds",
        "defender_scrape_errors_total",
        "defender_scrapes_total",
        "defender_scrape_duration_seconds",
        "defender_api_requests_total",
        "defender_tenant_info",
        "defender_exporter_build_info",
        "defender_exporter_shard_info",
    };

    /// <summary>Exporter metric names used in an expression (recording rules such as <c>tenant:defender_x:y</c> excluded).</summary>
    public static IEnumerable<string> UsedIn(string promql) => ExporterMetric().Matches(promql).Select(m => m.Value).Distinct();

    /// <summary>Every selector of an exporter metric, with its matchers if any: (name, "{...}" or "").</summary>
    public static IEnumerable<(string Name, string Matchers)> SelectorsIn(string promql) =>
        ExporterSelector().Matches(promql).Select(m => (m.Groups["name"].Value, m.Groups["matchers"].Value));

    [GeneratedRegex(@"(?<![\w:])defender_[a-z0-9_]+(?![\w:])")]
    private static partial Regex ExporterMetric();

    [GeneratedRegex(@"(?<![\w:])(?<name>defender_[a-z0-9_]+)(?![\w:])\s*(?<matchers>\{[^}]*\})?")]
    private static partial Regex ExporterSelector();
}
