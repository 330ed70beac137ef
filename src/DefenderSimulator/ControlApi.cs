namespace DefenderSimulator;

/// <summary>
/// Drives the simulator from another process (end-to-end tests, benchmarks, manual runs): add tenants, fix scores,
/// inject faults, read request counts. Documented in README.md.
/// </summary>
internal static class ControlApi
{
    public static void Map(WebApplication app, SimulatorServer server)
    {
        var control = app.MapGroup("/_simulator");
        control.MapPost("/tenants", (AddTenantRequest request) =>
        {
            server.AddTenant(request.TenantId, request.ClientId, request.ClientSecret, request.Score);
            return Results.Created($"/_simulator/tenants/{request.TenantId}", null);
        });
        control.MapDelete("/tenants/{tenantId}", (string tenantId) => server.RemoveTenant(tenantId) ? Results.NoContent() : Results.NotFound());
        control.MapPut("/tenants/{tenantId}/score", (string tenantId, SetScoreRequest request) =>
            WithTenant(server, tenantId, t => t.SetScore(request.Score, request.Time ?? server.Options.TimeProvider.GetUtcNow())));
        control.MapDelete("/tenants/{tenantId}/score", (string tenantId) => WithTenant(server, tenantId, t => t.EnableDrift()));
        control.MapPut("/tenants/{tenantId}/fault", (string tenantId, FaultRequest request) =>
        {
            if (request.Target == "token")
            {
                return ParseTokenFault(request) is { } tokenFault
                    ? WithTenant(server, tenantId, t => t.SetTokenFault(tokenFault, request.Times))
                    : Results.BadRequest($"unknown token fault '{request.Kind}'");
            }

            return ParseApiFault(request) is { } apiFault
                ? WithTenant(server, tenantId, t => t.SetApiFault(apiFault, request.Times))
                : Results.BadRequest($"unknown api fault '{request.Kind}'");
        });
        control.MapDelete("/tenants/{tenantId}/fault", (string tenantId) => WithTenant(server, tenantId, t =>
        {
            t.SetApiFault(null);
            t.SetTokenFault(null);
        }));
        control.MapPost("/tenants/{tenantId}/revoke", (string tenantId) => WithTenant(server, tenantId, t => t.RevokeIssuedTokens()));
        control.MapGet("/requests", () => Results.Json(
            server.Tenants.ToDictionary(t => t.TenantId, t => new RequestCounts(t.ApiRequestCount, t.TokenRequestCount)),
            SimulatorJsonContext.Default.DictionaryStringRequestCounts));
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
        "status" => ApiFault.Status(request.Status ?? 500, request.Code),
        "throttle" or "toomanyrequests" => ApiFault.TooManyRequests(request.RetryAfterSeconds),
        "unauthorized" => ApiFault.Unauthorized(),
        "forbidden" => ApiFault.Forbidden(),
        "disabledfeature" => ApiFault.DisabledFeature(),
        "hang" => ApiFault.Hang(),
        "reset" => ApiFault.ResetMidBody(),
        "malformed" => ApiFault.MalformedJson(),
        "html" => ApiFault.HtmlPage(),
        "oversized" => ApiFault.Oversized(request.Bytes ?? (2 * 1024 * 1024)),
        "slowdrip" => ApiFault.SlowDrip(TimeSpan.FromMilliseconds(request.PerByteMilliseconds ?? 100)),
        "body" => ApiFault.Body(request.Body ?? string.Empty, request.ContentType ?? "application/json", request.Status ?? 200),
        "gzip" => ApiFault.Gzip(),
        _ => null,
    };

    private static TokenFault? ParseTokenFault(FaultRequest request) => request.Kind.ToLowerInvariant() switch
    {
        "invalid_client" => TokenFault.InvalidClient(),
        "unauthorized_client" => TokenFault.UnauthorizedClient(),
        "server_error" => TokenFault.ServerError(),
        "hang" => TokenFault.Hang(),
        "expires_in" => TokenFault.ExpiresIn(request.ExpiresIn),
        _ => null,
    };
}
