using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// An Entra ID v2 token endpoint for the client-credentials grant: client secret, certificate-signed client
/// assertion, or a federated (workload identity) assertion. Issues opaque tokens that name their tenant.
/// </summary>
internal sealed class TokenEndpoint
{
    private readonly SimulatorServer server;
    private readonly ConcurrentDictionary<string, IssuedToken> issued;
    private readonly ConcurrentDictionary<string, IssuedToken>.AlternateLookup<ReadOnlySpan<char>> issuedByText;
    private long issuedSinceSweep;

    public TokenEndpoint(SimulatorServer server)
    {
        this.server = server;
        issued = new(StringComparer.Ordinal);

        // Looked up by a slice of the Authorization header: no string per API request.
        issuedByText = issued.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public async Task HandleAsync(HttpContext context, string tenantId)
    {
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        var tenant = server.Find(tenantId);
        if (tenant is null)
        {
            await ErrorAsync(context, tenantId, 400, "invalid_request", 90002, $"AADSTS90002: Tenant '{tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");
            return;
        }

        var fault = tenant.TakeTokenFault();
        if (fault?.Kind == TokenFaultKind.Hang)
        {
            server.Log.Add(context, tenant.TenantId, RequestKind.Token, 0, TokenPath(tenant.TenantId));
            await Waiting.HangAsync(context, server.Stopping);
            return;
        }

        if (fault?.Kind is TokenFaultKind.InvalidClient)
        {
            await ErrorAsync(context, tenant.TenantId, 401, "invalid_client", 7000215, InvalidSecret(tenant));
            return;
        }

        if (fault?.Kind is TokenFaultKind.UnauthorizedClient)
        {
            await ErrorAsync(context, tenant.TenantId, 400, "unauthorized_client", 700016, ApplicationNotFound(tenant));
            return;
        }

        if (fault?.Kind is TokenFaultKind.ServerError)
        {
            await ErrorAsync(context, tenant.TenantId, 500, "temporarily_unavailable", 90033, "AADSTS90033: A transient error has occurred. Please try again.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            await ErrorAsync(context, tenant.TenantId, 400, "unsupported_grant_type", 70003, $"AADSTS70003: The app requested an unsupported grant type '{form["grant_type"]}'.");
            return;
        }

        if (!string.Equals(form["client_id"], tenant.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, tenant.TenantId, 400, "unauthorized_client", 700016, ApplicationNotFound(tenant, form["client_id"]));
            return;
        }

        if (Authenticate(tenant, form) is { } failure)
        {
            await ErrorAsync(context, tenant.TenantId, failure.Status, "invalid_client", failure.Code, failure.Description);
            return;
        }

        var scope = form["scope"].ToString();
        ApiSurface? surface = scope == server.Options.AcceptedScope ? ApiSurface.Defender
            : scope == server.Options.AcceptedGraphScope ? ApiSurface.Graph
            : null;
        if (surface is null)
        {
            await ErrorAsync(context, tenant.TenantId, 400, "invalid_scope", 70011, $"AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope {form["scope"]} is not valid.", Audience(scope));
            return;
        }

        var lifetime = (int)server.Options.TokenLifetime.TotalSeconds;
        var expiresIn = fault?.Kind == TokenFaultKind.ExpiresIn ? fault.ExpiresInSeconds : lifetime;
        var token = "sim." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = server.Options.TimeProvider.GetUtcNow();
        var audience = Audience(scope);
        issued[token] = new IssuedToken(tenant, tenant.TokenGeneration, now.AddSeconds(expiresIn ?? lifetime), surface.Value, audience);
        ForgetExpiredTokensNowAndThen(now);
        server.Log.Add(context, tenant.TenantId, RequestKind.Token, 200, TokenPath(tenant.TenantId), surface: surface, audience: audience);
        await context.Response.WriteAsJsonAsync(
            new TokenBody("Bearer", expiresIn, expiresIn, token), SimulatorJson.Context.TokenBody, cancellationToken: context.RequestAborted);
    }

    /// <summary>
    /// Which tenant a bearer token is valid for (null when missing, unknown, expired, revoked or its tenant removed),
    /// who it was issued to whatever its state, and the surface and audience it was issued for.
    /// </summary>
    public BearerCheck Check(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new BearerCheck(null, null, null, null, BearerProblem.Missing);
        }

        if (!issuedByText.TryGetValue(authorization.AsSpan(Scheme.Length).Trim(), out var token))
        {
            return new BearerCheck(null, null, null, null, BearerProblem.Unknown);
        }

        var problem = server.Find(token.Tenant.TenantId) != token.Tenant || token.Generation != token.Tenant.TokenGeneration ? BearerProblem.Revoked
            : token.ExpiresAt <= server.Options.TimeProvider.GetUtcNow() ? BearerProblem.Expired
            : BearerProblem.None;
        return new BearerCheck(problem == BearerProblem.None ? token.Tenant : null, token.Tenant, token.Surface, token.Audience, problem);
    }

    /// <summary>Null when the client proved who it is; otherwise the error Entra would give.</summary>
    private AuthFailure? Authenticate(SimulatedTenant tenant, IFormCollection form)
    {
        if (form.TryGetValue("client_secret", out var secret))
        {
            return tenant.ClientSecret is not null && FixedTimeEquals(secret.ToString(), tenant.ClientSecret)
                ? null
                : new AuthFailure(401, 7000215, InvalidSecret(tenant));
        }

        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || form["client_assertion"].ToString() is not { Length: > 0 } assertion)
        {
            return new AuthFailure(401, 7000216, "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
        }

        if (tenant.FederatedToken is not null && FixedTimeEquals(assertion, tenant.FederatedToken))
        {
            return null;
        }

        if (tenant.ClientCertificate is not null && ClientAssertion.IsValid(assertion, tenant, server.Options.TimeProvider.GetUtcNow()))
        {
            return null;
        }

        return tenant.ClientCertificate is null && tenant.FederatedToken is not null
            ? new AuthFailure(400, 70021, "AADSTS70021: No matching federated identity record found for presented assertion. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation")
            : new AuthFailure(401, 700027, CertificateNotRegistered(tenant, assertion));
    }

    // The texts below are Entra's own: they name the client id, which is why an exporter must never show them raw.
    private static string ApplicationNotFound(SimulatedTenant tenant, string? clientId = null) =>
        $"AADSTS700016: Application with identifier '{clientId ?? tenant.ClientId}' was not found in the directory '{tenant.TenantId}'. "
        + "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. "
        + "You may have sent your authentication request to the wrong tenant.";

    private static string InvalidSecret(SimulatedTenant tenant) =>
        $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{tenant.ClientId}'.";

    private static string CertificateNotRegistered(SimulatedTenant tenant, string assertion) =>
        $"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., "
        + $"Thumbprint of key used by client: '{ClientAssertion.Thumbprint(assertion)}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{tenant.ClientId}'. "
        + "Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and "
        + "https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as "
        + $"'https://graph.microsoft.com/beta/applications/{tenant.ClientId}']";

    // Tokens are cached by clients for their lifetime, so the table stays near one entry per tenant; a sweep every
    // few thousand issues drops the expired ones left by clients that were told a short expires_in.
    private void ForgetExpiredTokensNowAndThen(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref issuedSinceSweep) % 4096 != 0)
        {
            return;
        }

        foreach (var (text, token) in issued)
        {
            if (token.ExpiresAt <= now)
            {
                issued.TryRemove(text, out _);
            }
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private async Task ErrorAsync(HttpContext context, string tenantId, int status, string error, int code, string description, string? audience = null)
    {
        server.Log.Add(context, tenantId, RequestKind.Token, status, TokenPath(tenantId), audience: audience);
        context.Response.StatusCode = status;
        var now = server.Options.TimeProvider.GetUtcNow();
        var timestamp = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (traceId, correlationId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var body = new TokenErrorBody(
            error, $"{description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            [code], timestamp, traceId, correlationId);
        await context.Response.WriteAsJsonAsync(body, SimulatorJson.Context.TokenErrorBody, cancellationToken: context.RequestAborted);
    }

    /// <summary>The resource a scope names: <c>https://graph.microsoft.com/.default</c> → <c>https://graph.microsoft.com</c>.</summary>
    private static string Audience(string scope) =>
        scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;

    private static string TokenPath(string tenantId) => $"/{tenantId}/oauth2/v2.0/token";

    private sealed record AuthFailure(int Status, int Code, string Description);

    private sealed record IssuedToken(SimulatedTenant Tenant, int Generation, DateTimeOffset ExpiresAt, ApiSurface Surface, string Audience);
}
