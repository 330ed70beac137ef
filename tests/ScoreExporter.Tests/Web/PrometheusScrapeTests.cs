using System.Security.Cryptography.X509Certificates;
using DefenderSimulator;
using ScoreExporter.Tests.Grafana;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Web;

/// <summary>
/// A real Prometheus scrapes the exporter over TLS with a client certificate and basic auth. One job has everything
/// right (up 1); a wrong password, no client certificate and a certificate from another CA each give up 0 with the
/// reason in the target's last error.
/// </summary>
[Collection(CpuHeavy.Name)]
public sealed class PrometheusScrapeTests
{
    private const string ClosedInHandshake = @"/metrics"": (unexpected EOF|.*write: broken pipe|.*connection reset by peer)$";

    [Fact]
    public async Task Prometheus_scrapes_over_TLS_with_a_client_certificate_and_basic_auth_and_each_wrong_credential_is_refused()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = bound.Token;
        using var files = new TlsFiles();
        files.WriteWebConfig(extraTls: $"  client_allowed_sans: [{TlsFiles.ClientName}]");
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret", 420);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Web:ConfigFile"] = files.WebConfigFile;
        await using var exporter = await TestExporter.StartAsync(simulator, settings);
        var target = $"{exporter.BaseAddress.Host}:{exporter.BaseAddress.Port}";

        string Job(string name, string? cert, string? key, string password) => $"""
              - job_name: {name}
                scheme: https
                tls_config:
                  ca_file: {files.CaFile}
            {(cert is null ? string.Empty : $"      cert_file: {cert}\n      key_file: {key}")}
                basic_auth:
                  username: {TlsFiles.User}
                  password: "{password}"
                static_configs:
                  - targets: ["{target}"]
            """;
        await using var prometheus = await PrometheusServer.StartAsync(files.Directory, files.File("prometheus-data"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
            {Job("good", files.ClientCertFile, files.ClientKeyFile, TlsFiles.Password)}
            {Job("wrong-password", files.ClientCertFile, files.ClientKeyFile, "not the password")}
            {Job("no-client-certificate", null, null, TlsFiles.Password)}
            {Job("other-ca", files.StrangerCertFile, files.StrangerKeyFile, TlsFiles.Password)}
            """, ct);

        IReadOnlyList<ScrapeTarget> targets = [];
        await Eventually.TrueAsync(
            async () =>
            {
                targets = await prometheus.TargetsAsync(ct);
                return targets.Count == 4 && targets.All(t => t.Health != "unknown");
            },
            "every target scraped once",
            TimeSpan.FromSeconds(60));

        var byJob = targets.ToDictionary(t => t.Job);
        Assert.Equal(("up", string.Empty), (byJob["good"].Health, byJob["good"].LastError));
        Assert.Equal(1, await prometheus.ScalarAsync("up{job=\"good\"}", ct));
        Assert.NotNull(await prometheus.ScalarAsync("defender_device_secure_score{job=\"good\",tenant=\"contoso\"}", ct));
        foreach (var job in new[] { "wrong-password", "no-client-certificate", "other-ca" })
        {
            Assert.Equal("down", byJob[job].Health);
            Assert.Equal(0, await prometheus.ScalarAsync($"up{{job=\"{job}\"}}", ct));
        }

        Assert.Contains("401 Unauthorized", byJob["wrong-password"].LastError, StringComparison.Ordinal);

        // A refused client certificate ends the connection in the handshake: .NET's TLS on Linux closes it without
        // an alert, so Prometheus reports the closed connection, with no HTTP status: as an EOF on its read, or a broken
        // pipe or reset when its write came second. The reason is in the exporter's log.
        Assert.Matches(ClosedInHandshake, byJob["no-client-certificate"].LastError);
        Assert.Matches(ClosedInHandshake, byJob["other-ca"].LastError);
        Assert.Contains(exporter.Logs.Lines, l => l.Contains("refused: no client certificate, and client_auth_type is RequireAndVerifyClientCert", StringComparison.Ordinal));
        Assert.Contains(exporter.Logs.Lines, l => l.Contains($"refused: client certificate '{files.StrangerClient.Subject}' issued by '{files.StrangerClient.Issuer}' does not chain to client_ca_file", StringComparison.Ordinal));

        // The probes need no password (the kubelet has none); TLS is still TLS.
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(files.Authority.Certificate);
        handler.SslOptions.ClientCertificates = [files.Client];
        using var http = new HttpClient(handler) { BaseAddress = exporter.BaseAddress };
        Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), ct));
    }
}
