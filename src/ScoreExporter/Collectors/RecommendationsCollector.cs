using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// Security recommendations (<c>GET /api/recommendations</c>, every page by <c>$top</c>/<c>$skip</c>, streamed): how
/// many expose at least one device and how many devices they expose, per category, remediation type, status and public
/// exploit; the Secure Score for Devices points and the exposure score the Active ones would win back, per category;
/// and the exposed devices of the <c>TopN</c> Active ones with the highest exposure impact. Up to 50,000
/// recommendations a tenant; more is refused, not published partially. A recommendation missing
/// <c>configScoreImpact</c>, <c>exposureImpact</c> or <c>exposedMachinesCount</c>, or carrying a negative one, makes
/// the answer invalid: they are never taken as 0. Off by default: it needs <c>SecurityRecommendation.Read.All</c>.
/// </summary>
public sealed class RecommendationsCollector : Collector
{
    /// <summary>The largest <c>TopN</c> accepted, and so the most top series a tenant can publish.</summary>
    public const int MaxTopN = 100;

    public const int DefaultTopN = 10;

    /// <summary>A tenant has hundreds to a few thousand; six calls a poll at most.</summary>
    public static readonly ListRequest Listing = new("api/recommendations", "recommendations", PageSize: 10_000, MaxItems: 50_000);

    private static readonly string[] ExposedLabels = ["category", "remediation_type", "status", "public_exploit"];

    public static readonly PostureSeries Recommendations = new(
        "defender_security_recommendations",
        "Security recommendations with at least one exposed device, by category, remediation type, status and public exploit"
        + PostureSeries.FromLastPoll + ".",
        ExposedLabels,
        MaxPerTenant: RecommendationTally.MaxCombinations + 1);

    public static readonly PostureSeries ExposedDevices = new(
        "defender_security_recommendation_exposed_devices",
        "Exposed devices summed over those recommendations (a device exposed by two counts twice), by category, remediation type, "
        + "status and public exploit" + PostureSeries.FromLastPoll + ".",
        ExposedLabels,
        MaxPerTenant: RecommendationTally.MaxCombinations + 1);

    public static readonly PostureSeries ScoreImpact = new(
        "defender_security_recommendation_score_impact",
        "Secure Score for Devices points the Active recommendations would add (sum of configScoreImpact), by category"
        + PostureSeries.FromLastPoll + ".",
        ["category"],
        MaxPerTenant: RecommendationTally.MaxEnumValues + 1);

    public static readonly PostureSeries ExposureImpact = new(
        "defender_security_recommendation_exposure_impact",
        "Exposure score the Active recommendations would take off (sum of exposureImpact), by category" + PostureSeries.FromLastPoll + ".",
        ["category"],
        MaxPerTenant: RecommendationTally.MaxEnumValues + 1);

    public static readonly PostureSeries TopExposedDevices = new(
        "defender_security_recommendation_top_exposed_devices",
        "Exposed devices of the TopN Active recommendations with the highest exposure impact" + PostureSeries.FromLastPoll + ".",
        ["category", "recommendation_id", "recommendation"],
        MaxPerTenant: MaxTopN);

    public override string Name => "recommendations";

    public override string ConfigName => "Recommendations";

    public override string Permission => "SecurityRecommendation.Read.All";

    public override bool EnabledByDefault => false;

    /// <summary>Defender recomputes recommendations about once a day.</summary>
    public override TimeSpan? DefaultPollInterval => TimeSpan.FromHours(1);

    public override IReadOnlyList<PostureSeries> Series { get; } = [Recommendations, ExposedDevices, ScoreImpact, ExposureImpact, TopExposedDevices];

    public override int MaxCallsPerPoll => Listing.MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(5);

    public override IEnumerable<PostureSeries> SeriesWith(CollectorOptions? options) =>
        TopNOf(options) > 0 ? Series : Series.Where(s => s != TopExposedDevices);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var tally = new RecommendationTally(TopNOf(api.Options));
        var failure = await PagedList.ReadAllAsync(api, Listing, CollectorJson.Default.Recommendation, tally.Add, cancellationToken).ConfigureAwait(false);
        return failure is not null ? CollectResult.Failed(failure)
            : tally.Problem is { } problem ? CollectResult.Failed(FailureReason.InvalidResponse, problem)
            : CollectResult.Success(tally.ToSamples());
    }

    private static int TopNOf(CollectorOptions? options) => options?.TopN ?? DefaultTopN;
}
