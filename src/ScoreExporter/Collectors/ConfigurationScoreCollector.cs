namespace ScoreExporter.Collectors;

/// <summary><c>GET /api/configurationScore</c>: Microsoft Secure Score for Devices, with no documented maximum.</summary>
public sealed class ConfigurationScoreCollector : Collector
{
    public static readonly PostureSeries Score = new(
        "defender_device_secure_score",
        "Microsoft Secure Score for Devices" + PostureSeries.FromLastPoll + "; absent until the first success and when stale.",
        []);

    public static readonly PostureSeries Time = new(
        "defender_device_secure_score_updated_timestamp_seconds",
        "The 'time' of the configurationScore answer, Unix seconds: when the API call was made, by Defender's clock "
        + "(Microsoft documents no time for when the score was computed).",
        [],
        Unit: "s",
        KeptWhenStale: true);

    private const string Path = "api/configurationScore";

    public override string Name => "configuration_score";

    public override string ConfigName => "ConfigurationScore";

    public override string Permission => "Score.Read.All";

    public override IReadOnlyList<PostureSeries> Series { get; } = [Score, Time];

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(Path), ScoreAnswer.Reader(api.Time, double.MaxValue), cancellationToken).ConfigureAwait(false);
        return response.Value is { } body
            ? CollectResult.Success([Sample.Of(Score, body.Score), Sample.Of(Time, body.Time.ToUnixTimeMilliseconds() / 1000.0)])
            : CollectResult.Failed(response.Failure!);
    }
}
