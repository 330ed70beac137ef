namespace DefenderSimulator;

public enum TokenFaultKind
{
    InvalidClient,
    UnauthorizedClient,
    ServerError,
    Hang,
    ExpiresIn,
}

/// <summary>A way for the Entra token endpoint to misbehave.</summary>
public sealed record TokenFault(TokenFaultKind Kind)
{
    /// <summary>For <see cref="TokenFaultKind.ExpiresIn"/>: the value sent, or null to leave the field out.</summary>
    public int? ExpiresInSeconds { get; init; }

    public static TokenFault InvalidClient() => new(TokenFaultKind.InvalidClient);

    public static TokenFault UnauthorizedClient() => new(TokenFaultKind.UnauthorizedClient);

    public static TokenFault ServerError() => new(TokenFaultKind.ServerError);

    public static TokenFault Hang() => new(TokenFaultKind.Hang);

    /// <summary>Issues a token whose expires_in is this value, or missing when null.</summary>
    public static TokenFault ExpiresIn(int? seconds) => new(TokenFaultKind.ExpiresIn) { ExpiresInSeconds = seconds };
}
