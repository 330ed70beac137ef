using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What the recommendations series should say for a tenant, computed independently of the exporter from the whole
/// listing: exposed ones counted and their devices summed per label set, impacts of the Active ones summed per
/// category, and the top N Active by exposure impact (ties by id).
/// </summary>
internal sealed class RecommendationOracle
{
    public Dictionary<string, double> Counts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> ExposedDevices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> ScoreImpact { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> ExposureImpact { get; } = new(StringComparer.Ordinal);

    /// <summary>(category|id|name, exposed devices), best first.</summary>
    public List<(string Key, double Devices)> Top { get; } = [];

    public int Listed { get; private set; }

    public static async Task<RecommendationOracle> ComputeAsync(SimulatorServer simulator, SimulatedTenant tenant, int topN)
    {
        var oracle = new RecommendationOracle();
        var items = await ListingFetch.AllAsync(simulator, tenant, "api/recommendations");
        oracle.Listed = items.Count;
        var active = new List<(double Impact, string Id, string Category, string Name, long Devices)>();
        foreach (var item in items)
        {
            var category = ListingFetch.Text(item, "recommendationCategory");
            var status = ListingFetch.Text(item, "status");
            var exposed = item.GetProperty("exposedMachinesCount").GetInt64();
            if (exposed >= 1)
            {
                var key = Key(category, ListingFetch.Text(item, "remediationType"), status, item.GetProperty("publicExploit").GetBoolean() ? "true" : "false");
                oracle.Counts[key] = oracle.Counts.GetValueOrDefault(key) + 1;
                oracle.ExposedDevices[key] = oracle.ExposedDevices.GetValueOrDefault(key) + exposed;
            }

            if (status == "Active")
            {
                oracle.ScoreImpact[category] = oracle.ScoreImpact.GetValueOrDefault(category) + item.GetProperty("configScoreImpact").GetDouble();
                oracle.ExposureImpact[category] = oracle.ExposureImpact.GetValueOrDefault(category) + item.GetProperty("exposureImpact").GetDouble();
                active.Add((item.GetProperty("exposureImpact").GetDouble(), ListingFetch.Text(item, "id"), category, ListingFetch.Text(item, "recommendationName"), exposed));
            }
        }

        oracle.Top.AddRange(active
            .OrderByDescending(a => a.Impact).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(topN)
            .Select(a => (Key(a.Category, a.Id, a.Name), (double)a.Devices)));
        return oracle;
    }

    public static string Key(params string[] values) => string.Join('|', values);
}
