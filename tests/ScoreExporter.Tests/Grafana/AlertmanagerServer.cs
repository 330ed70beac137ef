using System.Text.Json;

namespace ScoreExporter.Tests.Grafana;

/// <summary>A real Alertmanager (Debian's prometheus-alertmanager) on loopback, clustering off, one silent receiver.</summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly LoopbackServer server;

    private AlertmanagerServer(LoopbackServer server) => this.server = server;

    public Uri BaseAddress => server.BaseAddress;

    public string Output => server.Output;

    public static async Task<AlertmanagerServer> StartAsync(string directory, CancellationToken cancellationToken)
    {
        // A receiver name no other Alertmanager has, so the identity check cannot be fooled by a system instance.
        var receiver = "score-exporter-test-" + Guid.NewGuid().ToString("N");
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: {receiver}
              group_by: [alertname, tenant]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: {receiver}
            """, cancellationToken);
        var storage = Path.Combine(directory, "alertmanager-data");
        Directory.CreateDirectory(storage);

        var server = await LoopbackServer.StartAsync(
            PrometheusTools.Alertmanager,
            port =>
            [
                $"--config.file={config}",
                $"--storage.path={storage}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
            ],
            async candidate =>
            {
                using var status = await JsonDocument.ParseAsync(await candidate.Http.GetStreamAsync(new Uri("api/v2/status", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
                return status.RootElement.GetProperty("config").GetProperty("original").GetString()?.Contains(receiver, StringComparison.Ordinal) == true;
            },
            cancellationToken);
        return new AlertmanagerServer(server);
    }

    /// <summary>Alerts Alertmanager holds, with their state (active, suppressed, unprocessed).</summary>
    public async Task<IReadOnlyList<ObservedAlert>> AlertsAsync(CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(await server.Http.GetStreamAsync(new Uri("api/v2/alerts", UriKind.Relative), cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.EnumerateArray()
            .Select(a => ObservedAlert.From(a, a.GetProperty("status").GetProperty("state").GetString()!))
            .ToList();
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
