using System.Security.Authentication;

namespace ScoreExporter.Web;

/// <summary>
/// <c>tls_server_config</c> as written: where the server certificate, its key and the client CA come from (a file, or
/// PEM inline), how clients are asked for certificates, the TLS versions and the client SANs allowed. File paths are
/// already made absolute against the configuration file's folder.
/// </summary>
public sealed record WebTlsSettings(
    string? CertFile,
    string? Cert,
    string? KeyFile,
    string? Key,
    string? ClientCaFile,
    string? ClientCa,
    ClientAuthType ClientAuth,
    SslProtocols MinVersion,
    SslProtocols MaxVersion,
    IReadOnlyList<string>? ClientAllowedSans)
{
    /// <summary>The files whose change means the TLS material must be loaded again.</summary>
    public IEnumerable<string> Files => new[] { CertFile, KeyFile, ClientCaFile }.OfType<string>();

    /// <summary>The protocols between <see cref="MinVersion"/> and <see cref="MaxVersion"/>.</summary>
    public SslProtocols Protocols => (MinVersion, MaxVersion) switch
    {
        (SslProtocols.Tls12, SslProtocols.Tls12) => SslProtocols.Tls12,
        (SslProtocols.Tls13, SslProtocols.Tls13) => SslProtocols.Tls13,
        _ => SslProtocols.Tls12 | SslProtocols.Tls13,
    };
}
