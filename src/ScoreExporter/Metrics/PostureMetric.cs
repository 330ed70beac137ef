using ScoreExporter.Collectors;

namespace ScoreExporter.Metrics;

/// <summary>A posture series' metric name, help, unit and label names (after <c>tenant</c>), in the sample's order.</summary>
public sealed record PostureMetric(PostureSeries Series, string Name, string Help, string[] Labels, string? Unit = null, bool KeptWhenStale = false)
{
    private const string FromLastPoll = " (as of the last successful poll)";

    public static IReadOnlyList<PostureMetric> All { get; } =
    [
        new(PostureSeries.DeviceSecureScore, "defender_device_secure_score",
            "Microsoft Secure Score for Devices" + FromLastPoll + "; absent until the first success and when stale.", []),
        new(PostureSeries.DeviceSecureScoreTime, "defender_device_secure_score_updated_timestamp_seconds",
            "The 'time' of the configurationScore answer, Unix seconds: when the API call was made, by Defender's clock "
            + "(Microsoft documents no time for when the score was computed).", [], Unit: "s", KeptWhenStale: true),
        new(PostureSeries.ExposureScore, "defender_exposure_score",
            "Organisation exposure score, 0-100, lower is better" + FromLastPoll + ".", []),
        new(PostureSeries.DeviceGroupExposureScore, "defender_device_group_exposure_score",
            "Exposure score per device group, 0-100, lower is better" + FromLastPoll + ".", ["device_group", "device_group_id"]),
        new(PostureSeries.Devices, "defender_devices",
            "Devices per group, platform, health, onboarding status, risk score and exposure level" + FromLastPoll + ".",
            ["device_group", "os_platform", "health_status", "onboarding_status", "risk_score", "exposure_level"]),
    ];
}
