using System.Globalization;
using System.Text.Json;

namespace ScoreExporter.Tests.Grafana;

/// <summary>Reads Prometheus query results: an instant vector's or a matrix's series, their labels and values.</summary>
public static class QueryResult
{
    /// <summary>Whether any series holds a finite sample (Grafana draws nothing for an empty result, NaN or Inf).</summary>
    public static bool HasFiniteValue(JsonElement result) => result.EnumerateArray().Any(series =>
        series.TryGetProperty("value", out var sample) ? IsFinite(sample) : series.GetProperty("values").EnumerateArray().Any(IsFinite));

    /// <summary>The value of one series of an instant vector.</summary>
    public static double Value(JsonElement series) => double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    public static string Label(JsonElement series, string name) => series.GetProperty("metric").GetProperty(name).GetString()!;

    private static bool IsFinite(JsonElement sample) => double.IsFinite(double.Parse(sample[1].GetString()!, CultureInfo.InvariantCulture));
}
