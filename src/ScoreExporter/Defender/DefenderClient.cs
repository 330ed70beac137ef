using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>
/// "GET this URL on this API surface (Defender API or Graph) for this tenant": a token for that surface's audience,
/// GET through the resilience pipeline, a body reader, and every failure turned into a <see cref="DefenderFailure"/>
/// with its reason. Only the caller's cancellation escapes. It knows nothing of polling: what it needs of a tenant
/// comes in a <see cref="DefenderCaller"/>.
/// </summary>
public sealed class DefenderClient(HttpClient http, OpenCircuits circuits, TimeProvider time)
{
    /// <summary>
    /// The API's quotas are per minute and per hour, so no honest Retry-After is longer; a longer one (a proxy's bug,
    /// a date decades away) would otherwise stop polling for good.
    /// </summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(1);

    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// GETs <paramref name="url"/> on <paramref name="surface"/> for <paramref name="caller"/>, counted under
    /// <paramref name="endpoint"/>. A URL outside that surface's scheme, host and port is refused before a token is
    /// fetched, so a hostile link never receives one, and a token is only ever sent to the surface of its audience.
    /// With <paramref name="notFoundIsEmpty"/>, a 404 is an answer ("nothing"), not a failure.
    /// </summary>
    public async Task<DefenderResponse<T>> GetAsync<T>(
        DefenderCaller caller, ApiSurface surface, string endpoint, Uri url, BodyReader<T> read, CancellationToken cancellationToken, bool notFoundIsEmpty = false)
    {
        var api = caller.Endpoints.Of(surface);
        if (!IsOn(api.BaseUrl, url))
        {
            return DefenderResponse<T>.Failed(FailureReason.InvalidResponse, $"refused a link outside the API ({SafeAuthority(url)})");
        }

        string token;
        try
        {
            token = (await caller.Credential.GetTokenAsync(api.Scope, cancellationToken).ConfigureAwait(false)).Token;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = FailureReasons.FromTokenException(e, caller.Endpoints.AuthorityHost);
            return DefenderResponse<T>.Failed(reason, detail);
        }
        catch (OperationCanceledException)
        {
            // A token endpoint that never answers within the poll is also "no token could be had".
            return DefenderResponse<T>.Failed(FailureReason.Auth, "token request timed out at the poll timeout");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (surface == ApiSurface.Graph)
        {
            // Without it Graph writes enum members added after an API version (incidents' awaitingAction) as
            // unknownFutureValue; with it, their own names.
            request.Headers.Add("Prefer", "include-unknown-enum-members");
        }

        request.Options.Set(DefenderRequestOptions.Caller, caller);
        request.Options.Set(DefenderRequestOptions.Surface, surface);
        request.Options.Set(DefenderRequestOptions.Endpoint, endpoint);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return notFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound
                    ? new DefenderResponse<T>(default, NotFound: true, null)
                    : await RejectedAsync<T>(caller, response, cancellationToken).ConfigureAwait(false);
            }

            // Decided from the headers, before a byte of a possibly huge body is read.
            if (!IsJson(response.Content.Headers.ContentType, out var why))
            {
                return DefenderResponse<T>.Failed(FailureReason.InvalidResponse, why);
            }

            var body = await read(response.Content, cancellationToken).ConfigureAwait(false);
            return body.Invalid is null
                ? DefenderResponse<T>.Read(body.Value!)
                : DefenderResponse<T>.Failed(FailureReason.InvalidResponse, body.Invalid);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested
            && request.Options.TryGetValue(DefenderResilience.LastFailureKey, out var retried))
        {
            return DefenderResponse<T>.Failed(retried, "poll timeout reached while retrying");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = FailureReasons.FromException(e, url);
            if (e is BrokenCircuitException && circuits.OpenedBy(DefenderRequestOptions.PipelineKey(request)) is { } openedBy)
            {
                reason = openedBy;
            }

            return DefenderResponse<T>.Failed(reason, detail);
        }
    }

    private async Task<DefenderResponse<T>> RejectedAsync<T>(DefenderCaller caller, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var reason = FailureReasons.FromStatus(status);
        if (reason == FailureReason.Unauthorized)
        {
            // The API refused this token: sign in afresh next time instead of presenting it again.
            caller.Credential.Invalidate();
        }

        TimeSpan? retryAfter = null;
        if (status == (int)HttpStatusCode.TooManyRequests && RetryAfter(response, time.GetUtcNow()) is { } wait)
        {
            retryAfter = wait < LongestRetryAfter ? wait : LongestRetryAfter;
        }

        var code = await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
        return DefenderResponse<T>.Failed(reason, $"HTTP {status} {SafeCode(code)}".TrimEnd(), retryAfter);
    }

    /// <summary>The documented error code of a failure body, read only if small; the status decides the reason anyway.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await CappedBody.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            return body.OverCap ? null : ApiError.CodeOf(body.Span);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return null;
        }
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };

    private static bool IsOn(Uri baseUrl, Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, baseUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == baseUrl.Port
        && string.IsNullOrEmpty(url.UserInfo);

    /// <summary>
    /// Defender always answers JSON with its Content-Type. A body without one is refused rather than guessed at: a
    /// proxy's error page or a truncated answer is more likely than a JSON body that lost its header.
    /// </summary>
    private static bool IsJson(MediaTypeHeaderValue? contentType, out string why)
    {
        var media = contentType?.MediaType;
        why = media is null ? "no Content-Type; expected application/json" : $"content type '{SafeCode(media, keep: "/+.-")}' is not JSON";
        return media is not null
            && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    // Text from the remote side: kept short and plain before it reaches a log line or the landing page.
    private static string SafeCode(string? code, string keep = "") =>
        code is null ? string.Empty : PrintableText.Clean(
            code, maxLength: 40, allowed: r => r.IsAscii && (char.IsAsciiLetterOrDigit((char)r.Value) || keep.Contains((char)r.Value, StringComparison.Ordinal)), replacement: null);

    private static string SafeAuthority(Uri url) =>
        url.IsAbsoluteUri ? SafeCode(url.Scheme) + "://" + SafeCode(url.IdnHost, keep: ".-") + ":" + url.Port : "a relative link";
}
