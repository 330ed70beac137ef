using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ScoreExporter.Defender;

/// <summary>
/// Server certificates trusted in addition to the system store: the demo's in-process simulator, and tests.
/// Set in code only; production trust comes from the system store (and so from SSL_CERT_FILE / SSL_CERT_DIR).
/// </summary>
public sealed class PinnedCertificates
{
    private readonly List<X509Certificate2> certificates = [];

    public PinnedCertificates Add(X509Certificate2 certificate)
    {
        certificates.Add(certificate);
        return this;
    }

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
        || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null
            && certificates.Exists(pinned => pinned.RawDataMemory.Span.SequenceEqual(certificate.GetRawCertData())));
}
