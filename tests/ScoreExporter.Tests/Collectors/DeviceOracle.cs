using System.Text.Json;
using DefenderSimulator;
using ScoreExporter.Tests.Simulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What <c>defender_devices</c> should say for a tenant, counted independently of the exporter: every page of the
/// simulator's <c>/api/machines</c> fetched by <c>$skip</c> and parsed whole with a plain HttpClient; enum values in
/// their documented casing (first letter upper), whichever casing the answer used.
/// </summary>
internal static class DeviceOracle
{
    public static async Task<Dictionary<string, double>> CountAsync(SimulatorServer simulator, SimulatedTenant tenant)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.TokenAsync(tenant);
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        const int Top = 10_000;
        for (var skip = 0; ; skip += Top)
        {
            using var response = await http.GetScoreAsync(token, path: $"api/machines?$top={Top}&$skip={skip}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return counts;
            }

            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var items = 0;
            foreach (var machine in page.RootElement.GetProperty("value").EnumerateArray())
            {
                var key = Key(Text(machine, "rbacGroupName"), Text(machine, "osPlatform"), Enum(machine, "healthStatus"),
                    Enum(machine, "onboardingStatus"), Enum(machine, "riskScore"), Enum(machine, "exposureLevel"));
                counts[key] = counts.GetValueOrDefault(key) + 1;
                items++;
            }

            if (items < Top)
            {
                return counts;
            }
        }
    }

    /// <summary>The series key of a <c>defender_devices</c> sample, in the oracle's terms.</summary>
    public static string Key(IReadOnlyDictionary<string, string> labels) => Key(
        labels["device_group"], labels["os_platform"], labels["health_status"], labels["onboarding_status"], labels["risk_score"], labels["exposure_level"]);

    private static string Key(params string[] values) => string.Join('|', values);

    private static string Enum(JsonElement machine, string property) =>
        Text(machine, property) is var text && text != "(none)" ? char.ToUpperInvariant(text[0]) + text[1..] : "(none)";

    private static string Text(JsonElement machine, string property) =>
        machine.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : "(none)";
}
