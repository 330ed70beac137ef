using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// Microsoft Secure Score from Graph: the newest snapshot (<c>GET /security/secureScores?$top=1</c>, one a day) with
/// its points by category and the averages of comparable tenants, and each category's maximum from the control
/// profiles (<c>GET /security/secureScoreControlProfiles</c>, every page): the sum of <c>maxScore</c> of the controls
/// present in the snapshot. Off by default: it needs Graph's <c>SecurityEvents.Read.All</c>.
/// </summary>
public sealed class SecureScoreCollector : Collector
{
    public const int MaxCategories = 16;
    public const int MaxBases = 16;
    public const int MaxControls = 1000;

    public static readonly ListRequest Profiles = new("v1.0/security/secureScoreControlProfiles", "control profiles", PageSize: 100, MaxItems: 2000);

    public static readonly PostureSeries Score = new(
        "defender_secure_score", "Microsoft Secure Score, current points" + PostureSeries.FromLastPoll + ".", []);

    public static readonly PostureSeries Max = new(
        "defender_secure_score_max", "Microsoft Secure Score, maximum points" + PostureSeries.FromLastPoll + ".", []);

    public static readonly PostureSeries Category = new(
        "defender_secure_score_category", "Microsoft Secure Score points by control category" + PostureSeries.FromLastPoll + ".",
        ["category"], MaxPerTenant: MaxCategories + 1);

    public static readonly PostureSeries CategoryMax = new(
        "defender_secure_score_category_max",
        "Maximum Microsoft Secure Score points by control category: the profiles' maxScore of the controls in the snapshot"
        + PostureSeries.FromLastPoll + ".",
        ["category"], MaxPerTenant: MaxCategories + 1);

    public static readonly PostureSeries Comparative = new(
        "defender_secure_score_comparative", "Average Microsoft Secure Score of comparable tenants, by basis" + PostureSeries.FromLastPoll + ".",
        ["basis"], MaxPerTenant: MaxBases + 1);

    public static readonly PostureSeries Created = new(
        "defender_secure_score_created_timestamp_seconds",
        "When Microsoft computed the Microsoft Secure Score snapshot (its createdDateTime), Unix seconds.",
        [], Unit: "s", KeptWhenStale: true);

    public static readonly PostureSeries Control = new(
        "defender_secure_score_control", "Microsoft Secure Score points per control" + PostureSeries.FromLastPoll + "; with PerControl only.",
        ["category", "control"], MaxPerTenant: MaxControls + 1);

    public static readonly PostureSeries ControlMax = new(
        "defender_secure_score_control_max", "Maximum Microsoft Secure Score points per control" + PostureSeries.FromLastPoll + "; with PerControl only.",
        ["category", "control"], MaxPerTenant: MaxControls + 1);

    private const string SnapshotPath = "v1.0/security/secureScores?$top=1";

    public override string Name => "secure_score";

    public override string ConfigName => "SecureScore";

    public override ApiSurface Surface => ApiSurface.Graph;

    public override string Permission => "SecurityEvents.Read.All";

    public override bool EnabledByDefault => false;

    /// <summary>Microsoft computes one snapshot a day.</summary>
    public override TimeSpan? DefaultPollInterval => TimeSpan.FromHours(1);

    public override IReadOnlyList<PostureSeries> Series { get; } = [Score, Max, Category, CategoryMax, Comparative, Created, Control, ControlMax];

    public override int MaxCallsPerPoll => 1 + Profiles.MaxPages;

    public override TimeSpan PollTimeoutCap => TimeSpan.FromMinutes(2);

    public override IEnumerable<PostureSeries> SeriesWith(CollectorOptions? options) =>
        options?.PerControl == true ? Series : Series.Where(s => s != Control && s != ControlMax);

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(SnapshotPath), SmallJsonBody.Reader(CollectorJson.Default.SecureScoresBody), cancellationToken)
            .ConfigureAwait(false);
        if (response.Failure is { } failure)
        {
            return CollectResult.Failed(failure);
        }

        // A tenant Microsoft has not scored yet: up, with nothing to publish.
        if (response.Value!.Value is not [{ } snapshot, ..])
        {
            return CollectResult.Success([]);
        }

        if ((ScoreChecks.ScoreProblem(snapshot.CurrentScore) ?? ScoreChecks.ScoreProblem(snapshot.MaxScore)
            ?? ScoreChecks.TimeProblem(snapshot.CreatedDateTime, api.Time.GetUtcNow())) is { } problem)
        {
            return CollectResult.Failed(FailureReason.InvalidResponse, "secure score: " + problem);
        }

        var maxima = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var profiles = await PagedList.ReadAllAsync(api, Profiles, CollectorJson.Default.ControlProfile, p =>
        {
            if (p.Id is { } id && p.MaxScore is { } max && double.IsFinite(max) && max >= 0)
            {
                maxima[id] = max;
            }
        }, cancellationToken).ConfigureAwait(false);
        return profiles is null ? CollectResult.Success(SecureScoreTally.ToSamples(snapshot, maxima, api.Options.PerControl == true)) : CollectResult.Failed(profiles);
    }
}
