using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Otlp;

/// <summary>
/// An OTLP metrics receiver on loopback, as a collector's otlp receiver answers: OTLP/HTTP (POST /v1/metrics,
/// application/x-protobuf) on HTTP/1.1, or OTLP/gRPC (the MetricsService) on cleartext HTTP/2. Keeps every request.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    public const string ProtobufContentType = "application/x-protobuf";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<OtlpExport> exports;

    private OtlpReceiver(WebApplication app, ConcurrentQueue<OtlpExport> exports, Uri baseAddress)
    {
        this.app = app;
        this.exports = exports;
        BaseAddress = baseAddress;
    }

    /// <summary>The base URL an exporter is given (Otlp:Endpoint).</summary>
    public Uri BaseAddress { get; }

    public IReadOnlyList<OtlpExport> Exports => exports.ToArray();

    public static Task<OtlpReceiver> StartHttpAsync(int port = 0) => StartAsync(grpc: false, port);

    public static Task<OtlpReceiver> StartGrpcAsync() => StartAsync(grpc: true, port: 0);

    /// <summary>Waits (bounded) until more than <paramref name="count"/> requests have arrived; returns the newest.</summary>
    public async Task<OtlpExport> WaitForMoreThanAsync(int count)
    {
        await Eventually.TrueAsync(() => exports.Count > count, $"an OTLP export after the first {count}");
        return exports.Last();
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }

    private static async Task<OtlpReceiver> StartAsync(bool grpc, int port)
    {
        var exports = new ConcurrentQueue<OtlpExport>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
            listen.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Services.AddSingleton(exports);
        if (grpc)
        {
            builder.Services.AddGrpc();
        }

        var app = builder.Build();
        if (grpc)
        {
            app.MapGrpcService<OtlpMetricsService>();
        }
        else
        {
            app.MapPost("/v1/metrics", async (HttpContext context) =>
            {
                if (context.Request.ContentType != ProtobufContentType)
                {
                    return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
                }

                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                var request = ExportMetricsServiceRequest.Parser.ParseFrom(body.ToArray());
                exports.Enqueue(new OtlpExport(context.Request.Path, context.Request.ContentType, context.Request.Protocol, request));
                return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), ProtobufContentType);
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new OtlpReceiver(app, exports, new Uri(address));
    }
}
