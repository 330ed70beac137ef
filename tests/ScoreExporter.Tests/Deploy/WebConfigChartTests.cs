using System.Text;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Web;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// webConfig: the exporter-toolkit web configuration file from a Secret, mounted whole and passed to the exporter;
/// probes over HTTPS (TCP when client certificates are required); a ServiceMonitor that scrapes with TLS and basic auth.
/// </summary>
public sealed class WebConfigChartTests
{
    private const string ValuesFile = "web-config-values.yaml";

    [Fact]
    public async Task The_inline_file_is_a_secret_the_exporter_reads_and_is_passed_with_its_certificates_mounted_whole()
    {
        var chart = await HelmChart.RenderAsync(ValuesFile);
        Assert.Empty(chart.Problems);

        var secret = chart.One("Secret", "-web");
        var content = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["web.yml"]!));
        var parsed = WebConfigurationReader.Parse(content, "/var/run/secrets/score-exporter-web/web.yml");
        Assert.Equal("/var/run/secrets/score-exporter-tls/tls.crt", parsed.Tls!.CertFile);
        Assert.Equal(["prometheus"], parsed.Users.Keys);

        var args = chart.Container["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal("/var/run/secrets/score-exporter-web/web.yml", args[args.IndexOf("--web.config.file") + 1]);
        var mounts = chart.Container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);
        Assert.Equal("/var/run/secrets/score-exporter-web", (string?)mounts["web-config"]["mountPath"]);
        Assert.Equal("/var/run/secrets/score-exporter-tls", (string?)mounts["web-tls"]["mountPath"]);
        Assert.All(new[] { mounts["web-config"], mounts["web-tls"] }, m => Assert.True((bool)m["readOnly"]! && m["subPath"] is null));
        var volumes = chart.PodSpec["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        Assert.Equal((string?)secret["metadata"]!["name"], (string?)volumes["web-config"]["secret"]!["secretName"]);
        Assert.Equal("score-exporter-tls", (string?)volumes["web-tls"]["secret"]!["secretName"]);
    }

    [Fact]
    public async Task Probes_use_https_and_the_service_monitor_scrapes_with_tls_and_basic_auth()
    {
        var chart = await HelmChart.RenderAsync(ValuesFile);

        Assert.Equal("HTTPS", (string?)chart.Container["livenessProbe"]!["httpGet"]!["scheme"]);
        Assert.Equal("HTTPS", (string?)chart.Container["readinessProbe"]!["httpGet"]!["scheme"]);
        var endpoint = chart.One("ServiceMonitor")["spec"]!["endpoints"]![0]!;
        Assert.Equal("https", (string?)endpoint["scheme"]);
        Assert.Equal("ca.crt", (string?)endpoint["tlsConfig"]!["ca"]!["secret"]!["key"]);
        Assert.Equal("prometheus-scrape-client", (string?)endpoint["tlsConfig"]!["keySecret"]!["name"]);
        Assert.Equal("score-exporter-scrape-auth", (string?)endpoint["basicAuth"]!["password"]!["name"]);
        Assert.Contains("/readyz", (string)chart.One("Pod")["spec"]!["containers"]![0]!["command"]![2]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_client_certificates_turn_the_probes_into_tcp_checks()
    {
        var chart = await HelmChart.RenderAsync(ValuesFile, "--set", "webConfig.clientCertificateRequired=true");

        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
        {
            Assert.Null(chart.Container[probe]!["httpGet"]);
            Assert.Equal("metrics", (string?)chart.Container[probe]!["tcpSocket"]!["port"]);
        }

        Assert.Empty(chart.Problems);
    }

    [Fact]
    public async Task An_existing_secret_is_mounted_and_the_chart_makes_none()
    {
        var chart = await HelmChart.RenderAsync(ValuesFile, "--set", "webConfig.content=", "--set", "webConfig.existingSecret=my-web-config", "--set", "webConfig.key=config.yml");

        Assert.DoesNotContain(chart.OfKind("Secret"), s => ((string)s["metadata"]!["name"]!).EndsWith("-web", StringComparison.Ordinal));
        var volume = chart.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "web-config")!;
        Assert.Equal("my-web-config", (string?)volume["secret"]!["secretName"]);
        var args = chart.Container["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal("/var/run/secrets/score-exporter-web/config.yml", args[args.IndexOf("--web.config.file") + 1]);
    }

    [Fact]
    public async Task Without_web_config_nothing_changes()
    {
        var chart = await HelmChart.RenderAsync("single-tenant-secret-values.yaml");

        Assert.DoesNotContain("--web.config.file", chart.Container["args"]!.AsArray().Select(a => (string)a!));
        Assert.Null(chart.Container["livenessProbe"]!["httpGet"]!["scheme"]);
        Assert.DoesNotContain(chart.PodSpec["volumes"]!.AsArray(), v => ((string)v!["name"]!).StartsWith("web-", StringComparison.Ordinal));
    }
}
