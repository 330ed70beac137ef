namespace ScoreExporter.Collectors;

/// <summary>
/// What a sample measures. Metrics/ gives each its metric name and label names; a sample's label values come in
/// the order given here.
/// </summary>
public enum PostureSeries
{
    /// <summary>Secure Score for Devices. No labels beyond the tenant.</summary>
    DeviceSecureScore,

    /// <summary>The response's <c>time</c>, Unix seconds. No labels beyond the tenant.</summary>
    DeviceSecureScoreTime,

    /// <summary>Organisation exposure score. No labels beyond the tenant.</summary>
    ExposureScore,

    /// <summary>Exposure score of one device group. Labels: group name, group id.</summary>
    DeviceGroupExposureScore,

    /// <summary>Devices per combination. Labels: group, OS platform, health, onboarding, risk score, exposure level.</summary>
    Devices,
}

/// <summary>One value a collector read, with the label values its series takes beyond the tenant.</summary>
public sealed record Sample(PostureSeries Series, double Value, string[] Labels)
{
    public static Sample Of(PostureSeries series, double value) => new(series, value, []);
}
