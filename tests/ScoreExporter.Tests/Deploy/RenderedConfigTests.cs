using System.Diagnostics;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DefenderSimulator;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// What the chart renders — the ConfigMap's config.json, the Secret's files, the container's args and environment —
/// fed to the built exporter on this machine against the simulator, with each mount path moved to a temporary
/// folder. If the chart and the program's configuration drift apart, the exporter refuses to start or scrapes nothing.
/// </summary>
public sealed class RenderedConfigTests
{
    private const double Score = 731.25;

    [Fact]
    public async Task Single_tenant_with_the_charts_secret_produces_a_working_exporter()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var chart = await RenderAgainstAsync(simulator, "single-tenant-secret-values.yaml");
        using var pod = MaterialisedPod.From(chart, existingSecret: null);

        // The simulator accepts exactly the secret the chart put in its Secret, under the client id of the config.
        var contoso = pod.Config["Defender"]!["Tenants"]![0]!;
        var secret = await File.ReadAllTextAsync((string)contoso["ClientSecretFile"]!);
        AddTenant(simulator, (string)contoso["TenantId"]!, (string)contoso["ClientId"]!, Score).ClientSecret = secret;

        var metrics = await RunExporterAsync(simulator, pod);

        Assert.Equal(Score, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso")));
    }

    [Fact]
    public async Task Many_tenants_from_an_existing_secret_sharing_one_app_or_using_a_certificate_produce_a_working_exporter()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var chart = await RenderAgainstAsync(simulator, "many-tenants-existing-secret-values.yaml");
        using var certificate = TestCertificates.Create("CN=woodgrove-exporter");
        using var pem = new TempDirectory();
        const string SharedSecret = "msp-secret-from-the-existing-secret";
        using var pod = MaterialisedPod.From(chart, existingSecret: new Dictionary<string, string>
        {
            ["msp-client-secret"] = SharedSecret,
            ["woodgrove.pem"] = File.ReadAllText(TestCertificates.WritePem(certificate, pem.Path)),
        });

        var defender = pod.Config["Defender"]!;
        var tenants = defender["Tenants"]!.AsArray().Select(t => t!).ToList();
        for (var i = 0; i < tenants.Count; i++)
        {
            var tenant = AddTenant(simulator, (string)tenants[i]["TenantId"]!, (string?)tenants[i]["ClientId"] ?? (string)defender["ClientId"]!, Score + i);
            if (tenants[i]["CertificatePath"] is null)
            {
                tenant.ClientSecret = SharedSecret;
            }
            else
            {
                tenant.ClientCertificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
            }
        }

        var metrics = await RunExporterAsync(simulator, pod);

        Assert.Equal(["contoso", "fabrikam", "northwind", "woodgrove"], tenants.Select(t => (string)t["Name"]!));
        for (var i = 0; i < tenants.Count; i++)
        {
            Assert.Equal(Score + i, metrics.Value("defender_device_secure_score", ("tenant", (string)tenants[i]["Name"]!)));
        }
    }

    [Fact]
    public async Task Workload_identity_with_the_webhooks_token_produces_a_working_exporter()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var chart = await RenderAgainstAsync(simulator, "workload-identity-values.yaml");
        using var pod = MaterialisedPod.From(chart, existingSecret: null);

        // What the Azure Workload Identity webhook adds to a pod labelled azure.workload.identity/use: "true":
        // the client id from the ServiceAccount's annotation and a projected service account token.
        var clientId = (string)chart.One("ServiceAccount")["metadata"]!["annotations"]!["azure.workload.identity/client-id"]!;
        var contoso = pod.Config["Defender"]!["Tenants"]![0]!;
        var token = "federated-" + Guid.NewGuid().ToString("N");
        var tokenFile = pod.HostPath("/var/run/secrets/azure/tokens/azure-identity-token");
        Directory.CreateDirectory(Path.GetDirectoryName(tokenFile)!);
        await File.WriteAllTextAsync(tokenFile, token);
        pod.Environment["AZURE_CLIENT_ID"] = clientId;
        pod.Environment["AZURE_TENANT_ID"] = (string)contoso["TenantId"]!;
        pod.Environment["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile;
        AddTenant(simulator, (string)contoso["TenantId"]!, clientId, Score).FederatedToken = token;

        var metrics = await RunExporterAsync(simulator, pod);

        Assert.Equal(Score, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
    }

    [Fact]
    public async Task Us_government_tenant_with_a_certificate_in_the_charts_secret_produces_a_working_exporter()
    {
        // The token endpoint grants only the GCC High scope: the chart's cloud setting must reach the exporter.
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { AcceptedScope = "https://api-gov.securitycenter.microsoft.us/.default" });
        using var certificate = TestCertificates.Create("CN=agency-exporter");
        using var pem = new TempDirectory();
        var chart = await RenderAgainstAsync(simulator, "us-gov-values.yaml", "--set-file", $"tenants[0].certificate={TestCertificates.WritePem(certificate, pem.Path)}");
        using var pod = MaterialisedPod.From(chart, existingSecret: null);

        var agency = pod.Config["Defender"]!["Tenants"]![0]!;
        Assert.Equal("UsGovGccHigh", (string?)pod.Config["Defender"]!["Cloud"]);
        AddTenant(simulator, (string)agency["TenantId"]!, (string)agency["ClientId"]!, Score).ClientCertificate = X509CertificateLoader.LoadCertificate(certificate.RawData);

        var metrics = await RunExporterAsync(simulator, pod);

        Assert.Equal(Score, metrics.Value("defender_device_secure_score", ("tenant", "agency")));
        Assert.Equal(1, metrics.Value("defender_tenant_info", ("tenant", "agency"), ("tenant_id", (string)agency["TenantId"]!), ("cloud", "UsGovGccHigh")));
    }

    [Fact]
    public async Task Every_collector_switched_on_through_the_chart_is_accepted_and_polls_the_defender_api_and_graph()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        // The values key of each collector is its configuration name in camel case; default intervals, so the
        // exporter's start-time rate check passes, and the first polls still come at start.
        var everyCollectorOn = CollectorCatalog.All.SelectMany(c => new[] { "--set", $"config.collectors.{char.ToLowerInvariant(c.ConfigName[0])}{c.ConfigName[1..]}.enabled=true" });
        var chart = await RenderAgainstAsync(simulator, "single-tenant-secret-values.yaml",
        [
            "--set", $"config.graphBaseUrl={simulator.ApiBaseUrl}",
            "--set", "config.pollInterval=00:05:00",
            "--set", "tenants[0].cloud=Commercial",
            .. everyCollectorOn,
            "--set", "config.collectors.secureScore.perControl=true",
            "--set", "config.collectors.recommendations.topN=3",
        ]);
        using var pod = MaterialisedPod.From(chart, existingSecret: null);

        var contoso = pod.Config["Defender"]!["Tenants"]![0]!;
        var tenant = AddTenant(simulator, (string)contoso["TenantId"]!, (string)contoso["ClientId"]!, Score);
        tenant.ClientSecret = await File.ReadAllTextAsync((string)contoso["ClientSecretFile"]!);
        tenant.Antivirus.Count = 40;
        tenant.Incidents.OpenCount = 7;

        var metrics = await RunExporterAsync(simulator, pod, collectors: CollectorCatalog.All.Count);

        Assert.Equal(
            ["antivirus", "configuration_score", "device_group_exposure_score", "devices", "exposure_score", "incidents", "recommendations", "secure_score"],
            metrics.All("defender_up", ("tenant", "contoso")).Select(s => s.Labels["collector"]).Order(StringComparer.Ordinal));
        Assert.Equal(Score, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.NotNull(metrics.Value("defender_secure_score", ("tenant", "contoso")));
        Assert.NotEmpty(metrics.All("defender_secure_score_control", ("tenant", "contoso")));
        Assert.Equal(3, metrics.All("defender_security_recommendation_top_exposed_devices", ("tenant", "contoso")).Count());
        Assert.Equal(7, metrics.All("defender_incidents", ("tenant", "contoso")).Sum(s => s.Value));
        Assert.Equal(40, metrics.All("defender_antivirus_devices", ("tenant", "contoso")).Sum(s => s.Value));
        Assert.True(simulator.Log.Count(tenant.TenantId, DefenderSimulator.ApiSurface.Graph) > 0, "the Graph collectors called config.graphBaseUrl");
        Assert.True(simulator.Log.Count(tenant.TenantId, DefenderEndpoint.SecureScoreControlProfiles) > 0, "PerControl reached the exporter: the control profiles were read");
    }

    [Fact]
    public async Task A_pod_of_the_sharded_StatefulSet_polls_only_the_tenants_of_the_shard_its_name_ends_in()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var chart = await RenderAgainstAsync(simulator, "sharded-values.yaml");
        const string SharedSecret = "msp-secret-for-every-shard";
        using var pod = MaterialisedPod.From(chart, existingSecret: new Dictionary<string, string> { ["msp-client-secret"] = SharedSecret });

        // Kubernetes names the StatefulSet's second pod <statefulset>-1 and sets it as the container's host name.
        var totalShards = (int)chart.Workload["spec"]!["replicas"]!;
        pod.Environment["HOSTNAME"] = $"{(string)chart.Workload["metadata"]!["name"]!}-1";
        var defender = pod.Config["Defender"]!;
        var tenants = defender["Tenants"]!.AsArray().Select(t => (Name: (string)t!["Name"]!, TenantId: (string)t["TenantId"]!)).ToList();
        for (var i = 0; i < tenants.Count; i++)
        {
            AddTenant(simulator, tenants[i].TenantId, (string)defender["ClientId"]!, Score + i).ClientSecret = SharedSecret;
        }

        var own = tenants.Where(t => ShardAssignment.ShardOf(t.Name, totalShards) == 1).ToList();
        var metrics = await RunExporterAsync(simulator, pod, own.Select(t => t.Name).ToList());

        Assert.Equal("rel-score-exporter-1", pod.Environment["HOSTNAME"]);
        Assert.InRange(own.Count, 1, tenants.Count - 1);
        var info = Assert.Single(metrics.All("defender_exporter_shard_info"));
        Assert.Equal(("1", totalShards.ToString(System.Globalization.CultureInfo.InvariantCulture)), (info.Labels["shard"], info.Labels["total_shards"]));
        Assert.Equal(own.Select(t => t.Name).Order(StringComparer.Ordinal), metrics.All("defender_tenant_info").Select(s => s.Labels["tenant"]).Order(StringComparer.Ordinal));
        Assert.Equal(own.Select(t => t.Name).Order(StringComparer.Ordinal), metrics.All("defender_device_secure_score").Select(s => s.Labels["tenant"]).Order(StringComparer.Ordinal));
        foreach (var (name, tenantId) in tenants)
        {
            var owned = own.Any(t => t.Name == name);
            Assert.True(owned == (simulator.Log.Count(tenantId, RequestKind.Api) > 0), $"{name}: owned by shard 1 {owned}, called {simulator.Log.Count(tenantId, RequestKind.Api)} times");
        }
    }

    private static SimulatedTenant AddTenant(SimulatorServer simulator, string tenantId, string clientId, double score)
    {
        var tenant = simulator.AddTenant(tenantId, clientId, clientSecret: null, score);
        tenant.SetScore(score, DateTimeOffset.UtcNow.AddMinutes(-3));
        return tenant;
    }

    // A 10 s interval makes the first polls come quickly; the rate budget the exporter checks at start allows it
    // for one collector only, so the other collectors are switched off through the chart's values.
    private static Task<RenderedChart> RenderAgainstAsync(SimulatorServer simulator, string valuesFile, params string[] extra) =>
        HelmChart.RenderAsync(valuesFile,
        [
            "--set", $"config.apiBaseUrl={simulator.ApiBaseUrl}",
            "--set", $"config.authorityHost={simulator.AuthorityHost}",
            "--set", "config.pollInterval=00:00:10",
            "--set", "config.collectors.exposureScore.enabled=false",
            "--set", "config.collectors.deviceGroupExposureScore.enabled=false",
            "--set", "config.collectors.devices.enabled=false",
            .. extra,
        ]);

    /// <summary>Runs `dotnet ScoreExporter.dll` with the pod's args and environment, and scrapes it once it is ready.</summary>
    /// <remarks>
    /// It waits for <paramref name="polled"/> to be up with <paramref name="collectors"/> collectors each: by default every
    /// tenant of config.json (a shard's own when sharded) and the one collector the chart's values leave on.
    /// </remarks>
    private static async Task<MetricsText> RunExporterAsync(SimulatorServer simulator, MaterialisedPod pod, IReadOnlyList<string>? polled = null, int collectors = 1)
    {
        var names = polled ?? pod.Config["Defender"]!["Tenants"]!.AsArray().Select(t => (string)t!["Name"]!).ToList();
        var caFile = pod.HostPath("/ca/simulator.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(caFile)!);
        await File.WriteAllTextAsync(caFile, simulator.TlsCertificate.ExportCertificatePem());

        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(ExporterProcess.DllPath);
        foreach (var arg in pod.Args)
        {
            start.ArgumentList.Add(arg);
        }

        // Kubernetes' port setting gives way to a free loopback port; the simulator's CA is trusted like a corporate one.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("Defender__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in pod.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["SSL_CERT_FILE"] = caFile;

        await using var exporter = new RunningProcess(start);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            MetricsText? metrics = null;
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(exporter.HasExited, "the exporter exited");
                    try
                    {
                        if (!(await http.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode)
                        {
                            return false;
                        }

                        metrics = MetricsText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
                        return names.All(name => metrics.All("defender_up", ("tenant", name)).Count(s => s.Value == 1) == collectors);
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"the exporter started from the rendered chart is ready and polls {string.Join(", ", names)} successfully",
                TimeSpan.FromSeconds(60));
            return metrics!;
        }
        catch (Exception failure)
        {
            throw new InvalidOperationException($"{failure.Message}\nconfig.json:\n{pod.Config.ToJsonString()}\nexporter output:\n{exporter.Output}", failure);
        }
    }

    /// <summary>
    /// The rendered pod laid out on this machine: each volume mount of the exporter container becomes a temporary
    /// folder holding what Kubernetes would put there, and every mount path in config.json and the args points there.
    /// </summary>
    private sealed class MaterialisedPod : IDisposable
    {
        private readonly TempDirectory root = new();
        private readonly List<(string MountPath, string HostPath)> mounts = [];

        public JsonNode Config { get; private set; } = new JsonObject();

        public List<string> Args { get; } = [];

        public Dictionary<string, string> Environment { get; } = [];

        public static MaterialisedPod From(RenderedChart chart, IDictionary<string, string>? existingSecret)
        {
            var pod = new MaterialisedPod();
            var volumes = chart.PodSpec["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
            foreach (var mount in chart.Container["volumeMounts"]!.AsArray())
            {
                var volume = volumes[(string)mount!["name"]!];
                if (volume["emptyDir"] is not null)
                {
                    continue; // scratch space; the exporter writes nothing
                }

                var mountPath = (string)mount["mountPath"]!;
                var hostPath = Path.Combine(pod.root.Path, "mount" + pod.mounts.Count);
                Directory.CreateDirectory(hostPath);
                pod.mounts.Add((mountPath, hostPath));
                if (volume["configMap"] is { } configMap)
                {
                    var data = chart.OfKind("ConfigMap").Single(c => (string?)c["metadata"]!["name"] == (string?)configMap["name"])["data"]!.AsObject();
                    foreach (var (key, value) in data)
                    {
                        File.WriteAllText(Path.Combine(hostPath, key), (string)value!);
                    }
                }
                else if (volume["secret"] is { } secret)
                {
                    var name = (string)secret["secretName"]!;
                    var rendered = chart.OfKind("Secret").SingleOrDefault(s => (string?)s["metadata"]!["name"] == name);
                    var files = rendered is not null
                        ? rendered["data"]!.AsObject().ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(Convert.FromBase64String((string)d.Value!)))
                        : existingSecret ?? throw new InvalidOperationException($"the pod mounts Secret {name}, which the chart does not render");
                    foreach (var (key, value) in files)
                    {
                        File.WriteAllText(Path.Combine(hostPath, key), value);
                    }
                }
                else
                {
                    throw new InvalidOperationException($"volume {mount["name"]} is neither a ConfigMap, a Secret nor an emptyDir");
                }
            }

            foreach (var arg in chart.Container["args"]!.AsArray())
            {
                pod.Args.Add(pod.Rewrite((string)arg!));
            }

            foreach (var variable in chart.Container["env"]!.AsArray())
            {
                Assert.True(variable!["valueFrom"] is null, $"env {variable["name"]} comes from valueFrom, which this test cannot reproduce");
                pod.Environment[(string)variable["name"]!] = (string)variable["value"]!;
            }

            var configPath = pod.Args[pod.Args.IndexOf("--config") + 1];
            File.WriteAllText(configPath, pod.Rewrite(File.ReadAllText(configPath)));
            pod.Config = JsonNode.Parse(File.ReadAllText(configPath))!;
            return pod;
        }

        /// <summary>Where a path inside the container lives in this layout.</summary>
        public string HostPath(string containerPath) =>
            containerPath.StartsWith(root.Path, StringComparison.Ordinal) ? containerPath : Path.Combine(root.Path, containerPath.TrimStart('/'));

        public void Dispose() => root.Dispose();

        /// <summary>Points every path under a mount at its folder here, in one pass so no path is rewritten twice.</summary>
        private string Rewrite(string text)
        {
            var mountPaths = string.Join('|', mounts.OrderByDescending(m => m.MountPath.Length).Select(m => Regex.Escape(m.MountPath)));
            return Regex.Replace(text, $"(?<![\\w./-])({mountPaths})/", match => mounts.Single(m => m.MountPath == match.Groups[1].Value).HostPath + "/");
        }
    }
}
