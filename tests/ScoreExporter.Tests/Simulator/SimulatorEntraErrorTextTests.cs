using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>
/// Token errors carry Entra's own wording, client id included, with Entra's Trace ID / Correlation ID / Timestamp
/// tail: Azure.Identity puts that text in its exceptions, so a leak scanner over an exporter's logs has something real to catch.
/// </summary>
public sealed partial class SimulatorEntraErrorTextTests
{
    [Fact]
    public async Task A_wrong_secret_and_the_invalid_client_fault_both_give_the_full_AADSTS7000215_text()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        var wrongSecret = await DescriptionAsync(http, tenant.TenantId, tenant.ClientId, "wrong");
        tenant.SetTokenFault(TokenFault.InvalidClient(), times: 1);
        var fault = await DescriptionAsync(http, tenant.TenantId, tenant.ClientId, "right");

        foreach (var description in new[] { wrongSecret, fault })
        {
            Assert.StartsWith(
                $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{tenant.ClientId}'. Trace ID: ",
                description,
                StringComparison.Ordinal);
            Assert.Matches(EntraTail(), description);
        }
    }

    [Fact]
    public async Task An_unknown_client_id_gives_the_full_AADSTS700016_text()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);
        var stranger = Guid.NewGuid().ToString();

        var description = await DescriptionAsync(http, tenant.TenantId, stranger, "right");

        Assert.StartsWith(
            $"AADSTS700016: Application with identifier '{stranger}' was not found in the directory '{tenant.TenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. Trace ID: ",
            description,
            StringComparison.Ordinal);
        Assert.Matches(EntraTail(), description);
    }

    [Fact]
    public async Task Azure_Identity_exceptions_carry_the_text_and_so_the_client_id_when_logged()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);
        var options = new ClientSecretCredentialOptions
        {
            AuthorityHost = simulator.AuthorityHost,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(new HttpClient(http.Handler, disposeHandler: false)),
        };
        options.Retry.MaxRetries = 0;

        tenant.SetTokenFault(TokenFault.UnauthorizedClient(), times: 1);
        var unknownApp = await Assert.ThrowsAsync<AuthenticationFailedException>(async () =>
            await new ClientSecretCredential(tenant.TenantId, tenant.ClientId, "right", options).GetTokenAsync(new TokenRequestContext([SimulatorHttp.Scope]), default));
        var wrongSecret = await Assert.ThrowsAsync<AuthenticationFailedException>(async () =>
            await new ClientSecretCredential(tenant.TenantId, tenant.ClientId, "wrong", options).GetTokenAsync(new TokenRequestContext([SimulatorHttp.Scope]), default));

        // The text is in the inner MSAL exception: what a logger writes when it is given the exception.
        Assert.Contains($"AADSTS700016: Application with identifier '{tenant.ClientId}'", unknownApp.ToString(), StringComparison.Ordinal);
        Assert.Contains($"for a secret added to app '{tenant.ClientId}'", wrongSecret.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> DescriptionAsync(SimulatorHttp http, string tenantId, string clientId, string secret)
    {
        using var response = await http.RequestTokenAsync(tenantId, clientId, secret);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error_description").GetString()!;
    }

    // As Entra ends every description: " Trace ID: <guid> Correlation ID: <guid> Timestamp: 2026-11-30 10:17:00Z".
    [GeneratedRegex(@" Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$")]
    private static partial Regex EntraTail();
}
