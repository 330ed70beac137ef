using System.Globalization;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace ScoreExporter.Tests.Otlp;

/// <summary>One request an <see cref="OtlpReceiver"/> decoded, and what it carries, flattened to series.</summary>
public sealed record OtlpExport(string Path, string? ContentType, string HttpProtocol, ExportMetricsServiceRequest Request)
{
    public ResourceMetrics Resource => Assert.Single(Request.ResourceMetrics);

    /// <summary>The resource's attributes, values as text.</summary>
    public IReadOnlyDictionary<string, string> ResourceAttributes => Text(Resource.Resource.Attributes);

    public IEnumerable<Metric> Metrics => Resource.ScopeMetrics.SelectMany(s => s.Metrics);

    /// <summary>Every point of every metric, one series each.</summary>
    public IReadOnlyList<OtlpSeries> Series => Resource.ScopeMetrics
        .SelectMany(scope => scope.Metrics.SelectMany(metric => Points(scope.Scope.Name, metric)))
        .ToList();

    public static IReadOnlyDictionary<string, string> Text(IEnumerable<KeyValue> attributes) =>
        attributes.ToDictionary(a => a.Key, a => a.Value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => a.Value.StringValue,
            AnyValue.ValueOneofCase.IntValue => a.Value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => a.Value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BoolValue => a.Value.BoolValue ? "true" : "false",
            _ => throw new InvalidDataException($"attribute {a.Key} holds a {a.Value.ValueCase}"),
        });

    private static IEnumerable<OtlpSeries> Points(string scope, Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => OtlpSeries.From(scope, metric, p, OtlpKind.Gauge)),
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => OtlpSeries.From(scope, metric, p,
            metric.Sum.IsMonotonic ? OtlpKind.MonotonicSum : OtlpKind.Sum, metric.Sum.AggregationTemporality)),
        _ => throw new InvalidDataException($"{metric.Name} is a {metric.DataCase}; the exporter has only gauges and sums"),
    };
}
