using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ScoreExporter.Tests.Simulator;

/// <summary>
/// Reads <c>/api/machines</c> as a client of the real API must: <c>$top</c> and <c>$skip</c> until a short page, never
/// following a nextLink (with <c>$top</c> none comes back).
/// </summary>
internal static class MachinePages
{
    public static async Task<List<JsonElement>> ReadAllAsync(SimulatorHttp http, string token, string firstPath = "api/machines", bool https = false, int maxPages = 100)
    {
        var (path, query) = firstPath.Split('?') is [var p, var q] ? (p, q) : (firstPath, string.Empty);
        var top = query.Split('&').Select(o => o.Split('=')).FirstOrDefault(o => o[0] == "$top") is [_, var value]
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : 10_000;
        var machines = new List<JsonElement>();
        for (var page = 0; ; page++)
        {
            Assert.True(page < maxPages, "too many pages");
            using var body = await ReadPageAsync(http, token, string.Create(CultureInfo.InvariantCulture, $"{path}?$top={top}{(page == 0 ? string.Empty : $"&$skip={page * top}")}"), https);
            Assert.False(body.RootElement.TryGetProperty("@odata.nextLink", out _), "a page asked for with $top has no nextLink");
            var values = body.RootElement.GetProperty("value").EnumerateArray().Select(m => m.Clone()).ToList();
            machines.AddRange(values);
            if (values.Count < top)
            {
                return machines;
            }
        }
    }

    public static async Task<JsonDocument> ReadPageAsync(SimulatorHttp http, string token, string path, bool https = false)
    {
        using var response = await http.GetScoreAsync(token, https, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
