using System.Collections.Concurrent;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace ScoreExporter.Tests.Otlp;

/// <summary>The OTLP/gRPC metrics service of <see cref="OtlpReceiver"/>: keeps each request and accepts it whole.</summary>
public sealed class OtlpMetricsService(ConcurrentQueue<OtlpExport> exports) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext().Request;
        exports.Enqueue(new OtlpExport(http.Path, http.ContentType, http.Protocol, request));
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
