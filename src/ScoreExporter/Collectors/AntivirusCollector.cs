using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// Devices' antivirus health (<c>GET /api/deviceavinfo</c>, every page by <c>$top</c>/<c>$skip</c>, streamed: its
/// nextLink is reported missing past 10,000 rows): devices per group, platform, antivirus mode and whether signatures,
/// engine and platform are up to date, and each group's oldest signature update. The endpoint has limits of its own,
/// 30 calls a minute and 1,000 an hour, below the Defender API's. Off by default: it needs <c>Machine.Read.All</c>,
/// and a listing is many megabytes, so it runs every 30 minutes.
/// </summary>
public sealed class AntivirusCollector : Collector
{
    /// <summary>Up to 80,000 devices a tenant, like the devices collector: nine calls a poll at most.</summary>
    public static readonly ListRequest Listing = new("api/deviceavinfo", "antivirus health rows", PageSize: 10_000, MaxItems: 80_000);

    public static readonly PostureSeries Devices = new(
        "defender_antivirus_devices",
        "Devices per group, platform, antivirus mode and whether security intelligence, engine and platform are up to date"
        + PostureSeries.FromLastPoll + ".",
        ["device_group", "os_platform", "av_mode", "signature_up_to_date", "engine_up_to_date", "platform_up_to_date"],
        MaxPerTenant: AntivirusTally.MaxCombinations + 1);

    public static readonly PostureSeries OldestSignatureUpdate = new(
        "defender_antivirus_signature_oldest_update_timestamp_seconds",
        "The oldest avSignatureUpdateTime (security intelligence last updated on the device) in each device group, Unix seconds"
        + PostureSeries.FromLastPoll + "; absent when no device of the group reports one.",
        ["device_group"],
        MaxPerTenant: AntivirusTally.MaxGroups + 1,
        Unit: "s");

    public override string Name => "antivirus";

    public override string ConfigName => "Antivirus";

    public override string Permission => "Machine.Read.All";

    public override CallLimits? OwnLimits => CallLimits.DeviceAvInfo;

    public override bool EnabledByDefault => false;

    public override TimeSpan? DefaultPollInterval => TimeSpan.FromMinutes(30);

    public override IReadOnlyList<PostureSeries> Series { get; } = [Devices, OldestSignatureUpdate];

    public override int MaxCallsPerPoll => Listing.MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(5);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var tally = new AntivirusTally();
        var failure = await PagedList.ReadAllAsync(api, Listing, CollectorJson.Default.DeviceAvInfo, tally.Add, cancellationToken).ConfigureAwait(false);
        return failure is null ? CollectResult.Success(tally.ToSamples()) : CollectResult.Failed(failure);
    }
}
