using System.Security.Cryptography.X509Certificates;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Web;

/// <summary>
/// A folder with what a TLS-protected exporter and its scraper need: the CA, the server certificate and key, a client
/// certificate (SAN <see cref="ClientName"/>) from the same CA, one from another CA, and the web configuration file.
/// </summary>
public sealed class TlsFiles : IDisposable
{
    public const string ClientName = "prometheus.monitoring.svc";
    public const string User = "prometheus";
    public const string Password = "s3cret scrape password";

    private readonly TempDirectory temp = new();

    public TlsFiles()
    {
        Authority = TestAuthority.Create("score-exporter test CA");
        OtherAuthority = TestAuthority.Create("some other CA");
        Authority.WriteCertificatePem(CaFile);
        OtherAuthority.WriteCertificatePem(File("other-ca.pem"));
        Server = Authority.IssueServer();
        TestAuthority.WritePem(Server, ServerCertFile, ServerKeyFile);
        Client = Authority.IssueClient(ClientName);
        TestAuthority.WritePem(Client, ClientCertFile, ClientKeyFile);
        StrangerClient = OtherAuthority.IssueClient(ClientName);
        TestAuthority.WritePem(StrangerClient, StrangerCertFile, StrangerKeyFile);
    }

    public TestAuthority Authority { get; }

    public TestAuthority OtherAuthority { get; }

    public X509Certificate2 Server { get; private set; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 StrangerClient { get; }

    public string Directory => temp.Path;

    public string CaFile => File("ca.pem");

    public string ServerCertFile => File("server.pem");

    public string ServerKeyFile => File("server-key.pem");

    public string ClientCertFile => File("client.pem");

    public string ClientKeyFile => File("client-key.pem");

    public string StrangerCertFile => File("stranger.pem");

    public string StrangerKeyFile => File("stranger-key.pem");

    public string WebConfigFile => File("web.yml");

    public string File(string name) => temp.File(name);

    /// <summary>Writes the web configuration: TLS with <paramref name="clientAuth"/>, and basic auth for <see cref="User"/> unless told not to.</summary>
    public string WriteWebConfig(string clientAuth = "RequireAndVerifyClientCert", bool basicAuth = true, string? extraTls = null)
    {
        System.IO.File.WriteAllText(WebConfigFile, $"""
            tls_server_config:
              cert_file: server.pem
              key_file: server-key.pem
              client_auth_type: {clientAuth}
              client_ca_file: ca.pem
            {extraTls}
            {(basicAuth ? $"basic_auth_users:\n  {User}: {BCrypt.Net.BCrypt.HashPassword(Password, 4)}" : string.Empty)}
            """);
        return WebConfigFile;
    }

    /// <summary>Issues a new server certificate and writes it over the old one, as a certificate renewal does.</summary>
    public X509Certificate2 RenewServer()
    {
        Server = Authority.IssueServer();
        TestAuthority.WritePem(Server, ServerCertFile, ServerKeyFile);
        return Server;
    }

    public void Dispose()
    {
        Authority.Dispose();
        OtherAuthority.Dispose();
        temp.Dispose();
    }
}
