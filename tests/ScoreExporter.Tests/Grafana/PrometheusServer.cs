using System.Globalization;
using System.Text.Json;

namespace ScoreExporter.Tests.Grafana;

/// <summary>A real Prometheus (Debian's package) started by the test on loopback, with its own data directory.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly LoopbackServer server;

    private PrometheusServer(LoopbackServer server) => this.server = server;

    public Uri BaseAddress => server.BaseAddress;

    public string Output => server.Output;

    /// <summary>
    /// Starts Prometheus with <paramref name="configYaml"/> in <paramref name="directory"/>. Blocks already in
    /// <paramref name="dataDirectory"/> (backfilled history) are kept: retention is long enough for them.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string directory, string dataDirectory, string configYaml, CancellationToken cancellationToken)
    {
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml, cancellationToken);
        Directory.CreateDirectory(dataDirectory);

        var server = await LoopbackServer.StartAsync(
            PrometheusTools.Prometheus,
            port =>
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={dataDirectory}",
                "--storage.tsdb.retention.time=90d",
                $"--web.listen-address=127.0.0.1:{port}",
                $"--web.external-url=http://127.0.0.1:{port}/",
            ],
            async candidate =>
            {
                using var flags = await JsonDocument.ParseAsync(await candidate.Http.GetStreamAsync(new Uri("api/v1/status/flags", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
                return flags.RootElement.GetProperty("data").GetProperty("storage.tsdb.path").GetString() == dataDirectory;
            },
            cancellationToken);
        return new PrometheusServer(server);
    }

    /// <summary>An instant query; the result array. A query Prometheus rejects throws with its error.</summary>
    public async Task<JsonElement> QueryAsync(string expr, CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        var form = new Dictionary<string, string> { ["query"] = expr };
        if (at is { } time)
        {
            form["time"] = Seconds(time);
        }

        return await PostAsync("api/v1/query", form, cancellationToken);
    }

    public Task<JsonElement> QueryRangeAsync(string expr, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        PostAsync("api/v1/query_range", new Dictionary<string, string>
        {
            ["query"] = expr,
            ["start"] = Seconds(start),
            ["end"] = Seconds(end),
            ["step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);

    /// <summary>The value of a query that returns one sample, or null when it returns none.</summary>
    public async Task<double?> ScalarAsync(string expr, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(expr, cancellationToken);
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Pending and firing alerts of the loaded rules.</summary>
    public async Task<IReadOnlyList<ObservedAlert>> AlertsAsync(CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(await server.Http.GetStreamAsync(new Uri("api/v1/alerts", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(a => ObservedAlert.From(a, a.GetProperty("state").GetString()!))
            .ToList();
    }

    /// <summary>Alertmanagers Prometheus is sending to.</summary>
    public async Task<IReadOnlyList<string>> AlertmanagersAsync(CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(await server.Http.GetStreamAsync(new Uri("api/v1/alertmanagers", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.GetProperty("data").GetProperty("activeAlertmanagers").EnumerateArray()
            .Select(a => a.GetProperty("url").GetString()!)
            .ToList();
    }

    /// <summary>Active scrape targets: job, health ("up", "down", "unknown") and the last scrape's error.</summary>
    public async Task<IReadOnlyList<ScrapeTarget>> TargetsAsync(CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(await server.Http.GetStreamAsync(new Uri("api/v1/targets", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => new ScrapeTarget(t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString() ?? string.Empty))
            .ToList();
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);

    private async Task<JsonElement> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await server.Http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new PromQLException(form["query"], root.TryGetProperty("error", out var error) ? error.GetString() ?? "?" : response.StatusCode.ToString());
        }

        return root.GetProperty("data").GetProperty("result").Clone();
    }
}

/// <summary>An alert as Prometheus or Alertmanager reports it.</summary>
public sealed record ObservedAlert(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string State)
{
    public string Name => Labels["alertname"];

    public string? Label(string name) => Labels.GetValueOrDefault(name);

    public static ObservedAlert From(JsonElement alert, string state) => new(Strings(alert.GetProperty("labels")), Strings(alert.GetProperty("annotations")), state);

    public override string ToString() => $"{Name}{{{string.Join(", ", Labels.Where(l => l.Key != "alertname").Select(l => $"{l.Key}={l.Value}"))}}} {State}";

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
}

/// <summary>One scrape target as Prometheus' targets API reports it.</summary>
public sealed record ScrapeTarget(string Job, string Health, string LastError);

public sealed class PromQLException(string query, string error) : Exception($"Prometheus rejected `{query}`: {error}")
{
    public string Query { get; } = query;
}
