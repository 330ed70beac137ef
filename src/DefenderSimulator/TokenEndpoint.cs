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
internal sealed class TokenEndpoint(SimulatorServer server)
{
    private readonly ConcurrentDictionary<string, IssuedToken> issued = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context, string tenantId)
    {
        var tenant = server.Find(tenantId);
        if (tenant is null)
        {
            await ErrorAsync(context, null, 400, "invalid_request", 90002, $"AADSTS90002: Tenant '{tenantId}' not found.");
            return;
        }

        var fault = tenant.TakeTokenFault();
        if (fault?.Kind == TokenFaultKind.Hang)
        {
            server.Log.Add(Record(tenant, 0));
            await Waiting.UntilAbortedAsync(context.RequestAborted);
            return;
        }

        if (fault?.Kind is TokenFaultKind.InvalidClient)
        {
            await ErrorAsync(context, tenant, 401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided.");
            return;
        }

        if (fault?.Kind is TokenFaultKind.UnauthorizedClient)
        {
            await ErrorAsync(context, tenant, 400, "unauthorized_client", 700016, "AADSTS700016: Application was not found in the directory.");
            return;
        }

        if (fault?.Kind is TokenFaultKind.ServerError)
        {
            await ErrorAsync(context, tenant, 500, "temporarily_unavailable", 90033, "AADSTS90033: A transient error has occurred.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            await ErrorAsync(context, tenant, 400, "unsupported_grant_type", 70003, "AADSTS70003: The grant type is not supported.");
            return;
        }

        if (form["client_id"] != tenant.ClientId)
        {
            await ErrorAsync(context, tenant, 400, "unauthorized_client", 700016, "AADSTS700016: Application was not found in the directory.");
            return;
        }

        if (!Authenticates(tenant, form))
        {
            await ErrorAsync(context, tenant, 401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided.");
            return;
        }

        if (form["scope"] != server.Options.AcceptedScope)
        {
            await ErrorAsync(context, tenant, 400, "invalid_scope", 70011, $"AADSTS70011: The provided value for scope '{form["scope"]}' is not valid.");
            return;
        }

        var lifetime = (int)server.Options.TokenLifetime.TotalSeconds;
        var expiresIn = fault?.Kind == TokenFaultKind.ExpiresIn ? fault.ExpiresInSeconds : lifetime;
        var token = "sim." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        issued[token] = new IssuedToken(tenant, tenant.TokenGeneration, server.Options.TimeProvider.GetUtcNow().AddSeconds(expiresIn ?? lifetime));
        server.Log.Add(Record(tenant, 200));
        await context.Response.WriteAsJsonAsync(
            new TokenBody("Bearer", expiresIn, expiresIn, token), SimulatorJsonContext.Default.TokenBody, cancellationToken: context.RequestAborted);
    }

    /// <summary>The tenant a bearer token was issued to, if it is still valid.</summary>
    public SimulatedTenant? Validate(string? authorization, out SimulatedTenant? issuedTo)
    {
        issuedTo = null;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !issued.TryGetValue(authorization["Bearer ".Length..], out var token))
        {
            return null;
        }

        issuedTo = token.Tenant;
        var valid = server.Find(token.Tenant.TenantId) == token.Tenant
            && token.Generation == token.Tenant.TokenGeneration
            && token.ExpiresAt > server.Options.TimeProvider.GetUtcNow();
        return valid ? token.Tenant : null;
    }

    private static bool Authenticates(SimulatedTenant tenant, IFormCollection form)
    {
        if (form.TryGetValue("client_secret", out var secret))
        {
            return tenant.ClientSecret is not null && FixedTimeEquals(secret.ToString(), tenant.ClientSecret);
        }

        if (form["client_assertion_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form["client_assertion"].ToString() is not { Length: > 0 } assertion)
        {
            return false;
        }

        if (tenant.FederatedToken is not null && FixedTimeEquals(assertion, tenant.FederatedToken))
        {
            return true;
        }

        return tenant.ClientCertificate is not null
            && ClientAssertion.IsValid(assertion, tenant);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private async Task ErrorAsync(HttpContext context, SimulatedTenant? tenant, int status, string error, int code, string description)
    {
        server.Log.Add(Record(tenant, status, context.Request.Path));
        context.Response.StatusCode = status;
        var now = server.Options.TimeProvider.GetUtcNow();
        var body = new TokenErrorBody(
            error, $"{description}\r\nTrace ID: {Guid.NewGuid()}\r\nCorrelation ID: {Guid.NewGuid()}\r\nTimestamp: {now:yyyy-MM-dd HH:mm:ssZ}",
            [code], now.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await context.Response.WriteAsJsonAsync(body, SimulatorJsonContext.Default.TokenErrorBody, cancellationToken: context.RequestAborted);
    }

    private RequestRecord Record(SimulatedTenant? tenant, int status, string path = "/oauth2/v2.0/token") =>
        new(server.Options.TimeProvider.GetUtcNow(), tenant?.TenantId, RequestKind.Token, status, path);

    private sealed record IssuedToken(SimulatedTenant Tenant, int Generation, DateTimeOffset ExpiresAt);
}

/// <summary>Checks a certificate-signed client assertion JWT: signature, audience, issuer, subject and lifetime.</summary>
internal static class ClientAssertion
{
    public static bool IsValid(string jwt, SimulatedTenant tenant)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            var alg = header.RootElement.GetProperty("alg").GetString();
            var padding = alg switch
            {
                "RS256" => RSASignaturePadding.Pkcs1,
                "PS256" => RSASignaturePadding.Pss,
                _ => null,
            };
            using var key = tenant.ClientCertificate!.GetRSAPublicKey();
            if (padding is null || key is null
                || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, padding))
            {
                return false;
            }

            var claims = payload.RootElement;
            var audience = claims.GetProperty("aud").GetString() ?? string.Empty;
            return claims.GetProperty("iss").GetString() == tenant.ClientId
                && claims.GetProperty("sub").GetString() == tenant.ClientId
                && audience.Contains(tenant.TenantId, StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()) > DateTimeOffset.UtcNow.AddMinutes(-5);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return false;
        }
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}

internal static class Waiting
{
    /// <summary>Holds a request open until the client gives up, bounded so a forgotten fault frees itself.</summary>
    public static async Task UntilAbortedAsync(CancellationToken aborted)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(10), aborted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
