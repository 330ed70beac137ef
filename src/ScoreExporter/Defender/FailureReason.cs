using System.Security.Authentication;
using Polly.CircuitBreaker;
using ScoreExporter.Auth;
using Polly.Timeout;

namespace ScoreExporter.Defender;

/// <summary>Why a poll failed; the <c>reason</c> label of <c>defender_scrape_errors_total</c>.</summary>
public enum FailureReason
{
    Auth,
    Unauthorized,
    Forbidden,
    Throttled,
    ClientError,
    ServerError,
    Timeout,
    Network,
    InvalidResponse,
}

/// <summary>The one place that turns an HTTP status or an exception into a <see cref="FailureReason"/>.</summary>
public static class FailureReasons
{
    public static IReadOnlyList<FailureReason> All { get; } = Enum.GetValues<FailureReason>();

    public static string Label(this FailureReason reason) => reason switch
    {
        FailureReason.Auth => "auth",
        FailureReason.Unauthorized => "unauthorized",
        FailureReason.Forbidden => "forbidden",
        FailureReason.Throttled => "throttled",
        FailureReason.ClientError => "client_error",
        FailureReason.ServerError => "server_error",
        FailureReason.Timeout => "timeout",
        FailureReason.Network => "network",
        FailureReason.InvalidResponse => "invalid_response",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static FailureReason FromStatus(int statusCode) => statusCode switch
    {
        401 => FailureReason.Unauthorized,
        403 => FailureReason.Forbidden,
        429 => FailureReason.Throttled,
        408 => FailureReason.Timeout,
        >= 500 => FailureReason.ServerError,
        _ => FailureReason.ClientError,
    };

    /// <summary>The reason and a safe detail for an exception from sending a request or reading its answer.</summary>
    public static (FailureReason Reason, string Detail) FromException(Exception e, Uri? url = null) => e switch
    {
        CallBudgetExceededException budget => (FailureReason.Throttled, budget.Message),
        TimeoutRejectedException or OperationCanceledException => (FailureReason.Timeout, "no answer within the timeout"),
        HttpRequestException { InnerException: AuthenticationException } => (FailureReason.Network, TlsDetail(url)),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => (FailureReason.Network, TlsDetail(url)),
        HttpRequestException http => (FailureReason.Network, $"connection failed ({http.HttpRequestError})"),
        IOException => (FailureReason.Network, "connection broke while reading the body"),
        BrokenCircuitException => (FailureReason.ServerError, "circuit open after repeated failures; not calling"),
        _ => (FailureReason.Network, e.GetType().Name),
    };

    /// <summary>
    /// Why no token could be had: a TLS failure on the sign-in host is <c>network</c> (fix the trust store, not the
    /// secret); anything else is <c>auth</c>, described without Azure.Identity's text, which names the client id.
    /// </summary>
    public static (FailureReason Reason, string Detail) FromTokenException(Exception e, Uri authorityHost)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException || inner is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            {
                return (FailureReason.Network, TlsDetail(authorityHost));
            }
        }

        return (FailureReason.Auth, TokenFailure.Describe(e));
    }

    /// <summary>What a user needs to fix a TLS failure: usually a corporate proxy's CA the process does not trust.</summary>
    public static string TlsDetail(Uri? url) =>
        $"TLS: the certificate of {url?.Authority ?? "the server"} is not trusted or the handshake failed; custom CA? set SSL_CERT_FILE";
}
