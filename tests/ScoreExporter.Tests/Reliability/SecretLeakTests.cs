using System.Security.Cryptography.X509Certificates;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// A certificate-credential tenant (password-protected PFX, so a password and signed client assertions exist) run
/// through every API and token fault: no password, client assertion, access token or client id shows in the logs
/// (exception text included), /metrics or the landing page. The secret-credential cases are scanned in each fault test.
/// </summary>
public sealed class SecretLeakTests
{
    private const string Password = "Cert~Passw0rd.Value_3b81";

    [Fact]
    public async Task Certificate_password_client_assertions_and_tokens_never_show_across_every_fault()
    {
        using var temp = new TempDirectory();
        using var certificate = TestCertificates.Create("CN=secret-leak-test");
        var pfx = temp.File("client.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, Password));
        var passwordFile = temp.File("password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        tenant.ClientCertificate = certificate;
        await using var exporter = await TestExporter.StartAsync(
            simulator,
            new Dictionary<string, string?>
            {
                ["Defender:Tenants:0:Name"] = "contoso",
                ["Defender:Tenants:0:TenantId"] = tenant.TenantId,
                ["Defender:Tenants:0:ClientId"] = tenant.ClientId,
                ["Defender:Tenants:0:CertificatePath"] = pfx,
                ["Defender:Tenants:0:CertificatePasswordFile"] = passwordFile,
            },
            time);
        var state = exporter.Score("contoso");
        Assert.True(state.Snapshot.Up, state.Snapshot.LastFailureDetail);

        ApiFault[] apiFaults =
        [
            ApiFault.Unauthorized(), ApiFault.Forbidden(), ApiFault.DisabledFeature(), ApiFault.Status(404), ApiFault.Status(500),
            ApiFault.TooManyRequests(1), ApiFault.Hang(), ApiFault.ResetMidBody(), ApiFault.MalformedJson(), ApiFault.HtmlPage(),
            ApiFault.Oversized(2 * 1024 * 1024), ApiFault.SlowDrip(TimeSpan.FromSeconds(1)),
        ];
        foreach (var fault in apiFaults)
        {
            tenant.SetApiFault(fault);
            await PollDriver.PollOnceAsync(time, state);
        }

        tenant.SetApiFault(null);
        TokenFault[] tokenFaults = [TokenFault.InvalidClient(), TokenFault.UnauthorizedClient(), TokenFault.Hang(), TokenFault.ExpiresIn(0)];
        foreach (var fault in tokenFaults)
        {
            state.Tenant.Credential.Invalidate();
            tenant.SetTokenFault(fault);
            await PollDriver.PollOnceAsync(time, state);
        }

        tenant.SetTokenFault(null);
        tenant.RevokeIssuedTokens();
        await PollDriver.PollOnceAsync(time, state);
        await PollDriver.PollOnceAsync(time, state);

        Assert.True(state.Snapshot.Up, state.Snapshot.LastFailureDetail);
        Assert.True(tenant.TokenRequestCount >= 5, "client assertions were sent, so there was something to leak");
        Assert.Contains("failed", exporter.Logs.Text, StringComparison.Ordinal);
        await SecretScan.AssertCleanAsync(exporter, [Password, certificate.GetCertHashString()], tenant.ClientId);
    }
}
