using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>The rendered pod is locked down and probed the way the chart promises, for every ci values file.</summary>
public sealed class DeploymentSecurityTests
{
    public static TheoryData<string> CiValuesFiles => HelmChart.CiValuesFiles();

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Pod_runs_non_root_with_the_runtime_default_seccomp_profile(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);
        var pod = chart.PodSpec["securityContext"]!;

        Assert.True((bool)pod["runAsNonRoot"]!);
        Assert.NotEqual(0, (int)pod["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Container_has_a_read_only_root_no_capabilities_and_no_escalation(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);
        var container = chart.Container["securityContext"]!;

        Assert.True((bool)container["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["allowPrivilegeEscalation"]!);
        Assert.False((bool)container["privileged"]!);
        Assert.True((bool)container["runAsNonRoot"]!);
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        Assert.Null(container["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", (string?)container["seccompProfile"]!["type"]);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task The_service_account_token_is_mounted_only_for_workload_identity(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);
        var workloadIdentity = (string?)chart.Workload["spec"]!["template"]!["metadata"]!["labels"]!["azure.workload.identity/use"] == "true";

        Assert.Equal(workloadIdentity, valuesFile == "workload-identity-values.yaml");
        Assert.Equal(workloadIdentity, (bool)chart.PodSpec["automountServiceAccountToken"]!);
        Assert.Equal(workloadIdentity, (bool)chart.One("ServiceAccount")["automountServiceAccountToken"]!);
        Assert.False((bool)chart.One("Pod")["spec"]!["automountServiceAccountToken"]!);
    }

    [Fact]
    public async Task Workload_identity_annotates_and_labels_the_service_account()
    {
        var chart = await HelmChart.RenderAsync("workload-identity-values.yaml");
        var account = chart.One("ServiceAccount")["metadata"]!;

        Assert.Equal("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", (string?)account["annotations"]!["azure.workload.identity/client-id"]);
        Assert.Equal("true", (string?)account["labels"]!["azure.workload.identity/use"]);
        Assert.Equal("WorkloadIdentity", (string?)chart.ExporterConfig["Defender"]!["Credential"]);
        Assert.Null(chart.PodSpec["volumes"]!.AsArray().FirstOrDefault(v => (string?)v!["name"] == "secrets"));
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Probes_use_the_health_endpoints_and_never_metrics(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);

        Assert.Equal("/healthz", (string?)chart.Container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)chart.Container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal(9464, (int)chart.Container["ports"]![0]!["containerPort"]!);
        Assert.Equal("metrics", (string?)chart.Container["ports"]![0]!["name"]);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Resources_are_bounded(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);
        var resources = chart.Container["resources"]!;

        Assert.NotNull(resources["requests"]!["cpu"]);
        Assert.NotNull(resources["requests"]!["memory"]);
        Assert.NotNull(resources["limits"]!["memory"]);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Secrets_are_mounted_whole_read_only_so_rotation_reaches_the_files(string valuesFile)
    {
        var chart = await HelmChart.RenderAsync(valuesFile);
        var mounts = chart.Container["volumeMounts"]!.AsArray().Select(m => m!).ToList();

        Assert.All(mounts, m => Assert.Null(m["subPath"]));
        Assert.True((bool)mounts.Single(m => (string?)m["name"] == "config")["readOnly"]!);
        var secretMount = mounts.SingleOrDefault(m => (string?)m["name"] == "secrets");
        if (secretMount is not null)
        {
            Assert.True((bool)secretMount["readOnly"]!);
            var volume = chart.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "secrets")!;
            Assert.Equal(Convert.ToInt32("440", 8), (int)volume["secret"]!["defaultMode"]!);
        }
    }

    [Fact]
    public async Task Changed_settings_roll_the_pod_but_a_rotated_secret_does_not()
    {
        static async Task<string> Checksum(params string[] args) =>
            (string)(await HelmChart.RenderAsync("single-tenant-secret-values.yaml", args)).Deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]!;

        var baseline = await Checksum();
        var otherInterval = await Checksum("--set", "config.pollInterval=00:10:00");
        var otherSecret = await Checksum("--set", "tenants[0].clientSecret=rotated");

        Assert.Matches("^[0-9a-f]{64}$", baseline);
        Assert.NotEqual(baseline, otherInterval);
        Assert.Equal(baseline, otherSecret);
    }

    [Fact]
    public async Task The_helm_test_pod_is_locked_down_and_not_behind_the_service()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");
        var pod = chart.One("Pod");
        var selector = chart.One("Service")["spec"]!["selector"]!.AsObject();
        var labels = pod["metadata"]!["labels"]!.AsObject();

        Assert.Equal("test", (string?)pod["metadata"]!["annotations"]!["helm.sh/hook"]);
        Assert.False(selector.All(s => labels.TryGetPropertyValue(s.Key, out var v) && (string?)v == (string?)s.Value));
        var container = pod["spec"]!["containers"]![0]!["securityContext"]!;
        Assert.True((bool)container["readOnlyRootFilesystem"]!);
        Assert.False((bool)container["allowPrivilegeEscalation"]!);
        Assert.True((bool)pod["spec"]!["securityContext"]!["runAsNonRoot"]!);
    }

    [Fact]
    public async Task Network_policy_lets_only_scrapers_in_and_the_helm_test_too()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var policy = chart.One("NetworkPolicy")["spec"]!;
        var from = policy["ingress"]![0]!["from"]!.AsArray();

        Assert.Equal(["Ingress", "Egress"], policy["policyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("prometheus", (string?)from[0]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]);
        Assert.Equal("helm-test", (string?)from[1]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]);

        // tailspin uses a managed identity: its token comes from the instance metadata service.
        var egressTargets = policy["egress"]!.AsArray().SelectMany(e => e!["to"]?.AsArray() ?? []).Select(t => (string?)t!["ipBlock"]?["cidr"]);
        Assert.Contains("169.254.169.254/32", egressTargets);
    }

    [Fact]
    public async Task Service_monitor_selects_the_service_across_namespaces()
    {
        var chart = await HelmChart.RenderAsync("everything-values.yaml");
        var monitor = chart.One("ServiceMonitor");
        var service = chart.One("Service");

        Assert.Equal("monitoring", (string?)monitor["metadata"]!["namespace"]);
        Assert.Equal([HelmChart.Namespace], monitor["spec"]!["namespaceSelector"]!["matchNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("kube-prometheus-stack", (string?)monitor["metadata"]!["labels"]!["release"]);
        var serviceLabels = service["metadata"]!["labels"]!.AsObject();
        Assert.All(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string?)l.Value, (string?)serviceLabels[l.Key]));
        Assert.Equal("metrics", (string?)monitor["spec"]!["endpoints"]![0]!["port"]);
    }
}
