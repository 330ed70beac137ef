using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The simulator run as its own process, and the certificate it hands out for clients to trust.</summary>
public sealed partial class SimulatorStandaloneTests
{
    [Fact]
    public async Task The_simulator_certificate_alone_is_enough_to_trust_it_on_127_0_0_1_and_localhost()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var anchor = X509Certificate2.CreateFromPem(simulator.TlsCertificate.ExportCertificatePem());

        // What SSL_CERT_FILE does for a real client: the certificate becomes the only root, and names are checked.
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(anchor);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            var url = new UriBuilder(simulator.HttpsBaseUrl) { Host = host, Path = $"{tenant.TenantId}/v2.0/.well-known/openid-configuration" }.Uri;
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Standalone_serves_its_demo_tenants_writes_the_certificate_and_exporter_config()
    {
        using var directory = new TempDirectory();
        var certificatePath = Path.Combine(directory.Path, "sim.pem");
        var configPath = Path.Combine(directory.Path, "exporter.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "DefenderSimulator.dll"), "--tenants", "25", "--cert-out", certificatePath, "--config-out", configPath, "--drift", "false" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var apiBase = await ReadApiBaseAsync(process);
            using var anchor = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            using var counts = JsonDocument.Parse(await http.GetStringAsync(new Uri(apiBase, "_simulator/requests")));
            Assert.Equal(25, counts.RootElement.GetProperty("tenants").EnumerateObject().Count());
            Assert.True(counts.RootElement.GetProperty("tenants").TryGetProperty(DemoTenants.TenantId(25), out _));
            using var groups = JsonDocument.Parse(await http.GetStringAsync(new Uri(apiBase, $"_simulator/tenants/{DemoTenants.TenantId(1)}/groups")));
            Assert.InRange(groups.RootElement.GetArrayLength(), 3, 5);

            using var config = JsonDocument.Parse(await File.ReadAllTextAsync(configPath));
            var tenants = config.RootElement.GetProperty("Defender").GetProperty("Tenants");
            Assert.Equal(25, tenants.GetArrayLength());
            Assert.Equal("tenant-0001", tenants[0].GetProperty("Name").GetString());
            Assert.Equal(apiBase.ToString(), config.RootElement.GetProperty("Defender").GetProperty("ApiBaseUrl").GetString());
            Assert.StartsWith("https://127.0.0.1:", config.RootElement.GetProperty("Defender").GetProperty("AuthorityHost").GetString(), StringComparison.Ordinal);
            Assert.Contains("CN=DefenderSimulator", anchor.Subject, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("--tenants", "-1", "--tenants must be between 0 and 100000")]
    [InlineData("--posture", "lots", "--posture must be demo or none; --machines must not be negative")]
    [InlineData("--machines", "-5", "--posture must be demo or none; --machines must not be negative")]
    public async Task Standalone_refuses_a_bad_setting_in_one_line(string name, string value, string message)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DefenderSimulator.dll"));
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(value);
        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var stderr = await process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(message, stderr.Trim());
    }

    private static async Task<Uri> ReadApiBaseAsync(Process process)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            seen.Add(line);
            if (ControlLine().Match(line) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"the simulator exited without printing its URLs: {string.Join('\n', seen)} {await process.StandardError.ReadToEndAsync()}");
    }

    [GeneratedRegex(@"Control API\s+(http://\S+/)_simulator/")]
    private static partial Regex ControlLine();
}
