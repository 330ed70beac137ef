using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The dashboard's structure, checked against the conventions of Grafana's dashboard linter (templated data source
/// and job, every query filtered by job, $__rate_interval, units, titles and descriptions) and this exporter's
/// contract. That every query parses and returns data is checked against a real Prometheus elsewhere.
/// </summary>
public sealed partial class DashboardTests
{
    private const string DataSourceRef = "${datasource}";

    // Grafana unit ids used here; all exist in Grafana's value formats (packages/grafana-data valueFormats).
    private static readonly HashSet<string> KnownUnits = ["none", "short", "s", "dtdurations", "percent", "percentunit", "opm", "ops", "reqps", "cpm", "cps"];

    private static readonly string[] TenantLessMetrics = ["defender_exporter_build_info", "defender_exporter_shard_info"];

    // Status metrics carry one series per collector: a panel reading them keeps the collector or picks one.
    private static readonly string[] PerCollectorMetrics = ["defender_up", "defender_scrape_last_success_timestamp_seconds", "defender_scrape_duration_seconds"];

    private readonly Dashboard dashboard = Dashboard.LoadShipped();

    [Fact]
    public void Has_a_fixed_uid_a_title_and_a_current_schema()
    {
        Assert.Equal("defender-secure-score", (string?)dashboard.Root["uid"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Root["title"]));
        Assert.True((int?)dashboard.Root["schemaVersion"] >= 36, "schemaVersion below Grafana 9's");
        Assert.Null(dashboard.Root["id"]);
        Assert.Null(dashboard.Root["__inputs"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Root["refresh"]));
    }

    [Fact]
    public void Has_a_templated_prometheus_data_source()
    {
        var sources = dashboard.Variables.Where(v => (string?)v["type"] == "datasource").ToList();

        var source = Assert.Single(sources);
        Assert.Equal("datasource", (string?)source["name"]);
        Assert.Equal("prometheus", (string?)source["query"]);
    }

    [Theory]
    [InlineData("job", "label_values(defender_exporter_build_info{job=\"score-exporter\"}, job)")]
    [InlineData("tenant", "label_values(defender_tenant_info{job=\"score-exporter\", job=~\"$job\"}, tenant)")]
    public void Job_and_tenant_are_multi_select_query_variables_with_all_as_a_regex(string name, string query)
    {
        var variable = dashboard.Variable(name);

        Assert.Equal("query", (string?)variable["type"]);
        Assert.Equal(DataSourceRef, (string?)variable["datasource"]?["uid"]);
        Assert.Equal(query, QueryOf(variable));
        Assert.True((bool?)variable["multi"], $"${name} is not multi-select");
        Assert.True((bool?)variable["includeAll"], $"${name} has no All");
        Assert.Equal(".+", (string?)variable["allValue"]);
        Assert.Equal(2, (int?)variable["refresh"]); // on time range change: tenants come and go
    }

    [Fact]
    public void Panel_ids_are_unique_and_the_grid_is_sane()
    {
        var panels = dashboard.AllPanels;
        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => (int?)p["id"]).Distinct().Count());

        var boxes = new List<(int Id, int X, int Y, int W, int H)>();
        foreach (var panel in panels)
        {
            var id = (int)panel["id"]!;
            var grid = panel["gridPos"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"panel {id} has no gridPos");
            var (x, y, w, h) = ((int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
            Assert.True(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, $"panel {id}: gridPos {grid.ToJsonString()} is off the 24-column grid");
            boxes.Add((id, x, y, w, h));
        }

        var overlaps = from a in boxes
                       from b in boxes
                       where a.Id < b.Id && a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H
                       select $"panels {a.Id} and {b.Id} overlap";
        Assert.Empty(overlaps);
    }

    [Fact]
    public void Every_panel_has_a_title_a_description_the_templated_data_source_a_unit_and_thresholds()
    {
        foreach (var panel in dashboard.Panels)
        {
            var id = (int)panel["id"]!;
            Assert.False(string.IsNullOrWhiteSpace((string?)panel["title"]), $"panel {id}: no title");
            Assert.False(string.IsNullOrWhiteSpace((string?)panel["description"]), $"panel {id}: no description");
            Assert.Equal(DataSourceRef, (string?)panel["datasource"]?["uid"]);
            Assert.Equal("prometheus", (string?)panel["datasource"]?["type"]);

            var defaults = panel["fieldConfig"]?["defaults"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"panel {id}: no field defaults");
            Assert.Contains((string?)defaults["unit"] ?? "(none set)", KnownUnits);
            var steps = defaults["thresholds"]?["steps"]?.AsArray() ?? throw new Xunit.Sdk.XunitException($"panel {id}: no thresholds");
            Assert.NotEmpty(steps);
            Assert.Null(steps[0]!["value"]); // the base step

            var overrideUnits = (panel["fieldConfig"]?["overrides"]?.AsArray() ?? [])
                .SelectMany(o => o!["properties"]!.AsArray())
                .Where(p => (string?)p!["id"] == "unit")
                .Select(p => (string?)p!["value"] ?? string.Empty);
            Assert.All(overrideUnits, unit => Assert.Contains(unit, KnownUnits));
        }
    }

    [Fact]
    public void Every_target_has_an_expression_a_unique_ref_id_and_the_templated_data_source()
    {
        foreach (var panel in dashboard.Panels)
        {
            var id = (int)panel["id"]!;
            var targets = (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            Assert.True(targets.Count > 0, $"panel {id}: no targets");
            Assert.Equal(targets.Count, targets.Select(t => (string?)t["refId"]).Distinct().Count());
            foreach (var target in targets)
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)target["expr"]), $"panel {id} {target["refId"]}: no expr");
                Assert.False(string.IsNullOrWhiteSpace((string?)target["refId"]), $"panel {id}: target without refId");
                Assert.Equal(DataSourceRef, (string?)target["datasource"]?["uid"]);
            }
        }
    }

    [Fact]
    public void Every_exporter_selector_is_filtered_by_job_and_by_tenant_where_it_has_one()
    {
        foreach (var query in dashboard.Queries)
        {
            var selectors = ContractMetrics.SelectorsIn(query.Expr).ToList();
            Assert.True(selectors.Count > 0 || query.Expr.Contains("up{", StringComparison.Ordinal), $"{query}: uses no exporter metric");
            foreach (var (name, matchers) in selectors)
            {
                Assert.Contains(name, ContractMetrics.Names);
                Assert.True(matchers.Contains("job=~\"$job\"", StringComparison.Ordinal), $"{query}: {name} is not filtered by $job");
                Assert.True(TenantLessMetrics.Contains(name) || matchers.Contains("tenant=~\"$tenant\"", StringComparison.Ordinal), $"{query}: {name} is not filtered by $tenant");
            }

            Assert.DoesNotMatch(UnfilteredUp(), query.Expr);
        }
    }

    [Fact]
    public void Rates_use_rate_interval_and_only_defined_variables_are_referenced()
    {
        var defined = dashboard.Variables.Select(v => (string)v["name"]!).Concat(["__rate_interval", "__interval"]).ToHashSet();

        foreach (var query in dashboard.Queries)
        {
            foreach (Match window in RateWindow().Matches(query.Expr))
            {
                Assert.True(window.Groups["window"].Value == "$__rate_interval", $"{query}: {window.Value} should use [$__rate_interval]");
            }

            Assert.Empty(GrafanaVariables.ReferencedBy(query.Expr).Where(v => !defined.Contains(v)).Select(v => $"{query}: ${v} is not defined"));
        }
    }

    [Fact]
    public void Recording_rules_the_dashboard_reads_are_in_the_shipped_rule_file()
    {
        var recorded = RuleFile.Load(RuleFile.ShippedPath).Recordings.Select(r => r.Record!).ToHashSet();

        var used = dashboard.Queries.SelectMany(q => RecordedSeries().Matches(q.Expr).Select(m => (q, m.Value))).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, u => Assert.True(recorded.Contains(u.Value), $"{u.q}: {u.Value} is not recorded by the rule file"));
    }

    [Fact]
    public void Per_tenant_charts_are_limited_so_500_tenants_stay_readable()
    {
        foreach (var panel in dashboard.Panels.Where(p => (string?)p["type"] is "timeseries" or "stat"))
        {
            foreach (var target in panel["targets"]!.AsArray().OfType<JsonObject>())
            {
                if (((string?)target["legendFormat"] ?? string.Empty).Contains("{{tenant}}", StringComparison.Ordinal))
                {
                    Assert.Contains("$limit", (string?)target["expr"] ?? string.Empty, StringComparison.Ordinal);
                }
            }
        }

        var limit = dashboard.Variable("limit");
        Assert.Contains("500", (string?)limit["query"] ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_columns_are_renamed_from_queries_that_exist()
    {
        foreach (var panel in dashboard.Panels.Where(p => (string?)p["type"] == "table"))
        {
            var refIds = panel["targets"]!.AsArray().Select(t => (string?)t!["refId"]).ToHashSet();
            var renames = (panel["transformations"]?.AsArray() ?? [])
                .Where(t => (string?)t!["id"] == "organize")
                .SelectMany(t => t!["options"]?["renameByName"]?.AsObject() ?? [])
                .Select(r => r.Key)
                .Where(k => k.StartsWith("Value #", StringComparison.Ordinal));
            Assert.All(renames, column => Assert.Contains(column["Value #".Length..], refIds));
        }
    }

    [Theory]
    [InlineData("stat", "Current score per tenant")]
    [InlineData("timeseries", "Score over time")]
    [InlineData("table", "Change over 1d / 7d / 30d")]
    [InlineData("table", "Tenants, lowest score first")]
    [InlineData("stat", "Highest exposure score")]
    [InlineData("timeseries", "Exposure score over time")]
    [InlineData("table", "Exposure by device group")]
    [InlineData("bargauge", "Devices by exposure level")]
    [InlineData("timeseries", "Device health over time")]
    [InlineData("table", "Blind devices per group")]
    [InlineData("stat", "Microsoft Secure Score per tenant")]
    [InlineData("timeseries", "Microsoft Secure Score over time")]
    [InlineData("bargauge", "Microsoft Secure Score by category")]
    [InlineData("table", "Compared with the averages")]
    [InlineData("table", "Microsoft Secure Score controls")]
    [InlineData("stat", "Unassigned high-severity incidents")]
    [InlineData("stat", "Oldest open high-severity incident")]
    [InlineData("bargauge", "Open incidents by severity")]
    [InlineData("table", "Open incidents per tenant and severity")]
    [InlineData("stat", "Secure Score for Devices points available")]
    [InlineData("table", "Points available per tenant")]
    [InlineData("bargauge", "Exposed devices by category and remediation")]
    [InlineData("bargauge", "Recommendations with a public exploit")]
    [InlineData("table", "Top recommendations by exposure impact")]
    [InlineData("stat", "Oldest antivirus signatures")]
    [InlineData("bargauge", "Devices not up to date")]
    [InlineData("bargauge", "Devices by antivirus mode")]
    [InlineData("table", "Antivirus per device group")]
    [InlineData("timeseries", "Time since last successful poll")]
    [InlineData("timeseries", "Poll errors by reason")]
    [InlineData("timeseries", "Last poll duration per collector")]
    [InlineData("table", "Collector status")]
    [InlineData("stat", "Exporter up")]
    [InlineData("table", "Exporter build")]
    [InlineData("table", "Tenants per shard")]
    [InlineData("timeseries", "Poll success per shard")]
    public void Has_the_panels_a_security_lead_needs(string type, string title)
    {
        var panel = dashboard.Panels.SingleOrDefault(p => (string?)p["title"] == title);

        Assert.NotNull(panel);
        Assert.Equal(type, (string?)panel["type"]);
    }

    [Fact]
    public void The_current_score_stat_draws_a_sparkline_and_the_ranked_table_sorts_lowest_first()
    {
        var stat = dashboard.Panels.Single(p => (string?)p["title"] == "Current score per tenant");
        Assert.Equal("area", (string?)stat["options"]?["graphMode"]);

        var table = dashboard.Panels.Single(p => (string?)p["title"] == "Tenants, lowest score first");
        var sort = table["transformations"]!.AsArray().Single(t => (string?)t!["id"] == "sortBy")!["options"]!["sort"]![0]!;
        Assert.Equal("Score", (string?)sort["field"]);
        Assert.False((bool?)sort["desc"]);
        var columns = table["transformations"]!.AsArray().Single(t => (string?)t!["id"] == "organize")!["options"]!["renameByName"]!.AsObject()
            .Select(r => (string?)r.Value).ToList();
        Assert.Contains("Changes in 7d", columns);
        Assert.Contains("Last successful fetch", columns);
        Assert.DoesNotContain("Score age", columns);
    }

    [Fact]
    public void The_api_time_is_never_shown_as_the_age_of_the_score()
    {
        // Microsoft documents the response's `time` as when the call was made, not when the score was computed.
        Assert.Empty(dashboard.Queries.Where(q => q.Expr.Contains("defender_device_secure_score_updated_timestamp_seconds", StringComparison.Ordinal)).Select(q => q.ToString()));
        Assert.Empty(dashboard.AllPanels.Where(p => ((string?)p["title"] + (string?)p["description"]).Contains("computed", StringComparison.OrdinalIgnoreCase)).Select(p => (string?)p["title"]));
    }

    [Theory]
    [InlineData("Highest exposure score")]
    [InlineData("Exposure score over time")]
    [InlineData("Exposure by device group")]
    public void Exposure_panels_draw_microsofts_bands(string title)
    {
        var panel = dashboard.Panels.Single(p => (string?)p["title"] == title);

        var steps = panel["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray().Select(s => (double?)s!["value"]).ToList();

        Assert.Equal([null, 30, 70], steps);
    }

    [Fact]
    public void Status_metrics_are_read_per_collector()
    {
        var reads = dashboard.Queries
            .SelectMany(q => ContractMetrics.SelectorsIn(q.Expr).Where(s => PerCollectorMetrics.Contains(s.Name)).Select(s => (Query: q, s.Name, s.Matchers)))
            .ToList();

        Assert.NotEmpty(reads);
        foreach (var (query, name, matchers) in reads)
        {
            var aggregated = AggregationOf(name).Matches(query.Expr).Where(m => m.Groups["matchers"].Value == matchers).ToList();
            Assert.True(aggregated.Count > 0, $"{query}: {name} is not aggregated directly");
            Assert.All(aggregated, m => Assert.True(
                m.Groups["by"].Value.Contains("collector", StringComparison.Ordinal) || matchers.Contains("collector=", StringComparison.Ordinal),
                $"{query}: {m.Value} mixes collectors"));
        }
    }

    [Fact]
    public void Device_counts_are_deduplicated_across_replicas_before_they_are_summed()
    {
        var reads = dashboard.Queries.Where(q => q.Expr.Contains("defender_devices{", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(reads);
        foreach (var query in reads)
        {
            var selectors = ContractMetrics.SelectorsIn(query.Expr).Count(s => s.Name == "defender_devices");
            var deduplicated = DeviceDeduplication().Count(query.Expr);
            Assert.True(selectors == deduplicated, $"{query}: {selectors - deduplicated} defender_devices selectors summed without max by every label but instance");
        }
    }

    [Fact]
    public void Shard_panels_join_tenants_and_polls_with_the_shard_of_their_instance()
    {
        var shardQueries = dashboard.Queries.Where(q => q.Expr.Contains("defender_exporter_shard_info", StringComparison.Ordinal)).ToList();

        Assert.Contains(shardQueries, q => q.Expr.Contains("defender_tenant_info", StringComparison.Ordinal));
        Assert.Contains(shardQueries, q => q.Expr.Contains("defender_up", StringComparison.Ordinal));
        Assert.All(
            shardQueries.Where(q => q.Expr.Contains("defender_tenant_info", StringComparison.Ordinal) || q.Expr.Contains("defender_up", StringComparison.Ordinal)),
            q => Assert.Contains("on (job, instance) group_left (shard, total_shards)", q.Expr, StringComparison.Ordinal));
    }

    private static string? QueryOf(JsonObject variable) => variable["query"] switch
    {
        JsonObject query => (string?)query["query"],
        var query => (string?)query,
    };

    private static Regex AggregationOf(string metric) => new(
        @"\b(?:max|min|avg|sum|count) by \((?<by>[^)]*)\) \(" + Regex.Escape(metric) + @"(?<matchers>\{[^}]*\})",
        RegexOptions.None,
        TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"max by \(tenant, device_group, os_platform, health_status, onboarding_status, risk_score, exposure_level\) \(defender_devices\{")]
    private static partial Regex DeviceDeduplication();

    [GeneratedRegex(@"\b(?:rate|irate|increase)\((?<inner>[^\[]*)\[(?<window>[^\]]+)\]")]
    private static partial Regex RateWindow();

    [GeneratedRegex(@"(?<![\w:])up(?!\{[^}]*job=~""\$job"")(?:\{|\s|\))")]
    private static partial Regex UnfilteredUp();

    [GeneratedRegex(@"\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b")]
    private static partial Regex RecordedSeries();
}
