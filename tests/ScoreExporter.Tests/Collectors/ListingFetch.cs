using System.Text.Json;
using DefenderSimulator;
using ScoreExporter.Tests.Simulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>Every item of a simulator's Defender API listing, fetched page by page with a plain HttpClient, parsed whole.</summary>
internal static class ListingFetch
{
    public const int Top = 10_000;

    public static async Task<List<JsonElement>> AllAsync(SimulatorServer simulator, SimulatedTenant tenant, string path)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.TokenAsync(tenant);
        var items = new List<JsonElement>();
        for (var skip = 0; ; skip += Top)
        {
            using var page = await http.GetJsonAsync(token, $"{path}?$top={Top}&$skip={skip}");
            var values = page.RootElement.GetProperty("value").EnumerateArray().Select(v => v.Clone()).ToList();
            items.AddRange(values);
            if (values.Count < Top)
            {
                return items;
            }
        }
    }

    public static string Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text.Trim()
            : "(none)";
}
