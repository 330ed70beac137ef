using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// Microsoft Graph's side of errors: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>,
/// Graph's codes for the common statuses, and the <c>request-id</c>/<c>client-request-id</c> headers it sends on every answer.
/// </summary>
internal static class GraphErrors
{
    private static readonly object RequestIdKey = new();

    /// <summary>Sets <c>request-id</c> (new) and <c>client-request-id</c> (the client's, else the request id), as Graph does.</summary>
    public static void AddRequestIds(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Items[RequestIdKey] = requestId;
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = ClientRequestId(context, requestId);
    }

    /// <summary>401 for a missing, unknown, expired or revoked token, or one issued for the other surface.</summary>
    public static ApiFault Unauthenticated(BearerCheck bearer, ApiSurface surface)
    {
        var message = bearer.Problem switch
        {
            BearerProblem.Missing => "Access token is empty.",
            BearerProblem.Expired => "Lifetime validation failed, the token is expired.",
            BearerProblem.None when bearer.Surface != surface => "Access token validation failure. Invalid audience.",
            _ => "Access token validation failure.",
        };
        return ApiFault.Status(401, "InvalidAuthenticationToken", message);
    }

    /// <summary>
    /// Graph's code and message for a fault: its own for 401, 403 and 429 whatever the fault was made with (a Defender
    /// permission name means nothing on Graph), the fault's code and message otherwise.
    /// </summary>
    public static (string Code, string Message) CodeAndMessage(ApiFault fault) => fault.StatusCode switch
    {
        401 => ("InvalidAuthenticationToken", fault.ErrorCode == "InvalidAuthenticationToken" ? fault.Message ?? string.Empty : "Access token validation failure."),
        403 => ("Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
        429 => ("TooManyRequests", "Too many requests. Retry after the time given in the Retry-After header."),
        _ => (fault.ErrorCode ?? "UnknownError", fault.Message ?? string.Empty),
    };

    public static byte[] Body(HttpContext context, string code, string message, DateTimeOffset now)
    {
        var requestId = context.Items[RequestIdKey] as string ?? Guid.NewGuid().ToString();
        var inner = new GraphInnerError(
            now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), requestId, ClientRequestId(context, requestId));
        return JsonSerializer.SerializeToUtf8Bytes(new GraphErrorBody(new GraphErrorDetail(code, message, inner)), SimulatorJson.Context.GraphErrorBody);
    }

    private static string ClientRequestId(HttpContext context, string requestId) =>
        context.Request.Headers["client-request-id"] is { Count: > 0 } sent ? sent.ToString() : requestId;
}
