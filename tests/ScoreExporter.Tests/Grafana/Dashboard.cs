using System.Text.Json.Nodes;

namespace ScoreExporter.Tests.Grafana;

/// <summary>The shipped Grafana dashboard, read as JSON: its variables, its panels (rows flattened) and their queries.</summary>
public sealed class Dashboard
{
    private Dashboard(JsonObject root) => Root = root;

    public static string ShippedPath => Infrastructure.RepoPaths.Combine("grafana", "dashboards", "defender-secure-score.json");

    public JsonObject Root { get; }

    public IReadOnlyList<JsonObject> Variables => (Root["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>().ToList();

    /// <summary>Every panel, with those nested in collapsed rows, rows included.</summary>
    public IReadOnlyList<JsonObject> AllPanels => Flatten(Root["panels"]?.AsArray() ?? []).ToList();

    public IReadOnlyList<JsonObject> Panels => AllPanels.Where(p => (string?)p["type"] != "row").ToList();

    public IEnumerable<PanelQuery> Queries => Panels.SelectMany(panel =>
        (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>().Select(t => new PanelQuery(
            (int)panel["id"]!,
            (string?)panel["title"] ?? string.Empty,
            (string?)panel["type"] ?? string.Empty,
            (string?)t["refId"] ?? string.Empty,
            (string?)t["expr"] ?? string.Empty,
            (bool?)t["instant"] ?? false,
            (string?)panel["interval"])));

    public static Dashboard LoadShipped() => Parse(File.ReadAllText(ShippedPath));

    public static Dashboard Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    public JsonObject Variable(string name) =>
        Variables.SingleOrDefault(v => (string?)v["name"] == name) ?? throw new KeyNotFoundException($"no variable ${name}");

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Flatten(panel["panels"]?.AsArray() ?? []))
            {
                yield return nested;
            }
        }
    }
}

/// <summary>One query of one panel, as written in the dashboard (variables not yet substituted).</summary>
public sealed record PanelQuery(int PanelId, string PanelTitle, string PanelType, string RefId, string Expr, bool Instant, string? MinInterval)
{
    public override string ToString() => $"panel {PanelId} '{PanelTitle}' {RefId}";
}
