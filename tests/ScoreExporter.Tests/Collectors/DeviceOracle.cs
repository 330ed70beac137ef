using System.Text.Json;
using DefenderSimulator;
using ScoreExporter.Tests.Simulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What <c>defender_devices</c> should say for a tenant, counted independently of the exporter: every page of the
/// simulator's <c>/api/machines</c> fetched and parsed whole with a plain HttpClient.
/// </summary>
internal static class DeviceOracle
{
    public static async Task<Dictionary<string, double>> CountAsync(SimulatorServer simulator, SimulatedTenant tenant)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.TokenAsync(tenant);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var path = "api/machines?$top=10000";
        while (path is not null)
        {
            using var response = await http.GetScoreAsync(token, path: path);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            foreach (var machine in page.RootElement.GetProperty("value").EnumerateArray())
            {
                var key = Key(Text(machine, "rbacGroupName"), Text(machine, "osPlatform"), Text(machine, "healthStatus"),
                    Text(machine, "onboardingStatus"), Text(machine, "riskScore"), Text(machine, "exposureLevel"));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            path = page.RootElement.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { } link
                ? new Uri(link).PathAndQuery.TrimStart('/')
                : null;
        }

        return counts;
    }

    /// <summary>The series key of a <c>defender_devices</c> sample, in the oracle's terms.</summary>
    public static string Key(IReadOnlyDictionary<string, string> labels) => Key(
        labels["device_group"], labels["os_platform"], labels["health_status"], labels["onboarding_status"], labels["risk_score"], labels["exposure_level"]);

    private static string Key(params string[] values) => string.Join('|', values);

    private static string Text(JsonElement machine, string property) =>
        machine.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : "(none)";
}
