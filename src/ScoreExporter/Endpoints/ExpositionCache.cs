using Microsoft.Extensions.Primitives;
using ScoreExporter.Polling;

namespace ScoreExporter.Endpoints;

/// <summary>
/// Serialises /metrics once per change instead of once per scrape. The values change only when a poll publishes,
/// a counter moves or a score goes stale, so the last body of each format (text 0.0.4, OpenMetrics: chosen by the
/// Accept and Accept-Encoding headers) is kept with the <see cref="ExpositionStamp"/> it was rendered at and served again until the
/// stamp moves. A scrape therefore never shows less than the last completed poll.
/// </summary>
public sealed partial class ExpositionCache(TenantRegistry registry, TimeProvider time, ILogger<ExpositionCache> logger) : IMiddleware, IDisposable
{
    public const string Path = "/metrics";

    /// <summary>Prometheus sends one Accept header per version; a client that varies it is served, just not cached.</summary>
    private const int MaxFormats = 4;

    /// <summary>
    /// Bodies are written in slices so Kestrel's flow control holds back for a slow reader: one write of a whole
    /// multi-megabyte body would be copied into each connection's buffers at once.
    /// </summary>
    private const int WriteSlice = 64 * 1024;

    private static readonly string[] ReplayedHeaders = ["Content-Type", "Content-Encoding", "Last-Modified", "Vary"];

    private readonly Dictionary<string, Rendering> kept = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    // One rendering at a time: a scrape that arrives meanwhile waits for it rather than serialising again.
    private readonly SemaphoreSlim renderingOne = new(1, 1);
    private long renderings;

    // Sized from the last rendering, so the buffer is allocated once per rendering at about the right size.
    private int lastLength = 64 * 1024;

    /// <summary>Scrapes the Prometheus endpoint answered itself (the others were served a kept body).</summary>
    public long Renderings => Interlocked.Read(ref renderings);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(Path, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        // The body depends on both: the format, and whether the exporter compressed it (Prometheus asks for gzip).
        var format = $"{context.Request.Headers.Accept}|{context.Request.Headers.AcceptEncoding}";
        if (Current(format) is { } cached)
        {
            await ServeAsync(context, cached);
            return;
        }

        // Rendered under the lock, sent after it: a slow reader never holds up the other scrapes.
        Rendering? toServe = null;
        (byte[] Body, int Length) fresh = ([], 0);
        await renderingOne.WaitAsync(context.RequestAborted);
        try
        {
            toServe = Current(format);
            if (toServe is null)
            {
                // Taken before rendering: whatever changes meanwhile moves the stamp and the next scrape renders again.
                var stamp = ExpositionStamp.Take(registry, time.GetUtcNow());
                Interlocked.Increment(ref renderings);
                fresh = await RenderAsync(context, next, lastLength);
                if (context.Response.StatusCode == StatusCodes.Status200OK)
                {
                    lastLength = fresh.Length;
                    Keep(format, new Rendering(stamp, fresh.Body, fresh.Length, HeadersOf(context.Response)));
                }
                else
                {
                    // The SDK answers a failed serialisation with a bare 500 and no word; the commonest cause at scale
                    // is its 100 MB cap on one exposition.
                    RenderingFailed(logger, context.Response.StatusCode, registry.Tenants.Count, lastLength);
                }
            }
        }
        finally
        {
            renderingOne.Release();
        }

        if (toServe is not null)
        {
            await ServeAsync(context, toServe);
            return;
        }

        if (!context.Response.HasStarted)
        {
            context.Response.ContentLength = fresh.Length;
        }

        await WriteAsync(context.Response.Body, fresh.Body, fresh.Length, context.RequestAborted);
    }

    private Rendering? Current(string format)
    {
        Rendering? found;
        lock (gate)
        {
            found = kept.GetValueOrDefault(format);
        }

        if (found is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return found.Stamp.StillShows(ExpositionStamp.Take(registry, now), now) ? found : null;
    }

    private void Keep(string format, Rendering rendering)
    {
        lock (gate)
        {
            if (kept.Count < MaxFormats || kept.ContainsKey(format))
            {
                kept[format] = rendering;
            }
        }
    }

    /// <summary>Lets the Prometheus endpoint answer into a buffer; its status and headers stay on the response.</summary>
    private static async Task<(byte[] Body, int Length)> RenderAsync(HttpContext context, RequestDelegate next, int expectedLength)
    {
        var response = context.Response;
        var original = response.Body;

        // The stream's own array becomes the kept body, without a copy; the next rendering gets a new stream.
        using var buffer = new MemoryStream(expectedLength + (expectedLength / 8));
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    private static (string Name, StringValues Value)[] HeadersOf(HttpResponse response) =>
        ReplayedHeaders.Select(name => (name, response.Headers[name])).Where(h => !StringValues.IsNullOrEmpty(h.Item2)).ToArray();

    public void Dispose() => renderingOne.Dispose();

    private static Task ServeAsync(HttpContext context, Rendering rendering)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in rendering.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = rendering.Length;
        return WriteAsync(response.Body, rendering.Body, rendering.Length, context.RequestAborted);
    }

    private static async Task WriteAsync(Stream destination, byte[] body, int length, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < length; offset += WriteSlice)
        {
            await destination.WriteAsync(body.AsMemory(offset, Math.Min(WriteSlice, length - offset)), cancellationToken);
        }
    }

    private sealed record Rendering(ExpositionStamp Stamp, byte[] Body, int Length, (string Name, StringValues Value)[] Headers);

    [LoggerMessage(30, LogLevel.Error, "/metrics could not be rendered (HTTP {Status}) for {Tenants} tenants; the last body was {LastBytes} bytes and "
        + "the OpenTelemetry Prometheus exporter refuses one over 100 MB: split the tenants across replicas (Defender:TotalShards) or switch collectors off")]
    private static partial void RenderingFailed(ILogger logger, int status, int tenants, int lastBytes);
}
