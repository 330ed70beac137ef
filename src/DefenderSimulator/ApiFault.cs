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
    NextLink,
    HugePage,
    HugeField,
    HostileCardinality,
    TruncatedPage,
}

/// <summary>A way for an API endpoint to misbehave, as the real service or a proxy in front of it might. On Graph endpoints errors take Graph's shape and codes.</summary>
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

    /// <summary>For <see cref="ApiFaultKind.NextLink"/>: an absolute URL or origin, or null to use <see cref="NextLinkTarget"/>.</summary>
    public Uri? NextLinkUrl { get; init; }

    /// <summary>For <see cref="ApiFaultKind.NextLink"/>: which of the simulator's other listeners the link names.</summary>
    public NextLinkTarget NextLinkTarget { get; init; }

    /// <summary>For <see cref="ApiFaultKind.HugePage"/> and <see cref="ApiFaultKind.HostileCardinality"/>: how many items the one page holds.</summary>
    public int Items { get; init; }

    /// <summary>For <see cref="ApiFaultKind.HostileCardinality"/>: how long each hostile string is.</summary>
    public int StringLength { get; init; }

    /// <summary>The origin every foreign-host <c>@odata.nextLink</c> test can use: a host that does not exist.</summary>
    public static Uri ForeignOrigin { get; } = new("https://evil.example:443/");

    /// <summary>429 with the documented error body, and a Retry-After header when given.</summary>
    public static ApiFault TooManyRequests(int? retryAfterSeconds) =>
        new(ApiFaultKind.TooManyRequests) { StatusCode = 429, ErrorCode = "TooManyRequests", Message = "Rate limit is exceeded.", RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Any status with the documented error body.</summary>
    public static ApiFault Status(int statusCode, string? code = null, string? message = null) =>
        new(ApiFaultKind.Status) { StatusCode = statusCode, ErrorCode = code ?? DefaultCode(statusCode), Message = message ?? "Simulated failure." };

    public static ApiFault Unauthorized() => Status(401, "Unauthorized", "Authorization has been denied for this request.");

    /// <summary>403 naming the application permission that is missing, e.g. Machine.Read.All for <c>/api/machines</c>.</summary>
    public static ApiFault Forbidden(string permission) =>
        Status(403, "Forbidden", $"The application does not have any of the required application permissions ({permission}) to access the resource.");

    /// <summary>404 as for a tenant with no recent machines, whatever its machine count.</summary>
    public static ApiFault NoMachines() => Status(404, "NotFound", MachinesEndpoint.NoMachinesMessage);

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

    /// <summary>Status 200 and the first half of the normal body, no Content-Length, then a clean end: JSON that stops mid-way.</summary>
    public static ApiFault TruncatedPage() => new(ApiFaultKind.TruncatedPage);

    /// <summary>A valid body with Content-Encoding: gzip.</summary>
    public static ApiFault Gzip() => new(ApiFaultKind.Gzip);

    /// <summary>
    /// Machines: the page is served as usual, but always carries an <c>@odata.nextLink</c> to this URL. An origin
    /// (<c>https://evil.example:443/</c>) gets <c>/api/machines?$top=…&amp;$skiptoken=…</c>; a full URL is used as is.
    /// </summary>
    public static ApiFault NextLink(Uri url) => new(ApiFaultKind.NextLink) { NextLinkUrl = url };

    /// <summary>
    /// Machines: the nextLink names the same host with another port (a decoy listener of the same scheme, which logs
    /// whatever reaches it) or the other scheme (the simulator's listener of the other scheme).
    /// </summary>
    public static ApiFault NextLink(NextLinkTarget target) => new(ApiFaultKind.NextLink) { NextLinkTarget = target };

    /// <summary>Machines: one page of this many machines whatever <c>$top</c> asks for, with no nextLink.</summary>
    public static ApiFault HugePage(int machines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(machines);
        return new(ApiFaultKind.HugePage) { Items = machines };
    }

    /// <summary>Machines: one machine whose <c>computerDnsName</c> is this many bytes; group scores: one group with a name that long. Valid JSON, streamed.</summary>
    public static ApiFault HugeField(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new(ApiFaultKind.HugeField) { Bytes = bytes };
    }

    /// <summary>
    /// Machines: one page of <paramref name="items"/> machines whose group name, group id, OS platform and status
    /// values are all distinct, carry control characters and are <paramref name="stringLength"/> characters long.
    /// Group scores: that many such groups.
    /// </summary>
    public static ApiFault HostileCardinality(int items = 5000, int stringLength = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(stringLength, 16);
        return new(ApiFaultKind.HostileCardinality) { Items = items, StringLength = stringLength };
    }

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
