namespace DefenderSimulator;

/// <summary>The control API's routes for the posture behind the newer endpoints: Secure Score, incidents, recommendations, antivirus.</summary>
internal static class PostureControl
{
    public static void Map(RouteGroupBuilder control, SimulatorServer server)
    {
        control.MapPut("/tenants/{tenantId}/secure-score", (string tenantId, SecureScoreRequest request) => SetSecureScore(server, tenantId, request));
        control.MapPut("/tenants/{tenantId}/incidents", (string tenantId, IncidentsRequest request) => SetIncidents(server, tenantId, request));
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
