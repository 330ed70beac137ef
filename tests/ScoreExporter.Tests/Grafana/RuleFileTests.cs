using System.Text.RegularExpressions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>The shipped Prometheus rule file: promtool's checks and unit tests, and the conventions its alerts follow.</summary>
public sealed partial class RuleFileTests
{
    private static readonly string[] Severities = ["critical", "warning", "info"];

    public static TheoryData<string> UnitTestFiles() => new(PromtoolTestFile.ShippedPaths.Select(Path.GetFileName).OfType<string>());

    [Fact]
    public async Task Promtool_check_rules_passes_with_every_lint()
    {
        var (exitCode, output) = await CommandLine.RunAsync(PrometheusTools.Promtool, ["check", "rules", "--lint=all", "--lint-fatal", RuleFile.ShippedPath]);

        Assert.True(exitCode == 0, $"promtool check rules: exit {exitCode}\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("lint", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(UnitTestFiles))]
    public async Task Promtool_unit_tests_pass(string file)
    {
        var directory = Infrastructure.RepoPaths.Combine("grafana", "alerts", "tests");

        var (exitCode, output) = await CommandLine.RunAsync(PrometheusTools.Promtool, ["test", "rules", file], workingDirectory: directory);

        Assert.True(exitCode == 0, $"promtool test rules {file}: exit {exitCode}\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_tests_load_the_shipped_rule_file_and_nothing_else()
    {
        foreach (var path in PromtoolTestFile.ShippedPaths)
        {
            var file = PromtoolTestFile.Load(path);
            var ruleFile = Assert.Single(file.RuleFiles);
            Assert.Equal(RuleFile.ShippedPath, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, ruleFile)));
        }
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_one_where_it_stays_silent()
    {
        var checks = PromtoolTestFile.ShippedPaths.SelectMany(p => PromtoolTestFile.Load(p).AlertRuleTests).ToList();
        var firing = checks.Where(c => c.ExpAlerts is { Count: > 0 }).Select(c => c.Alertname).ToHashSet();
        var silent = checks.Where(c => c.ExpAlerts is null or { Count: 0 }).Select(c => c.Alertname).ToHashSet();

        var alerts = RuleFile.Load(RuleFile.ShippedPath).Alerts.Select(a => a.Alert!).ToList();

        Assert.NotEmpty(alerts);
        Assert.Empty(alerts.Where(a => !firing.Contains(a)).Select(a => $"{a}: no test where it fires"));
        Assert.Empty(alerts.Where(a => !silent.Contains(a)).Select(a => $"{a}: no test where it stays silent"));
        Assert.Empty(firing.Union(silent).Except(alerts).Select(a => $"{a}: tested but not in the rule file"));
    }

    [Fact]
    public void Firing_unit_tests_check_every_label_and_annotation()
    {
        var rules = RuleFile.Load(RuleFile.ShippedPath).Alerts.ToDictionary(a => a.Alert!);
        var expectations = PromtoolTestFile.ShippedPaths
            .SelectMany(p => PromtoolTestFile.Load(p).AlertRuleTests)
            .SelectMany(c => (c.ExpAlerts ?? []).Select(e => (c.Alertname, Expected: e)));

        foreach (var (alertname, expected) in expectations)
        {
            var rule = rules[alertname];
            Assert.True(rule.Labels.All(l => expected.ExpLabels.GetValueOrDefault(l.Key) == l.Value), $"{alertname}: a test does not expect the rule's labels");
            Assert.Equal(rule.Annotations.Keys.Order(StringComparer.Ordinal), expected.ExpAnnotations.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_alert_follows_the_mixin_conventions()
    {
        var runbookAnchors = RunbookAnchors();

        foreach (var alert in RuleFile.Load(RuleFile.ShippedPath).Alerts)
        {
            var name = alert.Alert!;
            Assert.Matches(CamelCase(), name);
            Assert.False(string.IsNullOrEmpty(alert.For), $"{name}: no `for:`");
            Assert.Contains(alert.Labels.GetValueOrDefault("severity"), Severities);
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{name}: no summary");
            Assert.Contains("{{ $", alert.Annotations.GetValueOrDefault("description") ?? string.Empty, StringComparison.Ordinal);
            var runbook = alert.Annotations.GetValueOrDefault("runbook_url") ?? string.Empty;
            Assert.EndsWith("/grafana/alerts/runbook.md#" + name.ToLowerInvariant(), runbook, StringComparison.Ordinal);
            Assert.Contains(name.ToLowerInvariant(), runbookAnchors);
        }
    }

    [Fact]
    public void Every_severity_is_used()
    {
        var used = RuleFile.Load(RuleFile.ShippedPath).Alerts.Select(a => a.Labels["severity"]).ToHashSet();

        Assert.Equal(Severities.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Alert_thresholds_come_from_recording_rules_not_literals()
    {
        var rules = RuleFile.Load(RuleFile.ShippedPath);
        var recorded = rules.Recordings.Select(r => r.Record!).ToHashSet();

        foreach (var alert in rules.Alerts)
        {
            // Comparisons with 0 ("any failure", "down") are not thresholds; any other number would be one.
            var literal = ComparisonWithNumber().Matches(alert.Expr).Where(m => double.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) != 0);
            Assert.Empty(literal.Select(m => $"{alert.Alert}: compares with the literal {m.Value.Trim()}"));
        }

        foreach (var threshold in rules.Alerts.SelectMany(a => ThresholdRule().Matches(a.Expr)).Select(m => m.Value))
        {
            Assert.Contains(threshold, recorded);
        }
    }

    [Fact]
    public void Rules_use_only_the_exporter_contract_metrics()
    {
        var rules = RuleFile.Load(RuleFile.ShippedPath);

        var used = rules.Groups.SelectMany(g => g.Rules).SelectMany(r => ContractMetrics.UsedIn(r.Expr)).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, metric => Assert.Contains(metric, ContractMetrics.Names));
    }

    [Fact]
    public void Tenant_alerts_aggregate_by_job_and_tenant_so_replicas_alert_once()
    {
        // Exporter alerts are about one instance by nature; every other alert reads tenant series that two replicas
        // of one job may both publish, so each aggregation keeps job and tenant and drops the instance.
        var tenantAlerts = RuleFile.Load(RuleFile.ShippedPath).Groups
            .Where(g => !g.Name.EndsWith(".exporter", StringComparison.Ordinal))
            .SelectMany(g => g.Rules)
            .Where(r => r.Alert is not null)
            .ToList();

        Assert.NotEmpty(tenantAlerts);
        foreach (var alert in tenantAlerts)
        {
            var groupings = By().Matches(alert.Expr).Select(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries)).ToList();
            Assert.True(groupings.Count > 0, $"{alert.Alert}: no aggregation");
            Assert.All(groupings, labels =>
            {
                Assert.True(labels.Contains("job") && labels.Contains("tenant"), $"{alert.Alert}: by ({string.Join(", ", labels)}) drops job or tenant");
                Assert.DoesNotContain("instance", labels);
            });
        }
    }

    [Fact]
    public void Access_denied_is_tested_for_every_collector_with_the_permission_it_needs()
    {
        var fired = PromtoolTestFile.ShippedPaths
            .SelectMany(p => PromtoolTestFile.Load(p).AlertRuleTests)
            .Where(c => c.Alertname == "DefenderTenantAccessDenied")
            .SelectMany(c => c.ExpAlerts ?? [])
            .Where(e => e.ExpLabels.GetValueOrDefault("reason") == "forbidden")
            .ToList();

        Assert.Equal(ContractMetrics.Collectors.Order(StringComparer.Ordinal), ContractMetrics.Permissions.Keys.Order(StringComparer.Ordinal));
        foreach (var (collector, permission) in ContractMetrics.Permissions)
        {
            var expected = fired.Where(e => e.ExpLabels.GetValueOrDefault("collector") == collector).ToList();
            Assert.True(expected.Count > 0, $"no test where a 403 of {collector} fires");
            Assert.All(expected, e =>
            {
                Assert.Equal(permission, e.ExpLabels["permission"]);
                Assert.Contains($"lacks the {permission} application permission", e.ExpAnnotations["description"], StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public void The_api_time_is_not_read_as_the_age_of_the_score()
    {
        // Microsoft documents the response's `time` as when the call was made, not when the score was computed.
        var rules = RuleFile.Load(RuleFile.ShippedPath).Groups.SelectMany(g => g.Rules);

        Assert.Empty(rules.Where(r => r.Expr.Contains("defender_device_secure_score_updated_timestamp_seconds", StringComparison.Ordinal)).Select(r => r.Alert ?? r.Record));
    }

    private static HashSet<string> RunbookAnchors() =>
        File.ReadAllLines(Infrastructure.RepoPaths.Combine("grafana", "alerts", "runbook.md"))
            .Where(line => line.StartsWith('#'))
            .Select(line => line.TrimStart('#').Trim().ToLowerInvariant())
            .ToHashSet();

    [GeneratedRegex(@"^Defender([A-Z][a-z0-9]+)+$")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"(?:[<>]=?|==|!=)\s*(?:bool\s+)?(?<n>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?![\w.])", RegexOptions.IgnoreCase)]
    private static partial Regex ComparisonWithNumber();

    [GeneratedRegex(@"\bby \((?<labels>[^)]*)\)")]
    private static partial Regex By();

    [GeneratedRegex(@"tenant:defender_[a-z0-9_]+:threshold")]
    private static partial Regex ThresholdRule();
}
