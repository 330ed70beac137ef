using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DefenderSimulator;

/// <summary>
/// What every API endpoint shares: the bearer token names the tenant, as in the real service, and must have been
/// issued for this endpoint's surface (Defender or Graph); the tenant's fault for this endpoint (or its surface, or
/// all) decides how it misbehaves; every request is logged with the token's audience. Errors take the surface's
/// shape. The http and https listeners serve the same handler. Subclasses write the normal answer.
/// </summary>
internal abstract class ApiEndpoint(SimulatorServer server, TokenEndpoint tokens, DefenderEndpoint endpoint)
{
    protected const string ODataContentType = "application/json; odata.metadata=minimal";

    private static readonly TimeSpan ResetDelay = TimeSpan.FromMilliseconds(100);
    private static readonly object AudienceKey = new();

    protected SimulatorServer Server => server;

    public DefenderEndpoint Endpoint => endpoint;

    protected ApiSurface Surface { get; } = endpoint.Surface();

    public async Task HandleAsync(HttpContext context)
    {
        var bearer = tokens.Check(context.Request.Headers.Authorization);
        context.Items[AudienceKey] = bearer.Audience;
        if (Surface == ApiSurface.Graph)
        {
            GraphErrors.AddRequestIds(context);
        }

        var tenant = bearer.Tenant;
        if (tenant is null || bearer.Surface != Surface)
        {
            (tenant ?? bearer.IssuedTo)?.CountUnauthenticatedApiRequest();
            await ErrorAsync(context, tenant ?? bearer.IssuedTo, Surface == ApiSurface.Graph
                ? GraphErrors.Unauthenticated(bearer, Surface)
                : ApiFault.Unauthorized());
            return;
        }

        var fault = tenant.TakeApiFault(endpoint);
        try
        {
            await AnswerOrFailAsync(context, tenant, fault);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading (a cap, a timeout): nothing more to send.
        }
    }

    /// <summary>The normal answer, or one shaped by a fault only this endpoint knows (others are ignored).</summary>
    protected abstract Task AnswerAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault);

    /// <summary>The normal answer whole, for the faults that need one (reset, slow drip, gzip, truncated page).</summary>
    protected abstract Task<(int Status, byte[] Body)> RenderAsync(HttpContext context, SimulatedTenant tenant);

    protected Task ErrorAsync(HttpContext context, SimulatedTenant? tenant, ApiFault fault)
    {
        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var (code, message) = Surface == ApiSurface.Graph
            ? GraphErrors.CodeAndMessage(fault)
            : (fault.ErrorCode ?? "Error", fault.Message ?? string.Empty);
        return WriteAsync(context, tenant, fault.StatusCode, "application/json", ErrorBody(context, code, message));
    }

    /// <summary>The surface's error body: Defender's <c>{"error":{code,message,target}}</c> or Graph's <c>{"error":{code,message,innerError}}</c>.</summary>
    protected byte[] ErrorBody(HttpContext context, string code, string message) => Surface == ApiSurface.Graph
        ? GraphErrors.Body(context, code, message, server.Options.TimeProvider.GetUtcNow())
        : JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(new ErrorDetail(code, message, Guid.NewGuid().ToString())), SimulatorJson.Context.ErrorBody);

    protected async Task WriteAsync(HttpContext context, SimulatedTenant? tenant, int status, string contentType, byte[] body)
    {
        Log(context, tenant, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    protected void Log(HttpContext context, SimulatedTenant? tenant, int status) =>
        server.Log.Add(context, tenant?.TenantId, RequestKind.Api, status, endpoint.Path(), endpoint, audience: context.Items[AudienceKey] as string);

    /// <summary>
    /// The origin of the next page's link: the request's own, or for a <see cref="ApiFaultKind.NextLink"/> fault a
    /// given one, a decoy port of the same scheme, or the other scheme.
    /// </summary>
    protected string LinkOrigin(HttpContext context, ApiFault? fault)
    {
        if (fault?.Kind != ApiFaultKind.NextLink)
        {
            return $"{context.Request.Scheme}://{context.Request.Host}";
        }

        if (fault.NextLinkUrl is { } url)
        {
            // The port stays written even when it is the scheme's default: https://evil.example:443.
            return $"{url.Scheme}://{url.Host}:{url.Port}";
        }

        var https = context.Request.IsHttps;
        var target = fault.NextLinkTarget switch
        {
            NextLinkTarget.OtherPort => https ? Server.DecoyHttpsBaseUrl : Server.DecoyHttpBaseUrl,
            NextLinkTarget.OtherScheme => https ? Server.ApiBaseUrl : Server.HttpsBaseUrl,
            _ => ApiFault.ForeignOrigin,
        };
        var host = fault.NextLinkTarget == NextLinkTarget.ForeignHost ? target.Host : context.Request.Host.Host;
        return $"{target.Scheme}://{host}:{target.Port}";
    }

    /// <summary>A link built from <paramref name="origin"/> and <paramref name="pathAndQuery"/>, or the fault's full URL when it gives one with a path or query.</summary>
    protected static string Link(string origin, ApiFault? fault, string pathAndQuery) =>
        fault?.NextLinkUrl is { } url && (url.AbsolutePath != "/" || url.Query.Length > 0)
            ? url.AbsoluteUri
            : origin + pathAndQuery;

    private async Task AnswerOrFailAsync(HttpContext context, SimulatedTenant tenant, ApiFault? fault)
    {
        switch (fault?.Kind)
        {
            case ApiFaultKind.Status or ApiFaultKind.TooManyRequests:
                await ErrorAsync(context, tenant, fault);
                break;
            case ApiFaultKind.Body:
                await WriteAsync(context, tenant, fault.StatusCode, fault.ContentType, Encoding.UTF8.GetBytes(fault.Content ?? string.Empty));
                break;
            case ApiFaultKind.Hang:
                Log(context, tenant, 0);
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
            case ApiFaultKind.TruncatedPage:
                await TruncatedAsync(context, tenant);
                break;
            default:
                await AnswerAsync(context, tenant, fault);
                break;
        }
    }

    private async Task ResetMidBodyAsync(HttpContext context, SimulatedTenant tenant)
    {
        var (status, body) = await RenderAsync(context, tenant);
        Log(context, tenant, 0);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 3), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        // A reset discards what the client has not read yet: give the headers and partial body a moment to land first.
        await Task.Delay(ResetDelay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        context.Abort();
    }

    // A page that ends early but cleanly: no length announced, half the JSON, then the end of the response.
    private async Task TruncatedAsync(HttpContext context, SimulatedTenant tenant)
    {
        var (status, body) = await RenderAsync(context, tenant);
        Log(context, tenant, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = ODataContentType;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
    }

    private async Task OversizedAsync(HttpContext context, SimulatedTenant tenant, long bytes)
    {
        Log(context, tenant, 200);
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
        var (status, body) = await RenderAsync(context, tenant);
        Log(context, tenant, status);
        context.Response.StatusCode = status;
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
        var (status, body) = await RenderAsync(context, tenant);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(body, context.RequestAborted);
        }

        context.Response.Headers.ContentEncoding = "gzip";
        await WriteAsync(context, tenant, status, "application/json", compressed.ToArray());
    }
}
