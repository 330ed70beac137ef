namespace ScoreExporter.Web;

/// <summary>The exporter-toolkit's <c>client_auth_type</c> values, named as Go's crypto/tls names them.</summary>
public enum ClientAuthType
{
    /// <summary>No client certificate is asked for.</summary>
    NoClientCert,

    /// <summary>A certificate is asked for; none, or any, is accepted.</summary>
    RequestClientCert,

    /// <summary>A certificate is required; it is not checked against client_ca_file.</summary>
    RequireAnyClientCert,

    /// <summary>A certificate is asked for; one that is sent must chain to client_ca_file.</summary>
    VerifyClientCertIfGiven,

    /// <summary>A certificate is required and must chain to client_ca_file.</summary>
    RequireAndVerifyClientCert,
}
