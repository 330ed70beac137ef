namespace DefenderSimulator;

/// <summary>The control API's routes for the posture behind the newer endpoints: Secure Score, incidents, recommendations, antivirus.</summary>
internal static class PostureControl
{
    public static void Map(RouteGroupBuilder control, SimulatorServer server)
    {
        control.MapPut("/tenants/{tenantId}/secure-score", (string tenantId, SecureScoreRequest request) => SetSecureScore(server, tenantId, request));
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
