namespace ScoreExporter.Collectors;

/// <summary><c>GET /api/exposureScore</c>: the organisation's exposure score, 0–100, lower is better.</summary>
public sealed class ExposureScoreCollector : Collector
{
    public static readonly PostureSeries Score = new(
        "defender_exposure_score", "Organisation exposure score, 0-100, lower is better" + PostureSeries.FromLastPoll + ".", []);

    private const string Path = "api/exposureScore";

    public override string Name => "exposure_score";

    public override string ConfigName => "ExposureScore";

    public override string Permission => "Score.Read.All";

    public override IReadOnlyList<PostureSeries> Series { get; } = [Score];

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(Path), ScoreAnswer.Reader(api.Time, max: 100), cancellationToken).ConfigureAwait(false);
        return response.Value is { } body ? CollectResult.Success([Sample.Of(Score, body.Score)]) : CollectResult.Failed(response.Failure!);
    }
}
