using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScoreExporter.Web;

/// <summary>
/// The TLS material of one good reading of the file, loaded: the server certificate with its chain and key, and the
/// client-certificate policy. Every new connection gets its handshake options from the current one, so a renewed
/// certificate is served from the next connection on.
/// </summary>
public sealed class ServerTls
{
    private readonly SslStreamCertificateContext certificate;
    private readonly ClientCertificatePolicy clients;
    private readonly WebTlsSettings settings;
    private readonly List<SslApplicationProtocol> protocols;

    private ServerTls(WebTlsSettings settings, SslStreamCertificateContext certificate, ClientCertificatePolicy clients, bool http2)
    {
        this.settings = settings;
        this.certificate = certificate;
        this.clients = clients;
        protocols = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11];
    }

    /// <summary>The served certificate, for logs and tests.</summary>
    public X509Certificate2 Certificate => certificate.TargetCertificate;

    /// <summary>Reads the certificate, key and client CA named by <paramref name="settings"/>; a file that does not fit is a one-line error.</summary>
    public static ServerTls Load(WebTlsSettings settings, string configPath, bool http2)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(settings.Cert ?? ReadText(configPath, "cert_file", settings.CertFile!));
        }
        catch (CryptographicException)
        {
            // Empty below: the same fix.
        }

        if (chain.Count == 0)
        {
            throw Problem(configPath, settings.CertFile is null ? "cert" : $"cert_file '{settings.CertFile}'", "holds no PEM certificate: give the server certificate (BEGIN CERTIFICATE)");
        }

        var keyPem = settings.Key ?? ReadText(configPath, "key_file", settings.KeyFile!);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(chain[0].ExportCertificatePem(), keyPem);
        }
        catch (CryptographicException)
        {
            throw Problem(configPath, settings.KeyFile is null ? "key" : $"key_file '{settings.KeyFile}'",
                "is not the PEM private key of the certificate: give the key that belongs to cert_file");
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        var authorities = new X509Certificate2Collection();
        var caPem = settings.ClientCa ?? (settings.ClientCaFile is { } caFile ? ReadText(configPath, "client_ca_file", caFile) : null);
        if (caPem is not null)
        {
            try
            {
                authorities.ImportFromPem(caPem);
            }
            catch (CryptographicException)
            {
                authorities.Clear();
            }

            if (authorities.Count == 0)
            {
                throw Problem(configPath, settings.ClientCaFile is null ? "client_ca" : $"client_ca_file '{settings.ClientCaFile}'",
                    "holds no PEM certificate: give the CA certificate that signs the client certificates");
            }
        }

        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new ServerTls(settings, context, new ClientCertificatePolicy(settings.ClientAuth, authorities, settings.ClientAllowedSans), http2);
    }

    /// <summary>The handshake options for one new connection; <paramref name="refused"/> hears why its certificate was refused.</summary>
    public SslServerAuthenticationOptions HandshakeOptions(Action<ClientRefusal> refused) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = settings.Protocols,
        ClientCertificateRequired = clients.AsksForCertificate,
        RemoteCertificateValidationCallback = (_, presented, chain, _) =>
        {
            if (clients.Check(presented, chain) is not { } refusal)
            {
                return true;
            }

            refused(refusal);
            return false;
        },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = protocols,
    };

    private static string ReadText(string configPath, string key, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Problem(configPath, $"{key} '{file}'", "does not exist: mount the file or fix the path");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(configPath, $"{key} '{file}'", "cannot be read: give the exporter's user read access to it");
        }
    }

    private static WebConfigurationException Problem(string configPath, string what, string fix) =>
        new($"{WebConfigurationReader.ConfigurationKey} '{configPath}': tls_server_config.{what} {fix}.");
}
