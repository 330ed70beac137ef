namespace ScoreExporter.Web;

/// <summary>The web configuration's log lines. None carries a password, a hash or a key.</summary>
public static partial class WebLog
{
    [LoggerMessage(30, LogLevel.Information, "Web configuration {Path}: TLS {Tls}, client certificates {ClientAuth}, basic auth for {UserCount} user(s)")]
    public static partial void Loaded(ILogger logger, string path, string tls, string clientAuth, int userCount);

    [LoggerMessage(31, LogLevel.Warning, "Web configuration not reloaded, the last good one stays in force: {Problem}")]
    public static partial void ReloadFailed(ILogger logger, string problem);

    [LoggerMessage(32, LogLevel.Warning, "TLS handshake with {Client} refused: {Reason}")]
    public static partial void ClientRefused(ILogger logger, string client, string reason);

    [LoggerMessage(33, LogLevel.Warning, "TLS handshake with {Client} refused: {Reason}; {LeftOut} more like it since the last such line")]
    public static partial void ClientRefusedAgain(ILogger logger, string client, string reason, int leftOut);
}
