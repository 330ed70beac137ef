namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The Prometheus tools the rule and dashboard tests run: Debian's `prometheus` (prometheus, promtool) and
/// `prometheus-alertmanager` packages, installed by .ci/setup.d/20-prometheus.sh. Missing tools fail the test.
/// </summary>
public static class PrometheusTools
{
    public static string Promtool => Find("promtool", "prometheus");

    public static string Prometheus => Find("prometheus", "prometheus");

    public static string Alertmanager => Find("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");

    private static string Find(string name, string package, params string[] otherNames)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin");
        foreach (var candidate in otherNames.Prepend(name))
        {
            var found = directories.Select(d => Path.Combine(d, candidate)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        throw new InvalidOperationException(
            $"{name} is not installed: run `apt-get install --no-install-recommends {package}` (.ci/setup.d/20-prometheus.sh does).");
    }
}
