using System.Globalization;
using System.Text;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// Backfills past Secure Scores into a Prometheus data directory with `promtool tsdb create-blocks-from
/// openmetrics`, so queries over a day, a week or 30 days have history to compare with; a fresh Prometheus has only
/// the minutes the test ran. The samples are synthetic and labelled as the live series are.
/// </summary>
public static class ScoreHistory
{
    /// <summary>Samples closer together than Prometheus's 5-minute lookback, so every offset finds one.</summary>
    private static readonly TimeSpan Spacing = TimeSpan.FromMinutes(2);

    public static async Task WriteAsync(string dataDirectory, string job, string instance, IReadOnlyDictionary<string, double> scoreByTenant, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("# HELP defender_device_secure_score Backfilled history for the test.\n");
        text.Append("# TYPE defender_device_secure_score gauge\n");
        foreach (var (tenant, score) in scoreByTenant)
        {
            for (var at = from; at < until; at += Spacing)
            {
                text.Append(CultureInfo.InvariantCulture, $"defender_device_secure_score{{job=\"{job}\",instance=\"{instance}\",tenant=\"{tenant}\"}} {score} {at.ToUnixTimeSeconds()}\n");
            }
        }

        text.Append("# EOF\n");
        var input = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "history.om");
        await File.WriteAllTextAsync(input, text.ToString(), cancellationToken);
        Directory.CreateDirectory(dataDirectory);

        var (exitCode, output) = await CommandLine.RunAsync(
            PrometheusTools.Promtool,
            ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=800h", input, dataDirectory],
            timeout: TimeSpan.FromSeconds(60));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"promtool could not backfill: exit {exitCode}\n{output}");
        }
    }
}
