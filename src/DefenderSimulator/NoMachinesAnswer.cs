namespace DefenderSimulator;

/// <summary>What <c>GET /api/machines</c> answers for a tenant with no machines.</summary>
public enum NoMachinesAnswer
{
    /// <summary>404 with the documented error body: Microsoft documents "404 Not Found" when no recent machines are found.</summary>
    NotFound,

    /// <summary>200 with an empty <c>value</c>, as some tenants are seen to answer.</summary>
    EmptyPage,
}
