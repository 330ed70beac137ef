using System.Text.RegularExpressions;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// grafana/mixin is the one source of the shipped dashboard and rule file: they are exactly what it renders, and its
/// _config (the series selector, the thresholds) reaches every query, rule and panel it should.
/// </summary>
public sealed partial class MixinTests
{
    private const string DefaultSelector = "job=\"score-exporter\"";

    private const string RenderHint = "run grafana/mixin/render.sh";

    [Fact]
    public async Task The_shipped_dashboard_and_rule_file_are_what_the_mixin_renders()
    {
        using var temp = new TempDirectory();

        await Mixin.RenderShippedAsync(temp.Path);

        var rendered = Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var shippedDashboards = Directory.GetFiles(RepoPaths.Combine("grafana", "dashboards"), "*.json").Select(Path.GetFileName);
        Assert.Equal(shippedDashboards.Append(Path.GetFileName(RuleFile.ShippedPath)).Order(StringComparer.Ordinal), rendered);
        foreach (var dashboard in shippedDashboards)
        {
            AssertSameBytes(RepoPaths.Combine("grafana", "dashboards", dashboard!), Path.Combine(temp.Path, dashboard!));
        }

        AssertSameBytes(RuleFile.ShippedPath, temp.File(Path.GetFileName(RuleFile.ShippedPath)));
    }

    [Theory]
    [InlineData("job=\"other\"")]
    [InlineData("namespace=\"x\",job=\"y\"")]
    public async Task A_changed_selector_reaches_every_dashboard_query_and_every_rule(string selector)
    {
        using var temp = new TempDirectory();

        var (dashboards, rules) = await Mixin.RenderAsync(temp.Path, $"{{scoreExporterSelector: '{selector}'}}");

        var dashboard = Dashboard.Parse(Assert.Single(dashboards).Value);
        var queries = dashboard.Queries.ToList();
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            AssertSelectedBy(selector, query.Expr, query.ToString());
        }

        foreach (var name in new[] { "job", "tenant" })
        {
            var variable = dashboard.Variable(name);
            AssertSelectedBy(selector, (string)variable["query"]!, $"${name}");
            Assert.Equal((string?)variable["query"], (string?)variable["definition"]);
        }

        var file = temp.File("rules.yaml");
        await File.WriteAllTextAsync(file, rules);
        var ruleList = RuleFile.Load(file).Groups.SelectMany(g => g.Rules).ToList();
        Assert.NotEmpty(ruleList);
        foreach (var rule in ruleList)
        {
            var name = rule.Alert ?? rule.Record!;
            if (ConstantDefault().IsMatch(rule.Expr))
            {
                // A threshold's default is a number: there is no series in it to select.
                Assert.Matches(DefaultThresholdRecord(), name);
                continue;
            }

            AssertSelectedBy(selector, rule.Expr, name);
        }

        var (exitCode, output) = await CommandLine.RunAsync(PrometheusTools.Promtool, ["check", "rules", "--lint=all", "--lint-fatal", file]);
        Assert.True(exitCode == 0, $"promtool check rules: exit {exitCode}\n{output}");
    }

    [Fact]
    public async Task A_changed_threshold_reaches_its_recording_rule_and_the_panels_that_draw_it()
    {
        using var temp = new TempDirectory();

        var (dashboards, rules) = await Mixin.RenderAsync(temp.Path, "{thresholds+: {secureScoreMinimum: 650}}");

        var minimum = RuleFile.Parse(rules).Recordings.Single(r => r.Record == "defender:secure_score_minimum:default");
        Assert.Equal("vector(650)", minimum.Expr.Trim());
        var dashboard = Dashboard.Parse(Assert.Single(dashboards).Value);
        foreach (var title in new[] { "Lowest score", "Current score per tenant", "Score over time" })
        {
            var steps = dashboard.Panels.Single(p => (string?)p["title"] == title)["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray();
            Assert.Equal(650, (double?)steps[^1]!["value"]);
        }
    }

    /// <summary>The expression names the selector, never the default one, and every exporter series in it carries the selector first.</summary>
    private static void AssertSelectedBy(string selector, string expr, string where)
    {
        Assert.True(expr.Contains(selector, StringComparison.Ordinal), $"{where}: `{expr}` lacks {selector}");
        Assert.False(expr.Contains(DefaultSelector, StringComparison.Ordinal), $"{where}: `{expr}` still has {DefaultSelector}");

        var matchers = ContractMetrics.SelectorsIn(expr).Select(s => (s.Name, s.Matchers))
            .Concat(UpSelector().Matches(expr).Select(m => ("up", m.Groups["matchers"].Value)))
            .ToList();
        Assert.NotEmpty(matchers);
        foreach (var (name, set) in matchers)
        {
            Assert.True(
                set == "{" + selector + "}" || set.StartsWith("{" + selector + ", ", StringComparison.Ordinal),
                $"{where}: {name}{set} does not start with the selector {selector}");
        }
    }

    private static void AssertSameBytes(string shipped, string rendered) =>
        Assert.True(File.ReadAllBytes(shipped).AsSpan().SequenceEqual(File.ReadAllBytes(rendered)), $"{shipped} is not what the mixin renders: {RenderHint}.");

    [GeneratedRegex(@"^\s*vector\(-?[0-9.e+]+\)\s*$")]
    private static partial Regex ConstantDefault();

    [GeneratedRegex(@"^defender:[a-z0-9_]+:default$")]
    private static partial Regex DefaultThresholdRecord();

    [GeneratedRegex(@"(?<![\w:])up\s*(?<matchers>\{[^}]*\}|)")]
    private static partial Regex UpSelector();
}
