using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;
using ScoreExporter.Web;

namespace ScoreExporter.Tests.Web;

/// <summary>
/// Each web configuration fixture under Fixtures/web/bad starts with the exact line the exporter must print
/// (<c># expect:</c>, with <c>{file}</c> and <c>{dir}</c> for where the fixture lies); good ones must be read whole.
/// </summary>
public sealed class WebConfigurationFixtureTests
{
    private const string ExpectPrefix = "# expect: ";

    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "web");

    private static readonly string DefenderConfig = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config", "good", "single-tenant-secret.json");

    public static TheoryData<string> BadFixtures() => new(Directory.GetFiles(Path.Combine(FixtureDir, "bad"), "*.yml").Select(Path.GetFileName)!);

    public static TheoryData<string> GoodFixtures() => new(Directory.GetFiles(Path.Combine(FixtureDir, "good"), "*.yml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(BadFixtures))]
    public async Task Bad_web_configuration_exits_with_code_2_and_one_line_naming_the_key(string fixture)
    {
        var path = Path.Combine(FixtureDir, "bad", fixture);
        var expected = File.ReadLines(path).First()[ExpectPrefix.Length..]
            .Replace("{file}", path, StringComparison.Ordinal)
            .Replace("{dir}", Path.GetDirectoryName(path), StringComparison.Ordinal);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exitCode = await ExporterHost.RunAsync(
            ["--config", DefenderConfig, "--web.config.file", path, "--urls", "http://127.0.0.1:0"], stdout, stderr, AppContext.BaseDirectory, bound.Token);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal($"configuration error: {expected}", Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [MemberData(nameof(GoodFixtures))]
    public void Good_web_configuration_is_read_whole(string fixture)
    {
        var configuration = WebConfigurationReader.Read(Path.Combine(FixtureDir, "good", fixture));

        switch (fixture)
        {
            case "tls-client-certificates-and-basic-auth.yml":
                var tls = configuration.Tls!;
                Assert.Equal(("/etc/score-exporter/tls/tls.crt", "/etc/score-exporter/tls/tls.key", "/etc/score-exporter/tls/ca.crt"), (tls.CertFile, tls.KeyFile, tls.ClientCaFile));
                Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, tls.ClientAuth);
                Assert.Equal(["prometheus.monitoring.svc"], tls.ClientAllowedSans!);
                Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, tls.Protocols);
                Assert.Equal(["prometheus"], configuration.Users.Keys);
                Assert.Equal("nosniff", configuration.Headers["X-Content-Type-Options"]);
                break;
            case "basic-auth-only.yml":
                Assert.Null(configuration.Tls);
                Assert.Equal(["alice", "bob"], configuration.Users.Keys.Order());
                break;
            case "empty.yml":
                Assert.Equal(WebConfiguration.None, configuration);
                break;
            default:
                Assert.Fail($"{fixture} has no expectations here");
                break;
        }
    }

    [Fact]
    public async Task The_built_exporter_exits_2_on_a_web_configuration_file_that_does_not_exist()
    {
        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(
            ["--config", DefenderConfig, "--web.config.file", "/nonexistent/web.yml", "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            "configuration error: Web:ConfigFile '/nonexistent/web.yml' does not exist: give the path of a web configuration file (exporter-toolkit YAML), or unset it.",
            stderr.TrimEnd());
    }
}
