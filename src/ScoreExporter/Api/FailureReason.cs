namespace ScoreExporter.Api;

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
}
