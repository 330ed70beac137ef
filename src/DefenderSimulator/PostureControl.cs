namespace DefenderSimulator;

/// <summary>The control API's routes for the posture behind the newer endpoints: Secure Score, incidents, recommendations, antivirus.</summary>
internal static class PostureControl
{
    public static void Map(RouteGroupBuilder control, SimulatorServer server)
    {
        control.MapPut("/tenants/{tenantId}/secure-score", (string tenantId, SecureScoreRequest request) => SetSecureScore(server, tenantId, request));
        control.MapPut("/tenants/{tenantId}/incidents", (string tenantId, IncidentsRequest request) => SetIncidents(server, tenantId, request));
        control.MapPut("/tenants/{tenantId}/recommendations", (string tenantId, ListRequest request) => SetList(server, tenantId, request, t => t.Recommendations.Count = request.Count ?? t.Recommendations.Count, t =>
        {
            t.Recommendations.PageSize = request.PageSize ?? t.Recommendations.PageSize;
            t.Recommendations.Seed = request.Seed ?? t.Recommendations.Seed;
        }));
        control.MapPut("/tenants/{tenantId}/antivirus", (string tenantId, ListRequest request) => SetList(server, tenantId, request, t => t.Antivirus.Count = request.FollowMachines == true ? null : request.Count ?? t.Antivirus.Count, t =>
        {
            t.Antivirus.PageSize = request.PageSize ?? t.Antivirus.PageSize;
            t.Antivirus.Seed = request.Seed ?? t.Antivirus.Seed;
        }));
    }

    private static IResult SetList(SimulatorServer server, string tenantId, ListRequest request, Action<SimulatedTenant> count, Action<SimulatedTenant> rest)
    {
        if (request.Count is < 0 || request.PageSize is < 1 or > DefenderPageRequest.MaxTop)
        {
            return Results.BadRequest("count must not be negative; pageSize must be 1-10000");
        }

        return ControlApi.WithTenant(server, tenantId, t =>
        {
            count(t);
            rest(t);
        });
    }

    private static IResult SetIncidents(SimulatorServer server, string tenantId, IncidentsRequest request)
    {
        if (request.Open is < 0 || request.Resolved is < 0 || request.PageSize is < 1)
        {
            return Results.BadRequest("open and resolved must not be negative; pageSize must be at least 1");
        }

        return ControlApi.WithTenant(server, tenantId, t =>
        {
            var incidents = t.Incidents;
            incidents.OpenCount = request.Open ?? incidents.OpenCount;
            incidents.ResolvedCount = request.Resolved ?? incidents.ResolvedCount;
            incidents.PageSize = request.PageSize ?? incidents.PageSize;
            incidents.Seed = request.Seed ?? incidents.Seed;
        });
    }

    private static IResult SetSecureScore(SimulatorServer server, string tenantId, SecureScoreRequest request)
    {
        if (request.Days is < 1 || request.ProfilePageSize is < 1)
        {
            return Results.BadRequest("days and profilePageSize must be at least 1");
        }

        return ControlApi.WithTenant(server, tenantId, t =>
        {
            var settings = t.SecureScore;
            settings.HasSnapshot = request.HasSnapshot ?? settings.HasSnapshot;
            settings.Days = request.Days ?? settings.Days;
            settings.UnknownCategory = request.UnknownCategory ?? settings.UnknownCategory;
            settings.ProfilePageSize = request.ProfilePageSize ?? settings.ProfilePageSize;
            settings.Seed = request.Seed ?? settings.Seed;
        });
    }
}
