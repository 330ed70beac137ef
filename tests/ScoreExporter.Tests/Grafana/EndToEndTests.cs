using System.Diagnostics;
using System.Text.Json;
using DefenderSimulator;
using ScoreExporter.Collectors;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The exporter, polling the Defender simulator with every collector enabled, scraped by a real Prometheus that loads
/// the shipped rule file and sends to a real Alertmanager, all on loopback and started here. The dashboard's queries
/// must return data, and faults in the simulator must raise the matching alerts: a 403 all the way to Alertmanager
/// (its `for:` is 1m) with the refused collector and the permission it needs, the others, whose `for:` is too long
/// for a test, to pending in Prometheus.
/// </summary>
[Collection(CpuHeavy.Name)]
public sealed class EndToEndTests
{
    private const string Job = "score-exporter";

    /// <summary>How far below today's score the backfilled history lies, so every change panel reads exactly this.</summary>
    private const double HistoryOffset = 25;

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, double> Scores = new() { ["contoso"] = 420, ["fabrikam"] = 550, ["northwind"] = 680 };

    [Fact]
    public async Task Prometheus_scraping_the_exporter_feeds_every_panel_and_faults_raise_their_alerts()
    {
        using var bound = new CancellationTokenSource(Bound);
        var ct = bound.Token;
        using var temp = new TempDirectory();
        var clock = Stopwatch.StartNew();

        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var now = DateTimeOffset.UtcNow;
        var tenants = new Dictionary<string, SimulatedTenant>();
        var settings = new Dictionary<string, string?>();
        foreach (var (name, score) in Scores)
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"{name}-secret", score);
            tenant.SetScore(score, now.AddHours(-3));
            tenants[name] = tenant;
            foreach (var (key, value) in TestExporter.TenantSettings(tenants.Count - 1, name, tenant))
            {
                settings[key] = value;
            }
        }

        // Every collector polls, those off by default too, so that every panel has data. Every 10 s without retries is
        // what lets three collectors, and the devices' pages every 5 minutes, fit the API's limits.
        settings["Defender:MaxRetries"] = "0";
        foreach (var collector in CollectorCatalog.All)
        {
            settings[$"Defender:Collectors:{collector.ConfigName}:Enabled"] = "true";
        }

        settings["Defender:Collectors:Devices:PollInterval"] = "00:05:00";
        settings["Defender:Collectors:SecureScore:PerControl"] = "true";
        foreach (var (tenant, index) in tenants.Values.Select((t, i) => (t, i)))
        {
            DemoPosture.Apply(tenant, index);
        }

        // northwind's credentials are refused from the start: no token is ever issued for it.
        tenants["northwind"].SetTokenFault(TokenFault.InvalidClient());

        await using var exporter = await TestExporter.StartAsync(simulator, settings);
        await using var alertmanager = await AlertmanagerServer.StartAsync(temp.Path, ct);
        var target = $"{exporter.BaseAddress.Host}:{exporter.BaseAddress.Port}";
        var data = temp.File("prometheus-data");
        var history = new Backfill();
        foreach (var (name, score) in Scores)
        {
            history.Gauge("defender_device_secure_score", new Dictionary<string, string> { ["job"] = Job, ["instance"] = target, ["tenant"] = name }, now.AddDays(-31), now.AddHours(-1), _ => score - HistoryOffset);
        }

        await history.WriteAsync(data, ct);
        await using var prometheus = await PrometheusServer.StartAsync(temp.Path, data, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {RuleFile.ShippedPath}
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['{alertmanager.BaseAddress.Authority}']
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ['{target}']
            """, ct);

        try
        {
            await WaitForScrapedDataAsync(prometheus, ct);
            await EveryPanelQueryReturnsDataAsync(prometheus, ct);
            await PanelsComputeTheRightValuesAsync(prometheus, ct);
            var incidentAlerts = await IncidentAlertsDueAsync(simulator, tenants);

            tenants["fabrikam"].SetApiFault(ApiFault.Forbidden());
            tenants["contoso"].SetScore(300, DateTimeOffset.UtcNow);
            await FaultsRaiseTheirAlertsAsync(prometheus, alertmanager, incidentAlerts, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || bound.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException(
                $"after {clock.Elapsed:mm\\:ss}: {e.Message}\n--- prometheus\n{Tail(prometheus.Output)}\n--- alertmanager\n{Tail(alertmanager.Output)}\n--- exporter\n{Tail(exporter.Logs.Text)}");
        }

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    private static async Task WaitForScrapedDataAsync(PrometheusServer prometheus, CancellationToken ct)
    {
        await Eventually.TrueAsync(
            async () => await prometheus.ScalarAsync($"count(defender_device_secure_score{{job=\"{Job}\"}})", ct) == 2
                && await prometheus.ScalarAsync("count(tenant:defender_secure_score_minimum:threshold)", ct) == 3,
            "Prometheus has scraped the scores of contoso and fabrikam and recorded the thresholds of all three tenants",
            TimeSpan.FromSeconds(30));

        // Rates need a poll of each tenant between two scrapes.
        await Eventually.TrueAsync(
            async () => await prometheus.ScalarAsync($"count(count by (tenant) (increase(defender_scrapes_total{{job=\"{Job}\", collector=\"configuration_score\"}}[1m]) > 0))", ct) == 3,
            "every tenant was polled by the configuration_score collector while Prometheus was scraping",
            TimeSpan.FromSeconds(30));

        // The other collectors' data, for the exposure, device and shard panels.
        await Eventually.TrueAsync(
            async () => await prometheus.ScalarAsync($"count(defender_exposure_score{{job=\"{Job}\"}})", ct) == 2
                && await prometheus.ScalarAsync($"count(count by (tenant) (defender_device_group_exposure_score{{job=\"{Job}\"}}))", ct) == 2
                && await prometheus.ScalarAsync($"count(count by (tenant) (defender_devices{{job=\"{Job}\"}}))", ct) == 2
                && await prometheus.ScalarAsync($"count(defender_exporter_shard_info{{job=\"{Job}\"}})", ct) == 1,
            "Prometheus has scraped the exposure scores, device groups and devices of contoso and fabrikam, and the exporter's shard",
            TimeSpan.FromSeconds(30));
    }

    private static async Task EveryPanelQueryReturnsDataAsync(PrometheusServer prometheus, CancellationToken ct)
    {
        // A scrape that missed its 1 s timeout on a busy machine leaves a gap; a panel must have data again within a few.
        var empty = await PanelsWithoutDataAsync(prometheus, ct);
        for (var attempt = 1; attempt < 4 && empty.Count > 0; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            empty = await PanelsWithoutDataAsync(prometheus, ct);
        }

        Assert.True(empty.Count == 0, string.Join('\n', empty));
    }

    private static async Task<List<string>> PanelsWithoutDataAsync(PrometheusServer prometheus, CancellationToken ct)
    {
        var queries = Dashboard.LoadShipped().Queries.ToList();
        Assert.NotEmpty(queries);
        var empty = new List<string>();
        var end = DateTimeOffset.UtcNow;
        foreach (var (variant, variables) in DashboardVariants.For(Job, "fabrikam", "contoso", "fabrikam"))
        {
            foreach (var query in queries)
            {
                // What Grafana would compute for a 90 s range on a wide panel.
                var expr = variables.Substitute(query, TimeSpan.FromSeconds(1));
                var result = query.Instant
                    ? await prometheus.QueryAsync(expr, ct, end)
                    : await prometheus.QueryRangeAsync(expr, end.AddSeconds(-90), end, TimeSpan.FromSeconds(5), ct);
                if (!QueryResult.HasFiniteValue(result))
                {
                    empty.Add($"{query} ({variant}): no data from `{expr}`");
                }
            }
        }

        return empty;
    }

    private static async Task PanelsComputeTheRightValuesAsync(PrometheusServer prometheus, CancellationToken ct)
    {
        var dashboard = Dashboard.LoadShipped();
        var fabrikam = DashboardVariants.For(Job, "fabrikam", "contoso", "fabrikam")[1].Variables;
        var all = DashboardVariants.For(Job, "fabrikam", "contoso", "fabrikam")[0].Variables;
        string Expr(string title, string refId, GrafanaVariables variables) =>
            variables.Substitute(dashboard.Queries.Single(q => q.PanelTitle == title && q.RefId == refId), TimeSpan.FromSeconds(1));

        foreach (var refId in new[] { "A", "B", "C" })
        {
            Assert.Equal(HistoryOffset, await prometheus.ScalarAsync(Expr("Change over 1d / 7d / 30d", refId, fabrikam), ct));
        }

        var ranked = await prometheus.QueryAsync(Expr("Tenants, lowest score first", "A", all), ct);
        Assert.Equal(
            new Dictionary<string, double> { ["contoso"] = 420, ["fabrikam"] = 550 },
            ranked.EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetProperty("tenant").GetString()!, Value));
        Assert.Equal(1, await prometheus.ScalarAsync(Expr("Tenants failing to poll", "A", all), ct));
        Assert.Equal(3, await prometheus.ScalarAsync(Expr("Tenants", "A", all), ct));

        // One replica, so one shard holding all three tenants; northwind's collectors all fail.
        Assert.Equal(3, await prometheus.ScalarAsync(Expr("Tenants per shard", "B", all), ct));
        var polled = await prometheus.QueryAsync(Expr("Collector status", "A", all), ct);
        var failing = await prometheus.QueryAsync(Expr("Collector status", "B", all), ct);
        Assert.Equal(CollectorCatalog.All.Select(c => c.Name).Order(StringComparer.Ordinal), ContractMetrics.Collectors.Order(StringComparer.Ordinal));
        Assert.Equal(ContractMetrics.Collectors.Order(StringComparer.Ordinal), polled.EnumerateArray().Select(Collector).Order(StringComparer.Ordinal));
        Assert.All(polled.EnumerateArray(), s => Assert.Equal(3, Value(s)));
        Assert.All(failing.EnumerateArray(), s => Assert.Equal(1, Value(s)));
    }

    /// <summary>
    /// The incident alerts each healthy estate's data calls for, read from the simulator's listing as it stands: an open
    /// high-severity incident with no one assigned, or one open for more than a day (the default threshold).
    /// </summary>
    private static async Task<HashSet<(string Alert, string Tenant)>> IncidentAlertsDueAsync(SimulatorServer simulator, Dictionary<string, SimulatedTenant> tenants)
    {
        var due = new HashSet<(string, string)>();
        foreach (var estate in new[] { "contoso", "fabrikam" })
        {
            var (counts, oldest) = await Collectors.GraphOracle.IncidentsAsync(simulator, tenants[estate]);
            if (counts.Keys.Any(key => key.StartsWith("high|", StringComparison.Ordinal) && key.EndsWith("|false", StringComparison.Ordinal)))
            {
                due.Add(("DefenderHighIncidentUnassigned", estate));
            }

            if (oldest.TryGetValue("high", out var created) && created < DateTimeOffset.UtcNow.AddDays(-1))
            {
                due.Add(("DefenderHighIncidentOpenTooLong", estate));
            }
        }

        return due;
    }

    private static async Task FaultsRaiseTheirAlertsAsync(
        PrometheusServer prometheus, AlertmanagerServer alertmanager, HashSet<(string Alert, string Tenant)> incidentAlerts, CancellationToken ct)
    {
        var seen = new Dictionary<string, ObservedAlert>();
        ObservedAlert? delivered = null;
        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var alert in await prometheus.AlertsAsync(ct))
                {
                    seen[alert.ToString()] = alert;
                }

                delivered = (await alertmanager.AlertsAsync(ct)).FirstOrDefault(a => a.Name == "DefenderTenantAccessDenied" && a.Label("collector") == "configuration_score");
                return delivered is not null;
            },
            "DefenderTenantAccessDenied for fabrikam's configuration_score collector reaches Alertmanager",
            TimeSpan.FromSeconds(95)).ContinueWith(
                wait => wait.IsFaulted ? throw new TimeoutException($"{wait.Exception!.InnerException!.Message}; alerts seen: {string.Join("; ", seen.Keys)}") : wait,
                ct,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();

        Assert.NotNull(delivered);
        Assert.Equal("active", delivered.State);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["alertname"] = "DefenderTenantAccessDenied",
                ["severity"] = "critical",
                ["job"] = Job,
                ["tenant"] = "fabrikam",
                ["collector"] = "configuration_score",
                ["permission"] = "Score.Read.All",
                ["reason"] = "forbidden",
            },
            delivered.Labels.Where(l => !l.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal("The Defender API refuses ScoreExporter's configuration_score requests for tenant fabrikam.", delivered.Annotations["summary"]);
        Assert.Contains("HTTP 403: the app lacks the Score.Read.All application permission", delivered.Annotations["description"], StringComparison.Ordinal);
        Assert.EndsWith("grafana/alerts/runbook.md#defendertenantaccessdenied", delivered.Annotations["runbook_url"], StringComparison.Ordinal);

        // Any other refused collector of fabrikam names its own permission.
        Assert.All(
            (await alertmanager.AlertsAsync(ct)).Where(a => a.Name == "DefenderTenantAccessDenied"),
            a =>
            {
                Assert.Equal(("fabrikam", "forbidden"), (a.Label("tenant"), a.Label("reason")));
                Assert.Equal(ContractMetrics.Permissions[a.Label("collector")!], a.Label("permission"));
            });

        // Alerts whose `for:` is longer than the test reach pending (or firing), each for the right tenant and reason.
        foreach (var alert in await prometheus.AlertsAsync(ct))
        {
            seen[alert.ToString()] = alert;
        }

        var observed = seen.Values.ToList();
        Assert.Contains(observed, a => a.Name == "DefenderTenantTokenFailing" && a.Label("tenant") == "northwind" && a.Label("reason") == "auth");
        Assert.Contains(observed, a => a.Name == "DefenderSecureScoreDropped" && a.Label("tenant") == "contoso");
        Assert.Contains(observed, a => a.Name == "DefenderSecureScoreBelowMinimum" && a.Label("tenant") == "contoso");

        // The simulator derives the exposure score from the Secure Score (100 - score / 10): contoso's fall to 300
        // raises its exposure from 58 to 70, into the high band and 12 points above its day's low.
        Assert.Contains(observed, a => a.Name == "DefenderExposureScoreHigh" && a.Label("tenant") == "contoso");
        Assert.Contains(observed, a => a.Name == "DefenderExposureScoreRising" && a.Label("tenant") == "contoso");

        // The simulated estates hold what the v3 posture alerts look for: device groups whose antivirus signatures are
        // mostly out of date in both, and each incident alert exactly where the simulator's listing calls for it.
        string[] estates = ["contoso", "fabrikam"];
        string[] postureAlerts = ["DefenderHighIncidentUnassigned", "DefenderHighIncidentOpenTooLong", "DefenderAntivirusSignaturesOutOfDate"];
        Assert.Contains(observed, a => a.Name == "DefenderAntivirusSignaturesOutOfDate" && estates.Contains(a.Label("tenant")));
        Assert.Equal(
            incidentAlerts.Order(),
            observed.Where(a => a.Name.StartsWith("DefenderHighIncident", StringComparison.Ordinal)).Select(a => (a.Name, a.Label("tenant")!)).Distinct().Order());

        // And nothing else: sign-in failures are not access denied, a 403 is not throttling, the exporter is up.
        var expected = new HashSet<(string, string?)>
        {

            ("DefenderTenantAccessDenied", "fabrikam"),
            ("DefenderTenantTokenFailing", "northwind"),
            ("DefenderSecureScoreDropped", "contoso"),
            ("DefenderSecureScoreBelowMinimum", "contoso"),
            ("DefenderExposureScoreHigh", "contoso"),
            ("DefenderExposureScoreRising", "contoso"),
        };
        expected.UnionWith(postureAlerts.SelectMany(name => estates.Select(tenant => (name, (string?)tenant))));
        var unexpected = observed.Where(a => !expected.Contains((a.Name, a.Label("tenant")))).Select(a => $"{a.Name}/{a.Label("tenant")}").Distinct().ToArray();
        Assert.True(unexpected.Length == 0, string.Join(", ", unexpected));
        Assert.Empty((await alertmanager.AlertsAsync(ct)).Where(a => a.Name != "DefenderTenantAccessDenied").Select(a => a.ToString()));
        Assert.Contains(await prometheus.AlertmanagersAsync(ct), url => url.StartsWith(alertmanager.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));
    }

    private static string Collector(JsonElement series) => QueryResult.Label(series, "collector");

    private static double Value(JsonElement series) => QueryResult.Value(series);

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
