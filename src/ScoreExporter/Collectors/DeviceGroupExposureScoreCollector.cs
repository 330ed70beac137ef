using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// <c>GET /api/exposureScore/ByMachineGroups</c>: the exposure score of each device group. Each poll publishes the
/// groups of its answer only, so a group that disappears from Defender disappears from /metrics.
/// </summary>
public sealed class DeviceGroupExposureScoreCollector : Collector
{
    /// <summary>More groups than this in one tenant is not an answer to trust with as many series.</summary>
    public const int MaxGroups = 1000;

    public static readonly PostureSeries Score = new(
        "defender_device_group_exposure_score",
        "Exposure score per device group, 0-100, lower is better" + PostureSeries.FromLastPoll + ".",
        ["device_group", "device_group_id"],
        MaxPerTenant: MaxGroups);

    private const string Path = "api/exposureScore/ByMachineGroups";

    public override string Name => "device_group_exposure_score";

    public override string ConfigName => "DeviceGroupExposureScore";

    public override string Permission => "Score.Read.All";

    public override IReadOnlyList<PostureSeries> Series { get; } = [Score];

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(Path), SmallJsonBody.Reader(CollectorJson.Default.GroupScoresBody), cancellationToken)
            .ConfigureAwait(false);
        return response.Value is { } body ? ToSamples(body) : CollectResult.Failed(response.Failure!);
    }

    public static CollectResult ToSamples(GroupScoresBody body)
    {
        if (body.Value.Count > MaxGroups)
        {
            return CollectResult.Failed(FailureReason.InvalidResponse, $"{body.Value.Count} device groups, over the bound of {MaxGroups}");
        }

        var samples = new List<Sample>(body.Value.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var group in body.Value)
        {
            var problem = group is null ? "a device group is null" : ScoreChecks.ScoreProblem(group.Score, max: 100);
            if (problem is not null)
            {
                return CollectResult.Failed(FailureReason.InvalidResponse, "device group: " + problem);
            }

            var name = LabelValue.Clean(group!.RbacGroupName);
            var id = string.IsNullOrWhiteSpace(group.RbacGroupId) ? string.Empty : LabelValue.Clean(group.RbacGroupId);

            // Two entries for one group would be two values for one series: the first one stands.
            if (seen.Add((name, id)))
            {
                samples.Add(new Sample(Score, group.Score, [name, id]));
            }
        }

        return CollectResult.Success(samples);
    }
}
