namespace DefenderSimulator;

/// <summary>One Microsoft Secure Score control: what a control profile says of it and where a snapshot's control score files it.</summary>
internal sealed record SecureControl(
    string Name,
    string Title,
    string Category,
    double MaxScore,
    string Service,
    string ActionType,
    string Tier,
    string UserImpact,
    string ImplementationCost,
    bool Deprecated = false)
{
    /// <summary>The category the profile names, when a snapshot writes it in another casing (both are seen).</summary>
    public string? ProfileCategory { get; init; }
}
