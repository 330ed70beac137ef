using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>The chart passes the real `helm lint --strict` and renders for every ci values file, and refuses bad values clearly.</summary>
public sealed class HelmChartTests
{
    public static TheoryData<string> CiValuesFiles => HelmChart.CiValuesFiles();

    /// <summary>bad-values/*.yaml: each starts with "# expect: <text the error must contain>".</summary>
    public static TheoryData<string> BadValuesFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("tests", "ScoreExporter.Tests", "Deploy", "bad-values"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Every_deployment_scenario_has_a_ci_values_file()
    {
        var files = ((IEnumerable<object[]>)HelmChart.CiValuesFiles()).Select(row => (string)row[0]).ToList();
        Assert.Equal(
            ["everything-values.yaml", "many-tenants-existing-secret-values.yaml", "sharded-values.yaml", "single-tenant-secret-values.yaml", "us-gov-values.yaml", "web-config-values.yaml", "workload-identity-values.yaml"],
            files);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Lint_strict_passes(string valuesFile)
    {
        var result = await HelmChart.LintAsync("--values", HelmChart.CiValues(valuesFile));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Template_renders_the_core_objects(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);

        foreach (var kind in new[] { "Service", "ServiceAccount", "ConfigMap", "Pod" })
        {
            Assert.NotEmpty(chart.OfKind(kind));
        }

        Assert.Single(chart.OfKind("Deployment").Concat(chart.OfKind("StatefulSet")));

        Assert.All(chart.Documents, d => Assert.StartsWith("rel-score-exporter", (string)d["metadata"]!["name"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Everything_switched_on_renders_every_optional_object()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");

        foreach (var kind in new[] { "ServiceMonitor", "PrometheusRule", "NetworkPolicy", "Secret" })
        {
            Assert.Single(chart.OfKind(kind));
        }

        Assert.Equal("1", (string?)chart.One("ConfigMap", "-dashboard")["metadata"]!["labels"]!["grafana_dashboard"]);
    }

    [Fact]
    public async Task With_the_graph_collectors_on_the_network_policy_still_allows_https_anywhere_unless_told_otherwise()
    {
        // Graph's hosts, like the Defender API's and the sign-in host, have no fixed addresses: port 443 stays open
        // to any destination unless networkPolicy.httpsTo narrows it.
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml",
            "--set", "networkPolicy.enabled=true",
            "--set", "config.collectors.secureScore.enabled=true",
            "--set", "config.collectors.incidents.enabled=true");

        var egress = chart.One("NetworkPolicy")["spec"]!["egress"]!.AsArray();
        var https = Assert.Single(egress, rule => rule!["ports"]?.AsArray().Any(p => (int?)p!["port"] == 443) == true);
        Assert.Null(https!["to"]);
    }

    [Fact]
    public async Task The_service_monitor_names_the_job_the_bundled_rules_and_dashboard_select()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var monitor = chart.One("ServiceMonitor")["spec"]!;
        var service = chart.OfKind("Service").Single(s => s["spec"]!["clusterIP"] is null);

        // Without jobLabel the Prometheus Operator names the job after the Service, here rel-score-exporter.
        var jobLabel = (string)monitor["jobLabel"]!;
        Assert.Equal("score-exporter", (string?)service["metadata"]!["labels"]![jobLabel]);
        foreach (var file in new[] { "defender-secure-score.rules.yaml", "defender-secure-score.json" })
        {
            var text = File.ReadAllText(RepoPaths.Combine("helm", "score-exporter", "files", file));
            Assert.Contains("job=\"score-exporter\"", text.Replace("\\\"", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Defaults_render_no_optional_object()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");

        foreach (var kind in new[] { "ServiceMonitor", "PrometheusRule", "NetworkPolicy" })
        {
            Assert.Empty(chart.OfKind(kind));
        }

        Assert.Single(chart.OfKind("ConfigMap"));
    }

    [Theory]
    [MemberData(nameof(BadValuesFiles))]
    public async Task Bad_values_are_rejected_with_a_clear_message(string file)
    {
        var path = RepoPaths.Combine("tests", "ScoreExporter.Tests", "Deploy", "bad-values", file);
        var expected = File.ReadLines(path).First();
        Assert.StartsWith("# expect: ", expected, StringComparison.Ordinal);
        expected = expected["# expect: ".Length..];

        var template = await HelmChart.TemplateAsync("--values", path);

        Assert.NotEqual(0, template.ExitCode);
        Assert.Contains(expected, template.Stderr, StringComparison.Ordinal);

        // Schema errors ("at '/path': ...") fail lint too; the templates' own cross-field checks (`fail`) stop
        // install and template, while Helm's lint mode only logs them.
        if (expected.StartsWith("at '", StringComparison.Ordinal))
        {
            var lint = await HelmChart.LintAsync("--values", path);
            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(expected, lint.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_kubernetes_older_than_the_chart_supports_is_refused()
    {
        var result = await ToolProcess.RunAsync(DeployTools.Helm,
            ["template", "rel", HelmChart.Path, "--kube-version", "1.24.17", "--values", HelmChart.CiValues("single-tenant-secret-values.yaml")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kubeVersion", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_packaged_chart_carries_its_files_and_installs_the_same()
    {
        using var temp = new TempDirectory();
        var package = await ToolProcess.RunAsync(DeployTools.Helm, ["package", HelmChart.Path, "--destination", temp.Path]);
        Assert.True(package.ExitCode == 0, package.Output);
        var archive = Assert.Single(Directory.GetFiles(temp.Path, "*.tgz"));

        var listing = await ToolProcess.RunAsync("tar", ["-tzf", archive]);
        var fromArchive = await ToolProcess.RunAsync(DeployTools.Helm,
            ["template", HelmChart.ReleaseName, archive, "--namespace", HelmChart.Namespace, "--kube-version", HelmChart.KubeVersion, "--values", HelmChart.CiValues("everything-values.yaml")]);
        var fromFolder = await HelmChart.TemplateAsync("--values", HelmChart.CiValues("everything-values.yaml"));

        Assert.Contains("score-exporter/files/defender-secure-score.rules.yaml", listing.Stdout, StringComparison.Ordinal);
        Assert.Contains("score-exporter/values.schema.json", listing.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sync-files.sh", listing.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, fromArchive.ExitCode);
        Assert.Equal(fromFolder.Stdout, fromArchive.Stdout);
    }

    [Fact]
    public async Task Chart_metadata_names_its_kubernetes_and_app_versions()
    {
        var result = await ToolProcess.RunAsync(DeployTools.Helm, ["show", "chart", HelmChart.Path]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kubeVersion: '>=1.25.0-0'", result.Stdout, StringComparison.Ordinal);
        var props = File.ReadAllText(RepoPaths.Combine("Directory.Build.props"));
        var version = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.Contains($"appVersion: {version}", result.Stdout, StringComparison.Ordinal);
    }
}
