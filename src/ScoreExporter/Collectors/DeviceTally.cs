namespace ScoreExporter.Collectors;

/// <summary>
/// Devices counted per combination of their labels while a listing streams by, without keeping any device. Every
/// label and the number of combinations are bounded; what passes a bound is counted under <see cref="LabelValue.Other"/>,
/// so no device is lost and no answer can blow up the series.
/// </summary>
public sealed class DeviceTally
{
    public const int MaxGroups = 500;
    public const int MaxPlatforms = 32;
    public const int MaxEnumValues = 16;
    public const int MaxCombinations = 2000;

    private static readonly DeviceKey Overflow = new(LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other);

    private readonly BoundedLabel groups = new(MaxGroups);
    private readonly BoundedLabel platforms = new(MaxPlatforms);
    private readonly BoundedLabel health = new(MaxEnumValues, EnumLabel.UpperFirst(
        "Active", "Inactive", "ImpairedCommunication", "NoSensorData", "NoSensorDataImpairedCommunication", "Unknown"));

    private readonly BoundedLabel onboarding = new(MaxEnumValues, EnumLabel.UpperFirst("Onboarded", "CanBeOnboarded", "Unsupported", "InsufficientInfo"));
    private readonly BoundedLabel risk = new(MaxEnumValues, EnumLabel.UpperFirst("None", "Informational", "Low", "Medium", "High"));
    private readonly BoundedLabel exposure = new(MaxEnumValues, EnumLabel.UpperFirst("None", "Low", "Medium", "High"));
    private readonly Dictionary<DeviceKey, long> counts = [];

    public long Devices { get; private set; }

    public void Add(Machine machine)
    {
        var key = new DeviceKey(
            groups[machine.RbacGroupName],
            platforms[machine.OsPlatform],
            health[machine.HealthStatus],
            onboarding[machine.OnboardingStatus],
            risk[machine.RiskScore],
            exposure[machine.ExposureLevel]);
        if (!counts.ContainsKey(key) && counts.Count >= MaxCombinations)
        {
            key = Overflow;
        }

        counts[key] = counts.GetValueOrDefault(key) + 1;
        Devices++;
    }

    public IReadOnlyList<Sample> ToSamples() => counts
        .Select(pair => new Sample(DevicesCollector.Devices, pair.Value,
            [pair.Key.Group, pair.Key.OsPlatform, pair.Key.HealthStatus, pair.Key.OnboardingStatus, pair.Key.RiskScore, pair.Key.ExposureLevel]))
        .ToArray();

    private readonly record struct DeviceKey(string Group, string OsPlatform, string HealthStatus, string OnboardingStatus, string RiskScore, string ExposureLevel);
}
