namespace DefenderSimulator;

public enum ApiFaultKind
{
    Status,
    TooManyRequests,
    Hang,
    ResetMidBody,
    Oversized,
    SlowDrip,
    Body,
    Gzip,
}

/// <summary>A way for the score API to misbehave, as the real service or a proxy in front of it might.</summary>
public sealed record ApiFault(ApiFaultKind Kind)
{
    public int StatusCode { get; init; } = 200;

    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public long Bytes { get; init; }

    public TimeSpan PerByte { get; init; }

    public string? Content { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>429 with the documented error body, and a Retry-After header when given.</summary>
    public static ApiFault TooManyRequests(int? retryAfterSeconds) =>
        new(ApiFaultKind.TooManyRequests) { StatusCode = 429, ErrorCode = "TooManyRequests", Message = "Rate limit is exceeded.", RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Any status with the documented error body.</summary>
    public static ApiFault Status(int statusCode, string? code = null, string? message = null) =>
        new(ApiFaultKind.Status) { StatusCode = statusCode, ErrorCode = code ?? DefaultCode(statusCode), Message = message ?? "Simulated failure." };

    public static ApiFault Unauthorized() => Status(401, "Unauthorized", "Authorization has been denied for this request.");

    public static ApiFault Forbidden() => Status(403, "Forbidden", "The application does not have any of the required application permissions (Score.Read.All) to access the resource.");

    public static ApiFault DisabledFeature() => Status(403, "DisabledFeature", "Feature is disabled for this tenant.");

    /// <summary>Never answers, until the client gives up (or ten minutes pass).</summary>
    public static ApiFault Hang() => new(ApiFaultKind.Hang);

    /// <summary>Status 200 and part of the body, then the connection is dropped.</summary>
    public static ApiFault ResetMidBody() => new(ApiFaultKind.ResetMidBody);

    public static ApiFault MalformedJson() => Body("""{"@odata.context":"x","time":"2026-11-29T10:00:00Z","score":3""");

    public static ApiFault HtmlPage() => Body("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");

    /// <summary>Status 200 and a JSON-looking body of this many bytes, streamed without a length.</summary>
    public static ApiFault Oversized(long bytes) => new(ApiFaultKind.Oversized) { Bytes = bytes };

    /// <summary>A valid body, written one byte at a time.</summary>
    public static ApiFault SlowDrip(TimeSpan perByte) => new(ApiFaultKind.SlowDrip) { PerByte = perByte };

    public static ApiFault Body(string body, string contentType = "application/json", int statusCode = 200) =>
        new(ApiFaultKind.Body) { Content = body, ContentType = contentType, StatusCode = statusCode };

    /// <summary>A valid body with Content-Encoding: gzip.</summary>
    public static ApiFault Gzip() => new(ApiFaultKind.Gzip);

    private static string DefaultCode(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        >= 500 => "InternalServerError",
        _ => "Error",
    };
}
