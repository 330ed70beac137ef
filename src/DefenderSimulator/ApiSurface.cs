namespace DefenderSimulator;

/// <summary>
/// The two APIs the simulator serves, each with its own token audience: the Defender for Endpoint API
/// (<c>/api/...</c>) and the Microsoft Graph security API (<c>/v1.0/security/...</c>). A token for one is refused by the other.
/// </summary>
public enum ApiSurface
{
    Defender,
    Graph,
}
