using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>Client certificates for certificate-credential tests, written as PEM (certificate and key) files.</summary>
public static class TestCertificates
{
    public static X509Certificate2 Create(string subject = "CN=score-exporter-test")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>Writes certificate and private key into one PEM file and returns its path.</summary>
    public static string WritePem(X509Certificate2 certificate, string directory)
    {
        var path = System.IO.Path.Combine(directory, "client.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return path;
    }
}
