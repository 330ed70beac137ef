using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The control API another process uses to add tenants, fix scores, inject faults and read counts.</summary>
public sealed class SimulatorControlApiTests
{
    [Fact]
    public async Task A_tenant_added_over_the_control_API_gets_tokens_and_its_fixed_score()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);
        var (tenantId, clientId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        using var added = await http.Client.PostAsJsonAsync(Control(simulator, "tenants"), new { tenantId, clientId, clientSecret = "s", score = 420.5, drift = false });
        using var fixedScore = await http.Client.PutAsJsonAsync(Control(simulator, $"tenants/{tenantId}/score"), new { score = 333.25, time = "2026-01-02T03:04:05Z" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, fixedScore.StatusCode);
        Assert.Equal((333.25, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), simulator[tenantId].CurrentScore);
        using var response = await http.GetScoreAsync(await http.TokenAsync(simulator[tenantId]));
        Assert.Contains("\"score\":333.25", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_added_with_a_certificate_accepts_assertions_signed_by_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);
        // Any certificate will do to check it is stored; ECDSA is generated in a millisecond.
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=client", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var tenantId = Guid.NewGuid().ToString();

        using var added = await http.Client.PostAsJsonAsync(
            Control(simulator, "tenants"),
            new { tenantId, clientId = Guid.NewGuid().ToString(), certificatePem = certificate.ExportCertificatePem(), federatedToken = "fed" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(certificate.Thumbprint, simulator[tenantId].ClientCertificate?.Thumbprint);
        Assert.Equal("fed", simulator[tenantId].FederatedToken);
    }

    [Fact]
    public async Task Adding_a_tenant_twice_is_a_conflict_and_bad_input_is_400()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);
        var tenantId = Guid.NewGuid().ToString();

        using var first = await http.Client.PostAsJsonAsync(Control(simulator, "tenants"), new { tenantId, clientId = "c" });
        using var second = await http.Client.PostAsJsonAsync(Control(simulator, "tenants"), new { tenantId, clientId = "c" });
        using var noClient = await http.Client.PostAsJsonAsync(Control(simulator, "tenants"), new { tenantId = "x", clientId = "" });
        using var badPem = await http.Client.PostAsJsonAsync(Control(simulator, "tenants"), new { tenantId = "y", clientId = "c", certificatePem = "nope" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noClient.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPem.StatusCode);
    }

    [Fact]
    public async Task Faults_set_over_the_control_API_apply_for_their_count_and_can_be_cleared()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        using var set = await http.Client.PutAsJsonAsync(Control(simulator, $"tenants/{tenant.TenantId}/fault"), new { kind = "throttle", retryAfterSeconds = 3, times = 1 });
        using var throttled = await http.GetScoreAsync(token);
        using var fine = await http.GetScoreAsync(token);
        using var forever = await http.Client.PutAsJsonAsync(Control(simulator, $"tenants/{tenant.TenantId}/fault"), new { kind = "status", status = 503 });
        using var unavailable = await http.GetScoreAsync(token);
        using var cleared = await http.Client.DeleteAsync(Control(simulator, $"tenants/{tenant.TenantId}/fault"));
        using var again = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Token_faults_and_secret_rotation_work_over_the_control_API()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "old");
        using var http = new SimulatorHttp(simulator);

        using var fault = await http.Client.PutAsJsonAsync(Control(simulator, $"tenants/{tenant.TenantId}/fault"), new { target = "token", kind = "server_error", times = 1 });
        using var failed = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "old");
        using var rotate = await http.Client.PutAsJsonAsync(Control(simulator, $"tenants/{tenant.TenantId}/secret"), new { clientSecret = "new" });
        using var oldSecret = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "old");
        using var newSecret = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "new");

        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"no-such-fault"}""")]
    [InlineData("""{"kind":"hang","target":"elsewhere"}""")]
    [InlineData("""{"kind":"hang","times":0}""")]
    public async Task Unknown_faults_are_400(string json)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);

        using var response = await http.Client.PutAsync(
            Control(simulator, $"tenants/{tenant.TenantId}/fault"), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Request_counts_are_reported_per_tenant_with_totals_and_reset_on_delete()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var contoso = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "a");
        var fabrikam = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "b");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(contoso);
        (await http.GetScoreAsync(token)).Dispose();
        (await http.GetScoreAsync(token)).Dispose();

        using var all = JsonDocument.Parse(await http.Client.GetStringAsync(Control(simulator, "requests")));
        using var one = JsonDocument.Parse(await http.Client.GetStringAsync(Control(simulator, $"requests?tenant={contoso.TenantId}")));
        (await http.Client.DeleteAsync(Control(simulator, "requests"))).Dispose();
        using var after = JsonDocument.Parse(await http.Client.GetStringAsync(Control(simulator, "requests")));

        Assert.Equal(2, all.RootElement.GetProperty("api").GetInt64());
        Assert.Equal(1, all.RootElement.GetProperty("token").GetInt64());
        Assert.Equal(0, all.RootElement.GetProperty("tenants").GetProperty(fabrikam.TenantId).GetProperty("api").GetInt32());
        Assert.Equal(2, one.RootElement.GetProperty("tenants").GetProperty(contoso.TenantId).GetProperty("api").GetInt32());
        Assert.Single(one.RootElement.GetProperty("tenants").EnumerateObject());
        Assert.Equal(0, after.RootElement.GetProperty("api").GetInt64());
    }

    [Fact]
    public async Task Removing_and_revoking_over_the_control_API_refuse_old_tokens()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var revoked = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "a");
        var removed = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "b");
        using var http = new SimulatorHttp(simulator);
        var (revokedToken, removedToken) = (await http.TokenAsync(revoked), await http.TokenAsync(removed));

        (await http.Client.PostAsync(Control(simulator, $"tenants/{revoked.TenantId}/revoke"), null)).Dispose();
        using var deleted = await http.Client.DeleteAsync(Control(simulator, $"tenants/{removed.TenantId}"));
        using var deletedAgain = await http.Client.DeleteAsync(Control(simulator, $"tenants/{removed.TenantId}"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        using var first = await http.GetScoreAsync(revokedToken);
        using var second = await http.GetScoreAsync(removedToken);
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    private static Uri Control(SimulatorServer simulator, string path) => new(simulator.ApiBaseUrl, "_simulator/" + path);
}
