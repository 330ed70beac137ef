using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary><c>GET /api/configurationScore</c>: Microsoft Secure Score for Devices, with no documented maximum.</summary>
public sealed class ConfigurationScoreCollector : Collector
{
    public override string Name => "configuration_score";

    public override string ConfigName => "ConfigurationScore";

    public override string Path => "api/configurationScore";

    public override string Permission => "Score.Read.All";

    public override async Task<CollectResult> CollectAsync(CollectorCall api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(api.UrlOf(Path), ScoreAnswer.Reader(api.Time, double.MaxValue), cancellationToken).ConfigureAwait(false);
        return response.Value is { } body
            ? CollectResult.Success([
                Sample.Of(PostureSeries.DeviceSecureScore, body.Score),
                Sample.Of(PostureSeries.DeviceSecureScoreTime, body.Time.ToUnixTimeMilliseconds() / 1000.0)])
            : CollectResult.Failed(response.Failure!);
    }
}
