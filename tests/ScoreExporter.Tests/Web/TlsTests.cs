using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Web;

/// <summary>
/// TLS from the web configuration file through the real exporter host: client certificates checked as
/// client_auth_type says, the SAN allow-list, and a certificate renewed on disk served from the next connection.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Only_a_client_certificate_from_the_configured_CA_gets_a_connection()
    {
        using var files = new TlsFiles();
        files.WriteWebConfig();
        await using var simulator = await SimulatorServer.StartAsync();
        await using var exporter = await StartAsync(simulator, files.WebConfigFile);
        Assert.Equal("https", exporter.BaseAddress.Scheme);

        var (status, served) = await GetAsync(exporter, files, "/metrics", files.Client, basicAuth: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(files.Server.Thumbprint, served);

        // The probes need no password, but TLS still needs the certificate.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(exporter, files, "/healthz", files.Client, basicAuth: false)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(exporter, files, "/metrics", files.Client, basicAuth: false)).Status);

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(exporter, files, "/healthz", client: null, basicAuth: true));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(exporter, files, "/healthz", files.StrangerClient, basicAuth: true));

        // The client sees only a closed connection; the exporter's log says why, once per kind.
        await Eventually.TrueAsync(() => exporter.Logs.Lines.Count(l => l.Contains("TLS handshake with 127.0.0.1:", StringComparison.Ordinal)) == 2, "two refusals logged");
        Assert.Single(exporter.Logs.Lines, l => l.Contains("refused: no client certificate, and client_auth_type is RequireAndVerifyClientCert", StringComparison.Ordinal));
        Assert.Single(exporter.Logs.Lines, l => l.Contains($"refused: client certificate '{files.StrangerClient.Subject}' issued by '{files.StrangerClient.Issuer}' does not chain to client_ca_file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_renewed_on_disk_is_served_on_the_next_connection()
    {
        using var files = new TlsFiles();
        files.WriteWebConfig(clientAuth: "VerifyClientCertIfGiven", basicAuth: false);
        await using var simulator = await SimulatorServer.StartAsync();
        await using var exporter = await StartAsync(simulator, files.WebConfigFile);
        var first = files.Server.Thumbprint;
        Assert.Equal(first, (await GetAsync(exporter, files, "/healthz", client: null, basicAuth: false)).Served);

        var renewed = files.RenewServer();

        Assert.NotEqual(first, renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, (await GetAsync(exporter, files, "/healthz", client: null, basicAuth: false)).Served);

        // Given, a certificate must still come from the CA.
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(exporter, files, "/healthz", files.StrangerClient, basicAuth: false));
    }

    [Fact]
    public async Task Only_client_certificates_with_an_allowed_SAN_connect_and_a_changed_list_applies_to_the_next_connection()
    {
        using var files = new TlsFiles();
        files.WriteWebConfig(basicAuth: false, extraTls: $"  client_allowed_sans: [{TlsFiles.ClientName}]");
        await using var simulator = await SimulatorServer.StartAsync();
        await using var exporter = await StartAsync(simulator, files.WebConfigFile);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(exporter, files, "/metrics", files.Client, basicAuth: false)).Status);

        files.WriteWebConfig(basicAuth: false, extraTls: "  client_allowed_sans: [grafana.monitoring.svc, 10.0.0.1]");

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(exporter, files, "/metrics", files.Client, basicAuth: false));
    }

    /// <summary>One request on a connection of its own; the status and the thumbprint of the certificate the server presented.</summary>
    private static async Task<(HttpStatusCode Status, string? Served)> GetAsync(TestExporter exporter, TlsFiles files, string path, X509Certificate2? client, bool basicAuth)
    {
        string? served = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
            served = presented.Thumbprint;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(files.Authority.Certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        };
        if (client is not null)
        {
            handler.SslOptions.ClientCertificates = [client];
        }

        using var http = new HttpClient(handler) { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (basicAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TlsFiles.User}:{TlsFiles.Password}")));
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, served);
    }

    private static async Task<TestExporter> StartAsync(SimulatorServer simulator, string webConfig)
    {
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret", 420);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Web:ConfigFile"] = webConfig;
        return await TestExporter.StartAsync(simulator, settings);
    }
}
