using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DefenderSimulator;

/// <summary>
/// Drives the simulator from another process (end-to-end tests, benchmarks, manual runs): add and remove tenants,
/// rotate secrets, fix scores, inject faults, read request counts. Documented in README.md.
/// </summary>
internal static class ControlApi
{
    public const string Prefix = "/_simulator";

    public static void Map(WebApplication app, SimulatorServer server)
    {
        var control = app.MapGroup(Prefix);
        control.MapPost("/tenants", (AddTenantRequest request) => AddTenant(server, request));
        control.MapDelete("/tenants/{tenantId}", (string tenantId) => server.RemoveTenant(tenantId) ? Results.NoContent() : Results.NotFound());
        control.MapPut("/tenants/{tenantId}/secret", (string tenantId, SetSecretRequest request) =>
            WithTenant(server, tenantId, t => t.ClientSecret = request.ClientSecret));
        control.MapPut("/tenants/{tenantId}/score", (string tenantId, SetScoreRequest request) =>
            WithTenant(server, tenantId, t => t.SetScore(request.Score, request.Time ?? server.Options.TimeProvider.GetUtcNow())));
        control.MapDelete("/tenants/{tenantId}/score", (string tenantId) => WithTenant(server, tenantId, t => t.EnableDrift()));
        control.MapPut("/tenants/{tenantId}/fault", (string tenantId, FaultRequest request) => SetFault(server, tenantId, request));
        control.MapDelete("/tenants/{tenantId}/fault", (string tenantId) => WithTenant(server, tenantId, t =>
        {
            t.SetApiFault(null);
            t.SetTokenFault(null);
        }));
        control.MapPost("/tenants/{tenantId}/revoke", (string tenantId) => WithTenant(server, tenantId, t => t.RevokeIssuedTokens()));
        control.MapGet("/requests", (string? tenant) => Results.Json(Counts(server, tenant), SimulatorJson.Context.RequestCountsReport));
        control.MapDelete("/requests", () =>
        {
            server.Log.Clear();
            return Results.NoContent();
        });
    }

    private static IResult AddTenant(SimulatorServer server, AddTenantRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.TenantId) || string.IsNullOrWhiteSpace(request.ClientId))
        {
            return Results.BadRequest("tenantId and clientId are required");
        }

        X509Certificate2? certificate = null;
        if (request.CertificatePem is { Length: > 0 } pem)
        {
            try
            {
                certificate = X509Certificate2.CreateFromPem(pem);
            }
            catch (CryptographicException)
            {
                return Results.BadRequest("certificatePem is not a PEM certificate");
            }
        }

        if (server.Find(request.TenantId) is not null)
        {
            return Results.Conflict($"tenant {request.TenantId} exists");
        }

        var tenant = server.AddTenant(request.TenantId, request.ClientId, request.ClientSecret, request.Score);
        tenant.ClientCertificate = certificate;
        tenant.FederatedToken = request.FederatedToken;
        if (request.Drift == false)
        {
            tenant.SetScore(request.Score, server.Options.TimeProvider.GetUtcNow());
        }

        return Results.Created($"{Prefix}/tenants/{request.TenantId}", null);
    }

    private static IResult SetFault(SimulatorServer server, string tenantId, FaultRequest request)
    {
        if (request.Times is < 1)
        {
            return Results.BadRequest("times must be at least 1, or left out for 'until cleared'");
        }

        if (string.Equals(request.Target, "token", StringComparison.OrdinalIgnoreCase))
        {
            return ParseTokenFault(request) is { } tokenFault
                ? WithTenant(server, tenantId, t => t.SetTokenFault(tokenFault, request.Times))
                : Results.BadRequest($"unknown token fault '{request.Kind}'");
        }

        if (!string.Equals(request.Target, "api", StringComparison.OrdinalIgnoreCase))
        {
            return Results.BadRequest($"target must be 'api' or 'token', not '{request.Target}'");
        }

        return ParseApiFault(request) is { } apiFault
            ? WithTenant(server, tenantId, t => t.SetApiFault(apiFault, request.Times))
            : Results.BadRequest($"unknown api fault '{request.Kind}'");
    }

    private static RequestCountsReport Counts(SimulatorServer server, string? tenantId)
    {
        IReadOnlyCollection<SimulatedTenant> tenants = tenantId is null
            ? server.Tenants
            : server.Find(tenantId) is { } one ? [one] : [];
        var perTenant = new Dictionary<string, RequestCounts>(tenants.Count, StringComparer.OrdinalIgnoreCase);
        var (api, token) = (0L, 0L);
        foreach (var tenant in tenants)
        {
            var counts = new RequestCounts(server.Log.Count(tenant.TenantId, RequestKind.Api), server.Log.Count(tenant.TenantId, RequestKind.Token));
            perTenant[tenant.TenantId] = counts;
            api += counts.Api;
            token += counts.Token;
        }

        return new RequestCountsReport(api, token, perTenant);
    }

    private static IResult WithTenant(SimulatorServer server, string tenantId, Action<SimulatedTenant> change)
    {
        if (server.Find(tenantId) is not { } tenant)
        {
            return Results.NotFound();
        }

        change(tenant);
        return Results.NoContent();
    }

    private static ApiFault? ParseApiFault(FaultRequest request) => request.Kind.ToLowerInvariant() switch
    {
        "status" => ApiFault.Status(request.Status ?? 500, request.Code, request.Message),
        "throttle" or "toomanyrequests" => ApiFault.TooManyRequests(request.RetryAfterSeconds),
        "unauthorized" => ApiFault.Unauthorized(),
        "forbidden" => ApiFault.Forbidden(),
        "disabledfeature" => ApiFault.DisabledFeature(),
        "hang" => ApiFault.Hang(),
        "reset" or "resetmidbody" => ApiFault.ResetMidBody(),
        "malformed" or "malformedjson" => ApiFault.MalformedJson(),
        "html" or "htmlpage" => ApiFault.HtmlPage(),
        "oversized" => ApiFault.Oversized(request.Bytes ?? (2 * 1024 * 1024)),
        "slowdrip" => ApiFault.SlowDrip(TimeSpan.FromMilliseconds(request.PerByteMilliseconds ?? 100)),
        "body" => ApiFault.Body(request.Body ?? string.Empty, request.ContentType ?? "application/json", request.Status ?? 200),
        "gzip" => ApiFault.Gzip(),
        _ => null,
    };

    private static TokenFault? ParseTokenFault(FaultRequest request) => request.Kind.ToLowerInvariant() switch
    {
        "invalid_client" or "invalidclient" => TokenFault.InvalidClient(),
        "unauthorized_client" or "unauthorizedclient" => TokenFault.UnauthorizedClient(),
        "server_error" or "servererror" => TokenFault.ServerError(),
        "hang" => TokenFault.Hang(),
        "expires_in" or "expiresin" => TokenFault.ExpiresIn(request.ExpiresIn),
        _ => null,
    };
}
