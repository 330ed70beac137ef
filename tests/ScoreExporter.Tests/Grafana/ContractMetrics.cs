using System.Text.RegularExpressions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>The exporter's metric names from the design contract, and how to find them in PromQL.</summary>
public static partial class ContractMetrics
{
    /// <summary>Collector names, the values of the `collector` label.</summary>
    public static readonly IReadOnlyList<string> Collectors =
        ["configuration_score", "exposure_score", "device_group_exposure_score", "devices", "secure_score", "incidents", "recommendations", "antivirus"];

    /// <summary>The application permission each collector's endpoint needs (WindowsDefenderATP, or Microsoft Graph for secure_score and incidents).</summary>
    public static readonly IReadOnlyDictionary<string, string> Permissions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["configuration_score"] = "Score.Read.All",
        ["exposure_score"] = "Score.Read.All",
        ["device_group_exposure_score"] = "Score.Read.All",
        ["devices"] = "Machine.Read.All",
        ["secure_score"] = "SecurityEvents.Read.All",
        ["incidents"] = "SecurityIncident.Read.All",
        ["recommendations"] = "SecurityRecommendation.Read.All",
        ["antivirus"] = "Machine.Read.All",
    };

    /// <summary>The collector that publishes each posture metric; status and info metrics belong to none.</summary>
    public static readonly IReadOnlyDictionary<string, string> CollectorOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["defender_device_secure_score"] = "configuration_score",
        ["defender_device_secure_score_updated_timestamp_seconds"] = "configuration_score",
        ["defender_exposure_score"] = "exposure_score",
        ["defender_device_group_exposure_score"] = "device_group_exposure_score",
        ["defender_devices"] = "devices",
        ["defender_secure_score"] = "secure_score",
        ["defender_secure_score_max"] = "secure_score",
        ["defender_secure_score_category"] = "secure_score",
        ["defender_secure_score_category_max"] = "secure_score",
        ["defender_secure_score_comparative"] = "secure_score",
        ["defender_secure_score_created_timestamp_seconds"] = "secure_score",
        ["defender_secure_score_control"] = "secure_score",
        ["defender_secure_score_control_max"] = "secure_score",
        ["defender_incidents"] = "incidents",
        ["defender_incident_oldest_open_timestamp_seconds"] = "incidents",
        ["defender_security_recommendations"] = "recommendations",
        ["defender_security_recommendation_exposed_devices"] = "recommendations",
        ["defender_security_recommendation_score_impact"] = "recommendations",
        ["defender_security_recommendation_exposure_impact"] = "recommendations",
        ["defender_security_recommendation_top_exposed_devices"] = "recommendations",
        ["defender_antivirus_devices"] = "antivirus",
        ["defender_antivirus_signature_oldest_update_timestamp_seconds"] = "antivirus",
    };

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "defender_device_secure_score",
        "defender_device_secure_score_updated_timestamp_seconds",
        "defender_exposure_score",
        "defender_device_group_exposure_score",
        "defender_devices",
        "defender_secure_score",
        "defender_secure_score_max",
        "defender_secure_score_category",
        "defender_secure_score_category_max",
        "defender_secure_score_comparative",
        "defender_secure_score_created_timestamp_seconds",
        "defender_secure_score_control",
        "defender_secure_score_control_max",
        "defender_incidents",
        "defender_incident_oldest_open_timestamp_seconds",
        "defender_security_recommendations",
        "defender_security_recommendation_exposed_devices",
        "defender_security_recommendation_score_impact",
        "defender_security_recommendation_exposure_impact",
        "defender_security_recommendation_top_exposed_devices",
        "defender_antivirus_devices",
        "defender_antivirus_signature_oldest_update_timestamp_seconds",
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
