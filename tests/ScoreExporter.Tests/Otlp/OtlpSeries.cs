using OpenTelemetry.Proto.Metrics.V1;

namespace ScoreExporter.Tests.Otlp;

public enum OtlpKind
{
    Gauge,
    Sum,
    MonotonicSum,
}

/// <summary>One data point as OTLP carries it: the instrument's name and unit, its kind, attributes and value.</summary>
public sealed record OtlpSeries(
    string Scope,
    string Name,
    string Unit,
    OtlpKind Kind,
    AggregationTemporality Temporality,
    IReadOnlyDictionary<string, string> Attributes,
    double Value,
    ulong StartTimeUnixNano,
    ulong TimeUnixNano)
{
    /// <summary>
    /// The name the same series has on /metrics, by the naming rules of the OpenTelemetry Prometheus exporter (the
    /// same rules Prometheus' own OTLP receiver applies when it writes these series):
    /// <list type="number">
    /// <item>OTLP carries the instrument's name as created (<c>defender_scrapes_total</c>, <c>defender_up</c>), and
    /// its unit separately (UCUM: <c>s</c>).</item>
    /// <item>A unit becomes a suffix unless the name already ends with it: <c>s</c> is <c>seconds</c>, so
    /// <c>defender_scrape_duration_seconds</c> with unit <c>s</c> stays as it is; a name without the suffix would gain
    /// <c>_seconds</c>.</item>
    /// <item>A monotonic sum (a counter) ends in <c>_total</c>, added unless the name already has it: the exporter's
    /// counters are named with it, so <c>defender_scrapes_total</c> is the same on both paths; a counter named
    /// <c>defender_scrapes</c> would be <c>defender_scrapes_total</c> on /metrics.</item>
    /// <item>Gauges and non-monotonic sums get no <c>_total</c>.</item>
    /// </list>
    /// </summary>
    public string PrometheusName
    {
        get
        {
            var name = Name;
            if (UnitSuffix(Unit) is { } suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
            {
                name += "_" + suffix;
            }

            if (Kind == OtlpKind.MonotonicSum && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }

            return name;
        }
    }

    public static OtlpSeries From(string scope, Metric metric, NumberDataPoint point, OtlpKind kind, AggregationTemporality temporality = AggregationTemporality.Unspecified) => new(
        scope,
        metric.Name,
        metric.Unit,
        kind,
        temporality,
        OtlpExport.Text(point.Attributes),
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble,
        point.StartTimeUnixNano,
        point.TimeUnixNano);

    /// <summary>The units the exporter's instruments use; any other would need its own rule.</summary>
    private static string? UnitSuffix(string unit) => unit switch
    {
        "" => null,
        "s" => "seconds",
        _ => throw new InvalidDataException($"unit '{unit}' has no naming rule here"),
    };
}
