using System.Net;
using System.Text.Json;

namespace ScoreExporter.Tests.Simulator;

/// <summary>Reads <c>/api/machines</c> page by page, following <c>@odata.nextLink</c> as a client would.</summary>
internal static class MachinePages
{
    public static async Task<List<JsonElement>> ReadAllAsync(SimulatorHttp http, string token, string firstPath = "api/machines", bool https = false, int maxPages = 100)
    {
        var machines = new List<JsonElement>();
        string? next = firstPath;
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < maxPages, "too many pages");
            using var response = await http.GetScoreAsync(token, https, next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            machines.AddRange(body.RootElement.GetProperty("value").EnumerateArray().Select(m => m.Clone()));
            next = body.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }

        return machines;
    }

    public static async Task<JsonDocument> ReadPageAsync(SimulatorHttp http, string token, string path, bool https = false)
    {
        using var response = await http.GetScoreAsync(token, https, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
