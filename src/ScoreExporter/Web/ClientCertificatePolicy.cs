using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ScoreExporter.Configuration;

namespace ScoreExporter.Web;

/// <summary>
/// client_auth_type, client_ca_file and client_allowed_sans as one check of the certificate a client sends (or does
/// not send) in the handshake, with crypto/tls's meaning of each mode.
/// </summary>
public sealed class ClientCertificatePolicy(ClientAuthType mode, X509Certificate2Collection authorities, IReadOnlyList<string>? allowedSans)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public bool AsksForCertificate => mode != ClientAuthType.NoClientCert;

    /// <summary>Why the certificate (or its absence) is refused, in a line for the log; null when it is accepted.</summary>
    public ClientRefusal? Check(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return mode is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert or ClientAuthType.VerifyClientCertIfGiven
                ? null
                : new ClientRefusal(ClientRefusalKind.NoCertificate, $"no client certificate, and client_auth_type is {mode}");
        }

        using var client = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var verify = mode is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;
        if (verify && !ChainsToAuthority(client, chain))
        {
            return new ClientRefusal(ClientRefusalKind.UnknownAuthority,
                $"client certificate '{Printable(client.Subject)}' issued by '{Printable(client.Issuer)}' does not chain to client_ca_file for client authentication");
        }

        if (allowedSans is not null && !SubjectAlternativeNames.Of(client).Any(san => allowedSans.Contains(san, StringComparer.Ordinal)))
        {
            return new ClientRefusal(ClientRefusalKind.SanNotAllowed,
                $"client certificate '{Printable(client.Subject)}' has no subject alternative name in client_allowed_sans");
        }

        return null;
    }

    private static string Printable(string name) => PrintableText.Clean(name, maxLength: 200);

    private bool ChainsToAuthority(X509Certificate2 client, X509Chain? presented)
    {
        using var build = new X509Chain();
        build.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        build.ChainPolicy.CustomTrustStore.AddRange(authorities);
        build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        build.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            // Intermediates the client sent along.
            foreach (var element in presented.ChainPolicy.ExtraStore)
            {
                build.ChainPolicy.ExtraStore.Add(element);
            }
        }

        return build.Build(client);
    }
}
