using Microsoft.Extensions.Primitives;
using ScoreExporter.Polling;

namespace ScoreExporter.Endpoints;

/// <summary>
/// Serialises /metrics once per change instead of once per scrape. The values change only when a poll publishes,
/// a counter moves or a score goes stale, so the last body of each format (text 0.0.4, OpenMetrics: chosen by the
/// Accept header) is kept with the <see cref="ExpositionStamp"/> it was rendered at and served again until the
/// stamp moves. A scrape therefore never shows less than the last completed poll.
/// </summary>
public sealed class ExpositionCache(TenantRegistry registry, TimeProvider time) : IMiddleware, IDisposable
{
    public const string Path = "/metrics";

    /// <summary>Prometheus sends one Accept header per version; a client that varies it is served, just not cached.</summary>
    private const int MaxFormats = 4;

    /// <summary>
    /// Bodies are written in slices so Kestrel's flow control holds back for a slow reader: one write of a whole
    /// multi-megabyte body would be copied into each connection's buffers at once.
    /// </summary>
    private const int WriteSlice = 64 * 1024;

    private static readonly string[] ReplayedHeaders = ["Content-Type", "Last-Modified", "Vary"];

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

        var format = context.Request.Headers.Accept.ToString();
        if (Current(format) is { } cached)
        {
            await ServeAsync(context, cached);
            return;
        }

        await renderingOne.WaitAsync(context.RequestAborted);
        try
        {
            if (Current(format) is { } rendered)
            {
                await ServeAsync(context, rendered);
                return;
            }

            // Taken before rendering: whatever changes meanwhile moves the stamp and the next scrape renders again.
            var stamp = ExpositionStamp.Take(registry, time.GetUtcNow());
            Interlocked.Increment(ref renderings);
            var rendering = await RenderAsync(context, next, stamp, lastLength);
            if (rendering is not null)
            {
                lastLength = rendering.Length;
                Keep(format, rendering);
            }
        }
        finally
        {
            renderingOne.Release();
        }
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

    /// <summary>Lets the Prometheus endpoint answer into a buffer, then sends and keeps its bytes if it succeeded.</summary>
    private static async Task<Rendering?> RenderAsync(HttpContext context, RequestDelegate next, ExpositionStamp stamp, int expectedLength)
    {
        var response = context.Response;
        var original = response.Body;
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

        // The stream's own array becomes the kept body: no copy; the next rendering gets a new stream.
        var body = buffer.GetBuffer();
        var length = (int)buffer.Length;
        if (!response.HasStarted)
        {
            response.ContentLength = length;
        }

        await WriteAsync(original, body, length, context.RequestAborted);
        if (response.StatusCode != StatusCodes.Status200OK)
        {
            return null;
        }

        var headers = ReplayedHeaders.Select(name => (name, response.Headers[name])).Where(h => !StringValues.IsNullOrEmpty(h.Item2)).ToArray();
        return new Rendering(stamp, body, length, headers);
    }

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
}
