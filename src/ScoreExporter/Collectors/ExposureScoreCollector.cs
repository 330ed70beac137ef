namespace ScoreExporter.Collectors;

/// <summary><c>GET /api/exposureScore</c>: the organisation's exposure score, 0–100, lower is better.</summary>
public sealed class ExposureScoreCollector : Collector
{
    public override string Name => "exposure_score";

    public override string ConfigName => "ExposureScore";

    public override string Path => "api/exposureScore";

    public override string Permission => "Score.Read.All";

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(Path), ScoreAnswer.Reader(api.Time, max: 100), cancellationToken).ConfigureAwait(false);
        return response.Value is { } body
            ? CollectResult.Success([Sample.Of(PostureSeries.ExposureScore, body.Score)])
            : CollectResult.Failed(response.Failure!);
    }
}
