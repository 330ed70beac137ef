namespace DefenderSimulator;

/// <summary>The Defender API endpoints the simulator serves; faults and request counts can name one of them.</summary>
public enum DefenderEndpoint
{
    ConfigurationScore,
    ExposureScore,
    ExposureScoreByMachineGroups,
    Machines,
}

/// <summary>Where each endpoint lives, and the names the control API accepts for it.</summary>
public static class DefenderEndpoints
{
    public static IReadOnlyList<DefenderEndpoint> All { get; } = Enum.GetValues<DefenderEndpoint>();

    public static string Path(this DefenderEndpoint endpoint) => endpoint switch
    {
        DefenderEndpoint.ConfigurationScore => "/api/configurationScore",
        DefenderEndpoint.ExposureScore => "/api/exposureScore",
        DefenderEndpoint.ExposureScoreByMachineGroups => "/api/exposureScore/ByMachineGroups",
        DefenderEndpoint.Machines => "/api/machines",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    /// <summary>The path without <c>/api/</c>, as the control API and README name it: <c>exposureScore/ByMachineGroups</c>.</summary>
    public static string Name(this DefenderEndpoint endpoint) => endpoint.Path()["/api/".Length..];

    /// <summary>Accepts the path name (<c>machines</c>, <c>exposureScore/ByMachineGroups</c>) or the enum name, ignoring case.</summary>
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
