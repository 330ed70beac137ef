using DefenderSimulator;
using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>The exporter as its own process: trust from the system store (SSL_CERT_FILE), the Azure SDK variables, exit codes.</summary>
public sealed class ProcessTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_sign_in_host_is_trusted_only_through_the_CA_in_SSL_CERT_FILE(bool withCertificateFile)
    {
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(432.5, DateTimeOffset.UtcNow.AddHours(-3));
        var certificate = temp.File("ca.pem");
        File.WriteAllText(certificate, simulator.TlsCertificate.ExportCertificatePem());
        var config = temp.File("config.json");
        File.WriteAllText(config, $$"""
            { "Defender": { "ApiBaseUrl": "{{simulator.ApiBaseUrl}}", "AuthorityHost": "{{simulator.AuthorityHost}}",
              "Tenants": [ { "Name": "contoso", "TenantId": "{{tenant.TenantId}}", "ClientId": "{{tenant.ClientId}}", "ClientSecret": "secret" } ] } }
            """);

        await using var exporter = await ExporterProcess.StartAsync(
            ["--config", config],
            withCertificateFile ? new Dictionary<string, string> { ["SSL_CERT_FILE"] = certificate } : null);
        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(withCertificateFile ? 432.5 : null, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));

        // An untrusted sign-in host is a network (TLS) failure, never "auth": the fix is the trust store, not the secret.
        Assert.Equal(withCertificateFile ? 0 : 1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "configuration_score"), ("reason", "network")));
        Assert.Equal(0, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "configuration_score"), ("reason", "auth")));
        var page = await exporter.Http.GetStringAsync("/");
        Assert.Equal(!withCertificateFile, page.Contains(
            $"failed: network: TLS: the certificate of {simulator.AuthorityHost.Authority} is not trusted or the handshake failed; custom CA? set SSL_CERT_FILE",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_tenants_the_Azure_SDK_variables_run_one_tenant_named_after_its_id()
    {
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "env-secret");
        var certificate = temp.File("ca.pem");
        File.WriteAllText(certificate, simulator.TlsCertificate.ExportCertificatePem());

        await using var exporter = await ExporterProcess.StartAsync([], new Dictionary<string, string>
        {
            ["SSL_CERT_FILE"] = certificate,
            ["Defender__ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
            ["Defender__AuthorityHost"] = simulator.AuthorityHost.ToString(),
            ["AZURE_TENANT_ID"] = tenant.TenantId,
            ["AZURE_CLIENT_ID"] = tenant.ClientId,
            ["AZURE_CLIENT_SECRET"] = "env-secret",
        });
        var metrics = await exporter.ScrapeAsync();

        Assert.All(metrics.All("defender_up"), up => Assert.Equal((tenant.TenantId, 1.0), (up.Labels["tenant"], up.Value)));
        Assert.Equal(3, metrics.All("defender_up").Count()); // the collectors on by default
        Assert.Single(metrics.All("defender_tenant_info"));
    }

    [Fact]
    public async Task A_malformed_config_file_stops_the_process_with_exit_code_2_and_no_stack_trace()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config", "malformed", "missing-colon.json");

        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(["--config", config, "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            $"configuration error: {config} line 3, position 13: a ':' is missing after the property name: add it.",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
