namespace DefenderSimulator;

/// <summary>The API endpoints the simulator serves (Defender and Graph); faults and request counts can name one of them.</summary>
public enum DefenderEndpoint
{
    ConfigurationScore,
    ExposureScore,
    ExposureScoreByMachineGroups,
    Machines,
    Recommendations,
    DeviceAvInfo,
    SecureScores,
    SecureScoreControlProfiles,
    Incidents,
}

/// <summary>Where each endpoint lives, its surface, and the names the control API accepts for it.</summary>
public static class DefenderEndpoints
{
    public static IReadOnlyList<DefenderEndpoint> All { get; } = Enum.GetValues<DefenderEndpoint>();

    public static string Path(this DefenderEndpoint endpoint) => endpoint switch
    {
        DefenderEndpoint.ConfigurationScore => "/api/configurationScore",
        DefenderEndpoint.ExposureScore => "/api/exposureScore",
        DefenderEndpoint.ExposureScoreByMachineGroups => "/api/exposureScore/ByMachineGroups",
        DefenderEndpoint.Machines => "/api/machines",
        DefenderEndpoint.Recommendations => "/api/recommendations",
        DefenderEndpoint.DeviceAvInfo => "/api/deviceavinfo",
        DefenderEndpoint.SecureScores => "/v1.0/security/secureScores",
        DefenderEndpoint.SecureScoreControlProfiles => "/v1.0/security/secureScoreControlProfiles",
        DefenderEndpoint.Incidents => "/v1.0/security/incidents",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    public static ApiSurface Surface(this DefenderEndpoint endpoint) =>
        endpoint.Path().StartsWith("/v1.0/", StringComparison.Ordinal) ? ApiSurface.Graph : ApiSurface.Defender;

    /// <summary>
    /// The path without its prefix (<c>/api/</c> or <c>/v1.0/security/</c>), as the control API and README name it:
    /// <c>exposureScore/ByMachineGroups</c>, <c>deviceavinfo</c>, <c>incidents</c>.
    /// </summary>
    public static string Name(this DefenderEndpoint endpoint) =>
        endpoint.Path()[(endpoint.Surface() == ApiSurface.Graph ? "/v1.0/security/" : "/api/").Length..];

    /// <summary>Accepts the name (<c>machines</c>, <c>exposureScore/ByMachineGroups</c>, <c>secureScores</c>) or the enum name, ignoring case.</summary>
    public static bool TryParse(string? text, out DefenderEndpoint endpoint)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text, candidate.Name(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                endpoint = candidate;
                return true;
            }
        }

        endpoint = default;
        return false;
    }
}
