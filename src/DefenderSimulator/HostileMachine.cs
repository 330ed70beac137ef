namespace DefenderSimulator;

/// <summary>The label-hostile values of one machine of a hostile-cardinality page.</summary>
internal sealed record HostileMachine(string GroupName, string OsPlatform, string HealthStatus, string OnboardingStatus, string RiskScore, string ExposureLevel)
{
    public static HostileMachine Make(int index, int length) => new(
        HostileText.Make("group", index, length),
        HostileText.Make("os", index, length),
        HostileText.Make("health", index, length),
        HostileText.Make("onboarding", index, length),
        HostileText.Make("risk", index, length),
        HostileText.Make("exposure", index, length));
}
