using System.Text.Json;
using DefenderSimulator;
using ScoreExporter.Tests.Simulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What the Graph collectors should publish for a tenant, computed independently of the exporter from the simulator's
/// answers fetched whole with a plain HttpClient (every page by nextLink).
/// </summary>
internal static class GraphOracle
{
    private static readonly string[] Categories = ["Identity", "Data", "Device", "Apps", "Infrastructure"];
    private static readonly string[] Statuses = ["active", "inProgress", "awaitingAction", "redirected", "resolved"];
    private static readonly string[] Severities = ["unknown", "informational", "low", "medium", "high"];

    public static async Task<(JsonElement Snapshot, Dictionary<string, double> Points, Dictionary<string, double> Maxima)> SecureScoreAsync(
        SimulatorServer simulator, SimulatedTenant tenant)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.GraphTokenAsync(tenant);
        using var scores = await JsonDocument.ParseAsync(await (await http.GetScoreAsync(token, path: "v1.0/security/secureScores?$top=1")).Content.ReadAsStreamAsync());
        var snapshot = scores.RootElement.GetProperty("value")[0].Clone();
        var profileMax = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var profile in await AllAsync(http, token, "v1.0/security/secureScoreControlProfiles"))
        {
            profileMax[profile.GetProperty("id").GetString()!] = profile.GetProperty("maxScore").GetDouble();
        }

        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        var maxima = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var control in snapshot.GetProperty("controlScores").EnumerateArray())
        {
            var category = Canonical(control.GetProperty("controlCategory").GetString()!, Categories, upper: true);
            points[category] = points.GetValueOrDefault(category) + control.GetProperty("score").GetDouble();
            maxima[category] = maxima.GetValueOrDefault(category) + profileMax.GetValueOrDefault(control.GetProperty("controlName").GetString()!);
        }

        return (snapshot, points, maxima);
    }

    /// <summary>Open incidents by "severity|status|assigned", and the oldest createdDateTime per severity, from the unfiltered listing.</summary>
    public static async Task<(Dictionary<string, double> Counts, Dictionary<string, DateTimeOffset> Oldest)> IncidentsAsync(SimulatorServer simulator, SimulatedTenant tenant)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.GraphTokenAsync(tenant);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var oldest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var incident in await AllAsync(http, token, "v1.0/security/incidents"))
        {
            var status = Canonical(incident.GetProperty("status").GetString()!, Statuses, upper: false);
            if (status == "resolved")
            {
                continue;
            }

            var severity = Canonical(incident.GetProperty("severity").GetString()!, Severities, upper: false);
            var assigned = incident.TryGetProperty("assignedTo", out var to) && to.ValueKind == JsonValueKind.String && to.GetString()!.Length > 0;
            var key = $"{severity}|{status}|{(assigned ? "true" : "false")}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            var created = incident.GetProperty("createdDateTime").GetDateTimeOffset();
            oldest[severity] = oldest.TryGetValue(severity, out var known) && known < created ? known : created;
        }

        return (counts, oldest);
    }

    private static async Task<List<JsonElement>> AllAsync(SimulatorHttp http, string token, string path)
    {
        var items = new List<JsonElement>();
        for (var next = path; next is not null;)
        {
            using var response = await http.GetScoreAsync(token, path: next, prefer: "include-unknown-enum-members");
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            items.AddRange(page.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
            next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery.TrimStart('/') : null;
        }

        return items;
    }

    private static string Canonical(string value, string[] known, bool upper) =>
        known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase))
        ?? (upper ? char.ToUpperInvariant(value[0]) : char.ToLowerInvariant(value[0])) + value[1..];
}
