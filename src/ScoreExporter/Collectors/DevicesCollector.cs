namespace ScoreExporter.Collectors;

/// <summary>
/// <c>GET /api/machines</c>, every page by <c>$top</c>/<c>$skip</c>, streamed: the number of devices per group,
/// platform, health, onboarding status, risk and exposure. Off by default: it needs <c>Machine.Read.All</c>, and a
/// listing is many megabytes, so it runs every 30 minutes. A 404 is the API's way of saying "no recent machines".
/// </summary>
public sealed class DevicesCollector : Collector
{
    /// <summary>Up to 80,000 devices a tenant: nine calls a poll at most (eight full pages and the short one).</summary>
    public static readonly ListRequest Listing = new("api/machines", "machines", PageSize: 10_000, MaxItems: 80_000, NotFoundIsEmpty: true);

    public static readonly PostureSeries Devices = new(
        "defender_devices",
        "Devices per group, platform, health, onboarding status, risk score and exposure level" + PostureSeries.FromLastPoll + ".",
        ["device_group", "os_platform", "health_status", "onboarding_status", "risk_score", "exposure_level"],
        MaxPerTenant: DeviceTally.MaxCombinations + 1);

    public override string Name => "devices";

    public override string ConfigName => "Devices";

    public override string Permission => "Machine.Read.All";

    public override bool EnabledByDefault => false;

    public override TimeSpan? DefaultPollInterval => TimeSpan.FromMinutes(30);

    public override IReadOnlyList<PostureSeries> Series { get; } = [Devices];

    public override int MaxCallsPerPoll => Listing.MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(5);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var tally = new DeviceTally();
        var failure = await PagedList.ReadAllAsync(api, Listing, CollectorJson.Default.Machine, tally.Add, cancellationToken).ConfigureAwait(false);
        return failure is null ? CollectResult.Success(tally.ToSamples()) : CollectResult.Failed(failure);
    }
}
