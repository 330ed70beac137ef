using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DefenderSimulator;

/// <summary>
/// <c>GET /api/configurationScore</c> (and <c>/api/exposureScore</c>): the bearer token names the tenant, as in the
/// real service; faults apply per tenant. The http and https listeners serve the same handler.
/// </summary>
internal sealed class ScoreEndpoint(SimulatorServer server, TokenEndpoint tokens, ScoreResource resource)
{
    private static readonly TimeSpan ResetDelay = TimeSpan.FromMilliseconds(100);

    public async Task HandleAsync(HttpContext context)
    {
        var tenant = tokens.Validate(context.Request.Headers.Authorization, out var issuedTo);
        if (tenant is null)
        {
            issuedTo?.CountUnauthenticatedApiRequest();
            await ErrorAsync(context, issuedTo, ApiFault.Unauthorized());
            return;
        }

        var fault = tenant.TakeApiFault();
        switch (fault?.Kind)
        {
            case null:
                await WriteAsync(context, tenant, 200, "application/json; odata.metadata=minimal", ScoreJson(tenant));
                break;
            case ApiFaultKind.Status or ApiFaultKind.TooManyRequests:
                await ErrorAsync(context, tenant, fault);
                break;
            case ApiFaultKind.Body:
                await WriteAsync(context, tenant, fault.StatusCode, fault.ContentType, Encoding.UTF8.GetBytes(fault.Content ?? string.Empty));
                break;
            case ApiFaultKind.Hang:
                Log(tenant, 0);
                await Waiting.HangAsync(context, server.Stopping);
                break;
            case ApiFaultKind.ResetMidBody:
                await ResetMidBodyAsync(context, tenant);
                break;
            case ApiFaultKind.Oversized:
                await OversizedAsync(context, tenant, fault.Bytes);
                break;
            case ApiFaultKind.SlowDrip:
                await SlowDripAsync(context, tenant, fault.PerByte);
                break;
            case ApiFaultKind.Gzip:
                await GzipAsync(context, tenant);
                break;
        }
    }

    private byte[] ScoreJson(SimulatedTenant tenant) => resource == ScoreResource.Configuration
        ? tenant.ScoreBody(static (score, time) => Render(ScoreResource.Configuration, score, time))
        : Render(resource, tenant.CurrentExposureScore.Score, tenant.CurrentExposureScore.Time);

    private static byte[] Render(ScoreResource resource, double score, DateTimeOffset time)
    {
        // Seven fractional digits and a Z, as the service writes it: 2019-12-03T09:15:58.1665846Z.
        var body = new ScoreBody(resource.ODataContext, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), score);
        return JsonSerializer.SerializeToUtf8Bytes(body, SimulatorJson.Context.ScoreBody);
    }

    private async Task ErrorAsync(HttpContext context, SimulatedTenant? tenant, ApiFault fault)
    {
        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var body = new ErrorBody(new ErrorDetail(fault.ErrorCode ?? "Error", fault.Message ?? string.Empty, Guid.NewGuid().ToString()));
        await WriteAsync(context, tenant, fault.StatusCode, "application/json", JsonSerializer.SerializeToUtf8Bytes(body, SimulatorJson.Context.ErrorBody));
    }

    private async Task WriteAsync(HttpContext context, SimulatedTenant? tenant, int status, string contentType, byte[] body)
    {
        Log(tenant, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task ResetMidBodyAsync(HttpContext context, SimulatedTenant tenant)
    {
        Log(tenant, 0);
        var body = ScoreJson(tenant);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 3), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        // A reset discards what the client has not read yet: give the headers and partial body a moment to land first.
        await Task.Delay(ResetDelay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        context.Abort();
    }

    private async Task OversizedAsync(HttpContext context, SimulatedTenant tenant, long bytes)
    {
        Log(tenant, 200);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        var head = """{"time":"2026-11-29T10:00:00Z","score":1,"padding":" """u8.ToArray();
        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            for (long written = head.Length; written < bytes; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - written)), context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading, as it should.
        }
    }

    private async Task SlowDripAsync(HttpContext context, SimulatedTenant tenant, TimeSpan perByte)
    {
        Log(tenant, 200);
        var body = ScoreJson(tenant);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            for (var i = 0; i < body.Length; i++)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(i, 1), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(perByte, server.Options.TimeProvider, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client gave up.
        }
    }

    private async Task GzipAsync(HttpContext context, SimulatedTenant tenant)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(ScoreJson(tenant), context.RequestAborted);
        }

        context.Response.Headers.ContentEncoding = "gzip";
        await WriteAsync(context, tenant, 200, "application/json", compressed.ToArray());
    }

    private void Log(SimulatedTenant? tenant, int status) =>
        server.Log.Add(new RequestRecord(server.Options.TimeProvider.GetUtcNow(), tenant?.TenantId, RequestKind.Api, status, resource.Path));
}
