using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ScoreExporter.Auth;
using ScoreExporter.Configuration;
using ScoreExporter.Http;
using ScoreExporter.Polling;

namespace ScoreExporter.Api;

/// <summary>
/// Fetches one tenant's Secure Score for Devices: token, GET through the resilience pipeline, capped read, parse.
/// Every failure becomes a <see cref="PollResult"/> with its reason; only the caller's cancellation escapes.
/// </summary>
public sealed class DefenderApiClient(HttpClient http, IOptions<DefenderOptions> options, TimeProvider time)
{
    /// <summary>The documented body is under 200 bytes; anything near this is not a score.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// The API's quotas are per minute and per hour, so no honest Retry-After is longer; a longer one (a proxy's bug,
    /// a date decades away) would otherwise stop polling for good.
    /// </summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(1);

    private readonly DefenderOptions defender = options.Value;
    private readonly Uri scoreUrl = new(options.Value.Endpoints.ApiBaseUrl, "api/configurationScore");

    public async Task<PollResult> FetchAsync(TenantState tenant, CancellationToken cancellationToken)
    {
        if (tenant.ThrottledUntil > time.GetUtcNow())
        {
            return PollResult.Failed(FailureReason.Throttled, $"honouring Retry-After until {tenant.ThrottledUntil:u}");
        }

        string token;
        try
        {
            token = (await tenant.Credential.GetTokenAsync(defender.Endpoints.Scope, cancellationToken).ConfigureAwait(false)).Token;
        }
        catch (Exception e)
        {
            // A token endpoint that never answers is also "no token could be had"; on shutdown the caller discards this.
            return PollResult.Failed(FailureReason.Auth, TokenFailure.Describe(e));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, scoreUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(RequestCountingHandler.TenantKey, tenant);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(tenant, response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested
            && request.Options.TryGetValue(DefenderResilience.LastFailureKey, out var retried))
        {
            return PollResult.Failed(retried, "poll timeout reached while retrying");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Classify(tenant, e);
        }
    }

    private async Task<PollResult> ReadAsync(TenantState tenant, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return Rejected(tenant, response, await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false));
        }

        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            return PollResult.Failed(FailureReason.InvalidResponse, $"body of {response.Content.Headers.ContentLength} bytes is over the {MaxBodyBytes}-byte cap");
        }

        using var body = await CappedBody.ReadAsync(response.Content, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body.OverCap)
        {
            return PollResult.Failed(FailureReason.InvalidResponse, $"body is over the {MaxBodyBytes}-byte cap");
        }

        if (!IsJson(response.Content.Headers.ContentType))
        {
            return PollResult.Failed(FailureReason.InvalidResponse, $"content type '{response.Content.Headers.ContentType?.MediaType}' is not JSON");
        }

        var parsed = ScoreParser.Parse(body.Span, time.GetUtcNow());
        return parsed.IsValid
            ? PollResult.Success(parsed.Score, parsed.Time)
            : PollResult.Failed(FailureReason.InvalidResponse, parsed.Error!);
    }

    /// <summary>The documented error code of a failure body, read only if small; the status decides the reason anyway.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int MaxErrorBodyBytes = 64 * 1024;
        try
        {
            using var body = await CappedBody.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            return body.OverCap ? null : ScoreParser.ErrorCode(body.Span);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return null;
        }
    }

    private PollResult Rejected(TenantState tenant, HttpResponseMessage response, string? errorCode)
    {
        var status = (int)response.StatusCode;
        var reason = FailureReasons.FromStatus(status);
        if (reason == FailureReason.Unauthorized)
        {
            // The API refused this token: sign in afresh next time instead of presenting it again.
            tenant.Credential.Invalidate();
        }

        var now = time.GetUtcNow();
        if (status == (int)HttpStatusCode.TooManyRequests && RetryAfter(response, now) is { } wait)
        {
            tenant.ThrottledUntil = now + (wait < LongestRetryAfter ? wait : LongestRetryAfter);
        }

        return PollResult.Failed(reason, $"HTTP {status} {SafeCode(errorCode)}".TrimEnd());
    }

    private static PollResult Classify(TenantState tenant, Exception e) => e switch
    {
        TimeoutRejectedException or OperationCanceledException => PollResult.Failed(FailureReason.Timeout, "no answer within the timeout"),
        BrokenCircuitException => PollResult.Failed(
            tenant.Snapshot.LastFailure ?? FailureReason.ServerError, "circuit open after repeated failures; not calling"),
        HttpRequestException { InnerException: AuthenticationException } => PollResult.Failed(FailureReason.Network, "TLS handshake failed"),
        HttpRequestException http => PollResult.Failed(FailureReason.Network, $"connection failed ({http.HttpRequestError})"),
        IOException => PollResult.Failed(FailureReason.Network, "connection broke while reading the body"),
        _ => PollResult.Failed(FailureReason.Network, e.GetType().Name),
    };

    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is not { } media
        || media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    // Error codes come from the remote body: keep them short and plain before they reach a log line.
    private static string SafeCode(string? code) =>
        code is null ? string.Empty : new string(code.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
}
