using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// Every dashboard query returns data from a real Prometheus holding the series the exporter publishes, as the
/// design contract names them (backfilled, with the shipped rules loaded): for all tenants, one, and several.
/// The end-to-end test checks the same against the running exporter.
/// </summary>
public sealed class DashboardDataTests
{
    private const string Job = "score-exporter";

    private static readonly string[] Tenants = ["contoso", "fabrikam", "northwind"];

    [Fact]
    public async Task Every_panel_query_returns_data_from_the_contract_metrics()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = bound.Token;
        using var temp = new TempDirectory();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var data = temp.File("data");
        await ContractHistory(now).WriteAsync(data, ct);
        await using var prometheus = await PrometheusServer.StartAsync(temp.Path, data, $"""
            global:
              evaluation_interval: 1s
            rule_files:
              - {RuleFile.ShippedPath}
            """, ct);
        await Eventually.TrueAsync(
            async () => await prometheus.ScalarAsync("count(tenant:defender_secure_score_minimum:threshold)", ct) == Tenants.Length,
            "the rules have recorded every tenant's thresholds",
            TimeSpan.FromSeconds(30));

        var empty = new List<string>();
        var queries = Dashboard.LoadShipped().Queries.ToList();
        var end = DateTimeOffset.UtcNow;
        foreach (var (variant, variables) in DashboardVariants.For(Job, "fabrikam", "contoso", "fabrikam"))
        {
            foreach (var query in queries)
            {
                // A 1-hour range on a panel a few hundred pixels wide: Grafana picks a 5-minute step.
                var expr = variables.Substitute(query, TimeSpan.FromMinutes(5));
                var result = query.Instant
                    ? await prometheus.QueryAsync(expr, ct, end)
                    : await prometheus.QueryRangeAsync(expr, end.AddHours(-1), end, TimeSpan.FromMinutes(5), ct);
                if (!QueryResult.HasFiniteValue(result))
                {
                    empty.Add($"{query} ({variant}): no data from `{expr}`");
                }
            }
        }

        Assert.NotEmpty(queries);
        Assert.True(empty.Count == 0, string.Join('\n', empty));
    }

    /// <summary>What one exporter replica (shard 0 of 1) publishes for three tenants: 31 days of scores, 2 hours of the rest.</summary>
    private static Backfill ContractHistory(DateTimeOffset now)
    {
        var from = now.AddHours(-2);
        var until = now.AddSeconds(1);
        var instance = new Dictionary<string, string> { ["job"] = Job, ["instance"] = "exporter-0:9464" };
        Dictionary<string, string> With(params (string Name, string Value)[] labels)
        {
            var all = new Dictionary<string, string>(instance);
            foreach (var (name, value) in labels)
            {
                all[name] = value;
            }

            return all;
        }

        double MinutesSince(DateTimeOffset at) => (at - from).TotalMinutes;

        var history = new Backfill()
            .Gauge("up", instance, from, until, _ => 1)
            .Gauge("defender_exporter_build_info", With(("version", "2.0.0"), ("revision", "0a1b2c3")), from, until, _ => 1)
            .Gauge("defender_exporter_shard_info", With(("shard", "0"), ("total_shards", "1")), from, until, _ => 1);
        for (var i = 0; i < Tenants.Length; i++)
        {
            var tenant = Tenants[i];
            var score = 400 + (100 * i);
            history
                .Gauge("defender_tenant_info", With(("tenant", tenant), ("tenant_id", $"t{i}"), ("cloud", "Commercial")), from, until, _ => 1)
                .Gauge("defender_device_secure_score", With(("tenant", tenant)), now.AddDays(-31), until, at => score + (at < now.AddDays(-1) ? -20 : 0))
                .Gauge("defender_exposure_score", With(("tenant", tenant)), from, until, _ => 25 + (25 * i));
            foreach (var (group, id) in new[] { ("Servers", "1"), ("Laptops", "2") })
            {
                history.Gauge("defender_device_group_exposure_score", With(("tenant", tenant), ("device_group", group), ("device_group_id", id)), from, until, _ => 20 + (30 * i));
                foreach (var (health, exposure, count) in new[] { ("Active", "Low", 40), ("NoSensorData", "High", 3), ("Inactive", "Medium", 2) })
                {
                    history.Gauge(
                        "defender_devices",
                        With(("tenant", tenant), ("device_group", group), ("os_platform", "Windows11"), ("health_status", health), ("onboarding_status", "onboarded"), ("risk_score", "Low"), ("exposure_level", exposure)),
                        from,
                        until,
                        _ => count);
                }
            }

            foreach (var collector in ContractMetrics.Collectors)
            {
                var polled = With(("tenant", tenant), ("collector", collector));
                history
                    .Gauge("defender_up", polled, from, until, _ => 1)
                    .Gauge("defender_scrape_last_success_timestamp_seconds", polled, from, until, at => at.ToUnixTimeSeconds() - 30)
                    .Gauge("defender_scrape_duration_seconds", polled, from, until, _ => 0.25)
                    .Gauge("defender_scrapes_total", polled, from, until, MinutesSince)
                    .Gauge("defender_scrape_errors_total", With(("tenant", tenant), ("collector", collector), ("reason", "timeout")), from, until, at => Math.Floor(MinutesSince(at) / 10))
                    .Gauge("defender_api_requests_total", With(("tenant", tenant), ("endpoint", collector), ("code", "200")), from, until, MinutesSince);
            }

            history.Gauge("defender_api_requests_total", With(("tenant", tenant), ("endpoint", "token"), ("code", "200")), from, until, at => Math.Floor(MinutesSince(at) / 60));
            GraphAndVulnerabilityHistory(history, With, tenant, i, now, from, until);
        }

        return history;
    }

    /// <summary>The secure_score, incidents, recommendations and antivirus collectors' series for one tenant.</summary>
    private static void GraphAndVulnerabilityHistory(
        Backfill history,
        Func<(string Name, string Value)[], Dictionary<string, string>> with,
        string tenant,
        int i,
        DateTimeOffset now,
        DateTimeOffset from,
        DateTimeOffset until)
    {
        Dictionary<string, string> With(params (string Name, string Value)[] labels) => with([("tenant", tenant), .. labels]);

        history
            .Gauge("defender_secure_score", With(), from, until, _ => 40 + (10 * i))
            .Gauge("defender_secure_score_max", With(), from, until, _ => 100)
            .Gauge("defender_secure_score_created_timestamp_seconds", With(), from, until, _ => now.AddHours(-5).ToUnixTimeSeconds());
        foreach (var (category, control, score, max) in new[] { ("Identity", "MFARegistrationV2", 5.0, 10.0), ("Device", "TurnOnFirewall", 2.0, 8.0) })
        {
            history
                .Gauge("defender_secure_score_category", With(("category", category)), from, until, _ => score)
                .Gauge("defender_secure_score_category_max", With(("category", category)), from, until, _ => max)
                .Gauge("defender_secure_score_control", With(("category", category), ("control", control)), from, until, _ => score)
                .Gauge("defender_secure_score_control_max", With(("category", category), ("control", control)), from, until, _ => max);
        }

        foreach (var (basis, average) in new[] { ("AllTenants", 38.5), ("TotalSeats", 41.0) })
        {
            history.Gauge("defender_secure_score_comparative", With(("basis", basis)), from, until, _ => average);
        }

        foreach (var (severity, status, assigned, count, openedDaysAgo) in new[] { ("high", "active", "false", 2, 2), ("medium", "inProgress", "true", 1, 5) })
        {
            history
                .Gauge("defender_incidents", With(("severity", severity), ("status", status), ("assigned", assigned)), from, until, _ => count)
                .Gauge("defender_incident_oldest_open_timestamp_seconds", With(("severity", severity)), from, until, _ => now.AddDays(-openedDaysAgo).ToUnixTimeSeconds());
        }

        foreach (var (category, remediation, exploit, count, exposed, scoreImpact, exposureImpact) in new[]
        {
            ("Application", "Update", "true", 3, 12, 4.5, 2.1),
            ("OS", "ConfigurationChange", "false", 5, 30, 9.0, 1.2),
        })
        {
            var labels = With(("category", category), ("remediation_type", remediation), ("status", "Active"), ("public_exploit", exploit));
            history
                .Gauge("defender_security_recommendations", labels, from, until, _ => count)
                .Gauge("defender_security_recommendation_exposed_devices", labels, from, until, _ => exposed)
                .Gauge("defender_security_recommendation_score_impact", With(("category", category)), from, until, _ => scoreImpact)
                .Gauge("defender_security_recommendation_exposure_impact", With(("category", category)), from, until, _ => exposureImpact)
                .Gauge(
                    "defender_security_recommendation_top_exposed_devices",
                    With(("category", category), ("recommendation_id", $"va-_-{category.ToLowerInvariant()}"), ("recommendation", $"Update {category}")),
                    from,
                    until,
                    _ => exposed);
        }

        foreach (var (group, mode, signature, engine, platform, count) in new[]
        {
            ("Servers", "active", "True", "True", "True", 8),
            ("Servers", "passive", "False", "False", "False", 2),
            ("Laptops", "active", "False", "True", "True", 3),
        })
        {
            history.Gauge(
                "defender_antivirus_devices",
                With(("device_group", group), ("os_platform", "Windows11"), ("av_mode", mode), ("signature_up_to_date", signature), ("engine_up_to_date", engine), ("platform_up_to_date", platform)),
                from,
                until,
                _ => count);
        }

        foreach (var (group, daysAgo) in new[] { ("Servers", 3), ("Laptops", 1) })
        {
            history.Gauge("defender_antivirus_signature_oldest_update_timestamp_seconds", With(("device_group", group)), from, until, _ => now.AddDays(-daysAgo).ToUnixTimeSeconds());
        }
    }
}
