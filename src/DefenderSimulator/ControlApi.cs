using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DefenderSimulator;

/// <summary>
/// Drives the simulator from another process (end-to-end tests, benchmarks, manual runs): add and remove tenants,
/// rotate secrets, fix scores, set device groups and machines, inject faults (per endpoint too), read request
/// counts. Documented in README.md.
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
            t.ClearApiFaults();
            t.SetTokenFault(null);
        }));
        DeviceGroupsControl.Map(control, server);
        control.MapPut("/tenants/{tenantId}/machines", (string tenantId, MachinesRequest request) => SetMachines(server, tenantId, request));
        PostureControl.Map(control, server);
        control.MapPost("/tenants/{tenantId}/demo-posture", (string tenantId, int? variant) =>
            WithTenant(server, tenantId, t => DemoPosture.Apply(t, variant ?? 0)));
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

        if (request.Machines is < 0)
        {
            return Results.BadRequest("machines must not be negative");
        }

        var tenant = server.AddTenant(request.TenantId, request.ClientId, request.ClientSecret, request.Score);
        tenant.ClientCertificate = certificate;
        tenant.FederatedToken = request.FederatedToken;
        if (request.DemoPosture is { } variant)
        {
            DemoPosture.Apply(tenant, variant);
        }

        if (request.Machines is { } machines)
        {
            tenant.Machines.Count = machines;
        }

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

        ApiSurface? surface = null;
        if (request.Surface is not null)
        {
            if (!Enum.TryParse<ApiSurface>(request.Surface, ignoreCase: true, out var parsedSurface) || !Enum.IsDefined(parsedSurface) || request.Endpoint is not null)
            {
                return Results.BadRequest($"surface must be 'defender' or 'graph' (and not given with endpoint), not '{request.Surface}'");
            }

            surface = parsedSurface;
        }

        DefenderEndpoint? endpoint = null;
        if (request.Endpoint is not null)
        {
            if (!DefenderEndpoints.TryParse(request.Endpoint, out var parsed))
            {
                return Results.BadRequest($"endpoint must be one of {string.Join(", ", DefenderEndpoints.All.Select(e => e.Name()))}, not '{request.Endpoint}'");
            }

            endpoint = parsed;
        }

        if (ParseApiFault(request, out var problem) is not { } apiFault)
        {
            return Results.BadRequest(problem ?? $"unknown api fault '{request.Kind}'");
        }

        return WithTenant(server, tenantId, t =>
        {
            if (endpoint is { } one)
            {
                t.SetApiFault(one, apiFault, request.Times);
            }
            else if (surface is { } onSurface)
            {
                t.SetApiFault(onSurface, apiFault, request.Times);
            }
            else
            {
                t.SetApiFault(apiFault, request.Times);
            }
        });
    }

    private static IResult SetMachines(SimulatorServer server, string tenantId, MachinesRequest request)
    {
        NoMachinesAnswer? whenEmpty = null;
        if (request.WhenEmpty is not null)
        {
            if (!Enum.TryParse<NoMachinesAnswer>(request.WhenEmpty, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Results.BadRequest("whenEmpty must be notFound or emptyPage");
            }

            whenEmpty = parsed;
        }

        if (request.Count is < 0 || request.UngroupedPercent is < 0 or > 100)
        {
            return Results.BadRequest("count must not be negative; ungroupedPercent must be 0-100");
        }

        return WithTenant(server, tenantId, t =>
        {
            t.Machines.Count = request.Count ?? t.Machines.Count;
            t.Machines.WhenEmpty = whenEmpty ?? t.Machines.WhenEmpty;
            t.Machines.UngroupedPercent = request.UngroupedPercent ?? t.Machines.UngroupedPercent;
            t.Machines.Seed = request.Seed ?? t.Machines.Seed;
        });
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
            var counts = new RequestCounts(server.Log.Count(tenant.TenantId, RequestKind.Api), server.Log.Count(tenant.TenantId, RequestKind.Token))
            {
                Endpoints = DefenderEndpoints.All.ToDictionary(e => e.Name(), e => server.Log.Count(tenant.TenantId, e)),
                Surfaces = Enum.GetValues<ApiSurface>().ToDictionary(a => SurfaceName(a), a => server.Log.Count(tenant.TenantId, a)),
                TokenAudiences = new[] { Audience(server.Options.AcceptedScope), Audience(server.Options.AcceptedGraphScope) }
                    .Distinct().ToDictionary(a => a, a => server.Log.CountTokenRequests(tenant.TenantId, a)),

                // Scanning the kept log per tenant is only cheap enough for one tenant at a time.
                MaxApiCallsPerMinute = tenantId is null ? null : server.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromMinutes(1)),
                MaxApiCallsPerHour = tenantId is null ? null : server.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromHours(1)),
            };
            perTenant[tenant.TenantId] = counts;
            api += counts.Api;
            token += counts.Token;
        }

        return new RequestCountsReport(api, token, perTenant);
    }

    private static string SurfaceName(ApiSurface surface) => surface == ApiSurface.Graph ? "graph" : "defender";

    private static string Audience(string scope) =>
        scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;

    internal static IResult WithTenant(SimulatorServer server, string tenantId, Action<SimulatedTenant> change)
    {
        if (server.Find(tenantId) is not { } tenant)
        {
            return Results.NotFound();
        }

        change(tenant);
        return Results.NoContent();
    }

    private static ApiFault? ParseApiFault(FaultRequest request, out string? problem)
    {
        problem = null;
        if (request.Items is < 0 || request.Bytes is < 0 || request.StringLength is < 16)
        {
            problem = "items and bytes must not be negative; stringLength must be at least 16";
            return null;
        }

        if (request.Kind.Equals("nextlink", StringComparison.OrdinalIgnoreCase))
        {
            var link = ParseNextLink(request.NextLink);
            problem = link is null ? "nextLink must be foreign, otherPort, otherScheme or an absolute URL" : null;
            return link;
        }

        return ParseApiFault(request);
    }

    private static ApiFault? ParseNextLink(string? text) => text?.ToLowerInvariant() switch
    {
        null or "foreign" or "foreignhost" => ApiFault.NextLink(NextLinkTarget.ForeignHost),
        "otherport" => ApiFault.NextLink(NextLinkTarget.OtherPort),
        "otherscheme" => ApiFault.NextLink(NextLinkTarget.OtherScheme),
        _ => Uri.TryCreate(text, UriKind.Absolute, out var url) ? ApiFault.NextLink(url) : null,
    };

    private static ApiFault? ParseApiFault(FaultRequest request) => request.Kind.ToLowerInvariant() switch
    {
        "forbidden" when request.Permission is { Length: > 0 } permission => ApiFault.Forbidden(permission),
        "nomachines" => ApiFault.NoMachines(),
        "hugepage" => ApiFault.HugePage(request.Items ?? 20_000),
        "hugefield" => ApiFault.HugeField(request.Bytes ?? (8 * 1024 * 1024)),
        "hostile" or "hostilecardinality" => ApiFault.HostileCardinality(request.Items ?? 5000, request.StringLength ?? 1000),
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
        "truncated" or "truncatedpage" => ApiFault.TruncatedPage(),
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
