using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The Entra token endpoint, as Azure.Identity and a raw client see it.</summary>
public sealed class SimulatorTokenTests
{
    private static readonly TokenRequestContext ScopeContext = new([SimulatorHttp.Scope]);

    [Fact]
    public async Task ClientSecretCredential_gets_a_token_the_API_accepts_on_http_and_https()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s3cret");
        tenant.SetScore(612.5, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var http = new SimulatorHttp(simulator);

        var credential = new ClientSecretCredential(tenant.TenantId, tenant.ClientId, "s3cret", Options<ClientSecretCredentialOptions>(simulator, http));
        var token = await credential.GetTokenAsync(ScopeContext, default);

        Assert.InRange(token.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        foreach (var https in new[] { false, true })
        {
            using var response = await http.GetScoreAsync(token.Token, https);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"score\":612.5", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, tenant.TokenRequestCount);
        Assert.Equal(1, simulator.Log.Count(tenant.TenantId, RequestKind.Token));
        Assert.Equal(2, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
    }

    [Fact]
    public async Task ClientCertificateCredential_gets_a_token_with_a_signed_assertion_and_a_foreign_certificate_does_not()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var certificate = TestCertificates.Create();
        using var stranger = TestCertificates.Create("CN=stranger");
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        tenant.ClientCertificate = certificate;
        using var http = new SimulatorHttp(simulator);

        var good = new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, certificate, Options<ClientCertificateCredentialOptions>(simulator, http));
        var token = await good.GetTokenAsync(ScopeContext, default);
        using var response = await http.GetScoreAsync(token.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var bad = new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, stranger, Options<ClientCertificateCredentialOptions>(simulator, http));
        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await bad.GetTokenAsync(ScopeContext, default));
        Assert.Contains("AADSTS700027", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientAssertionCredential_is_accepted_with_the_federated_token_only()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        tenant.FederatedToken = "eyJ.federated.token";
        using var http = new SimulatorHttp(simulator);

        var good = new ClientAssertionCredential(tenant.TenantId, tenant.ClientId, () => "eyJ.federated.token", Options<ClientAssertionCredentialOptions>(simulator, http));
        Assert.False(string.IsNullOrEmpty((await good.GetTokenAsync(ScopeContext, default)).Token));

        var bad = new ClientAssertionCredential(tenant.TenantId, tenant.ClientId, () => "eyJ.other.token", Options<ClientAssertionCredentialOptions>(simulator, http));
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await bad.GetTokenAsync(ScopeContext, default));
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client_with_the_Entra_error_body()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        using var response = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_client", body.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000215:", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(7000215, body.RootElement.GetProperty("error_codes")[0].GetInt32());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("trace_id").GetString(), out _));
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("correlation_id").GetString(), out _));
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl?.ToString());

        var record = Assert.Single(simulator.Log.Snapshot());
        Assert.Equal((tenant.TenantId, RequestKind.Token, 401), (record.TenantId, record.Kind, record.StatusCode));
    }

    [Fact]
    public async Task A_wrong_secret_fails_Azure_Identity_with_the_AADSTS_code()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        var credential = new ClientSecretCredential(tenant.TenantId, tenant.ClientId, "wrong", Options<ClientSecretCredentialOptions>(simulator, http));
        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await credential.GetTokenAsync(ScopeContext, default));

        // What an exporter gets to classify the failure: the OAuth error and the AADSTS code (from the inner MSAL exception).
        Assert.Contains("invalid_client", e.ToString(), StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scope", HttpStatusCode.BadRequest, "invalid_scope")]
    [InlineData("client", HttpStatusCode.BadRequest, "unauthorized_client")]
    [InlineData("tenant", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task Other_mistakes_get_the_Entra_error(string mistake, HttpStatusCode status, string error)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        using var response = await http.RequestTokenAsync(
            mistake == "tenant" ? Guid.NewGuid().ToString() : tenant.TenantId,
            mistake == "client" ? Guid.NewGuid().ToString() : tenant.ClientId,
            "right",
            mistake == "scope" ? "https://management.azure.com/.default" : SimulatorHttp.Scope);

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_rotated_secret_refuses_the_old_one_and_accepts_the_new_one()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "old");
        using var http = new SimulatorHttp(simulator);

        tenant.ClientSecret = "new";

        using var old = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "old");
        using var current = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "new");
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task A_token_fault_for_one_request_fails_that_request_only()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        tenant.SetTokenFault(TokenFault.ServerError(), times: 1);
        using var first = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");
        using var second = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, tenant.TokenRequestCount);
    }

    [Theory]
    [InlineData(nameof(TokenFault.InvalidClient), HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData(nameof(TokenFault.UnauthorizedClient), HttpStatusCode.BadRequest, "unauthorized_client")]
    [InlineData(nameof(TokenFault.ServerError), HttpStatusCode.InternalServerError, "temporarily_unavailable")]
    public async Task Token_faults_answer_with_their_Entra_error_until_cleared(string fault, HttpStatusCode status, string error)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        tenant.SetTokenFault(fault switch
        {
            nameof(TokenFault.InvalidClient) => TokenFault.InvalidClient(),
            nameof(TokenFault.UnauthorizedClient) => TokenFault.UnauthorizedClient(),
            _ => TokenFault.ServerError(),
        });
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");
            Assert.Equal(status, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
        }

        tenant.SetTokenFault(null);
        using var cleared = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(null)]
    public async Task The_ExpiresIn_fault_sets_or_leaves_out_expires_in(int? seconds)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        tenant.SetTokenFault(TokenFault.ExpiresIn(seconds), times: 1);
        using var response = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(seconds is not null, body.RootElement.TryGetProperty("expires_in", out var expiresIn));
        if (seconds is not null)
        {
            Assert.Equal(seconds, expiresIn.GetInt32());
        }
    }

    [Fact]
    public async Task A_hanging_token_endpoint_answers_nothing_and_is_logged_with_status_0()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMilliseconds(500));

        tenant.SetTokenFault(TokenFault.Hang(), times: 1);

        await Assert.ThrowsAsync<TaskCanceledException>(() => http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right"));
        Assert.Equal(0, Assert.Single(simulator.Log.Snapshot()).StatusCode);
    }

    [Fact]
    public async Task A_successful_token_response_has_the_Entra_shape()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "right");
        using var http = new SimulatorHttp(simulator);

        using var response = await http.RequestTokenAsync(tenant.TenantId, tenant.ClientId, "right");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(3600, body.RootElement.GetProperty("ext_expires_in").GetInt32());
        Assert.True(body.RootElement.GetProperty("access_token").GetString()!.Length > 32);
    }

    private static T Options<T>(SimulatorServer simulator, SimulatorHttp http)
        where T : TokenCredentialOptions, new()
    {
        var options = new T
        {
            AuthorityHost = simulator.AuthorityHost,
            Transport = new HttpClientTransport(new HttpClient(http.Handler, disposeHandler: false)),
        };
        options.Retry.MaxRetries = 0;
        switch (options)
        {
            case ClientSecretCredentialOptions o: o.DisableInstanceDiscovery = true; break;
            case ClientCertificateCredentialOptions o: o.DisableInstanceDiscovery = true; break;
            case ClientAssertionCredentialOptions o: o.DisableInstanceDiscovery = true; break;
        }

        return options;
    }
}
