namespace DefenderSimulator;

/// <summary>
/// What a bearer token tells an API request: the tenant it is valid for (null when it is not), the tenant it was
/// issued to whatever its state, and the surface and audience it was issued for.
/// </summary>
internal readonly record struct BearerCheck(SimulatedTenant? Tenant, SimulatedTenant? IssuedTo, ApiSurface? Surface, string? Audience, BearerProblem Problem);

/// <summary>Why a bearer token is refused; each surface words it its own way.</summary>
internal enum BearerProblem
{
    None,
    Missing,
    Unknown,
    Expired,
    Revoked,
}
