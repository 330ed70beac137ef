using System.Globalization;
using System.Text;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// Writes past samples into a Prometheus data directory with `promtool tsdb create-blocks-from openmetrics`, for
/// queries that need history a test cannot wait for (a day, 30 days) or more tenants than it can poll. The samples
/// are synthetic and labelled as live series are.
/// </summary>
public sealed class Backfill
{
    /// <summary>Samples closer together than Prometheus's 5-minute lookback, so every instant finds one.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, List<string>> families = new(StringComparer.Ordinal);

    /// <summary>Adds one gauge series sampled every <see cref="Spacing"/> from <paramref name="from"/> to <paramref name="until"/>.</summary>
    public Backfill Gauge(string name, IReadOnlyDictionary<string, string> labels, DateTimeOffset from, DateTimeOffset until, Func<DateTimeOffset, double> value)
    {
        if (!families.TryGetValue(name, out var lines))
        {
            families[name] = lines = [];
        }

        var labelText = string.Join(',', labels.Select(l => $"{l.Key}=\"{l.Value}\""));
        for (var at = from; at < until; at += Spacing)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}{{{labelText}}} {value(at)} {at.ToUnixTimeSeconds()}"));
        }

        return this;
    }

    public async Task WriteAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var (name, lines) in families)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Backfilled for a test.\n# TYPE {name} gauge\n");
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        text.Append("# EOF\n");
        Directory.CreateDirectory(dataDirectory);
        var input = dataDirectory.TrimEnd('/') + ".om";
        await File.WriteAllTextAsync(input, text.ToString(), cancellationToken);

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
