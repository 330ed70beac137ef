using System.Text.Json.Nodes;
using DefenderSimulator;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>
/// Builds the real Dockerfile (against stand-in base images made from this machine's .NET, as no registry can be
/// reached), runs the image non-root with a read-only root filesystem on the host network, and scrapes the
/// simulator's scores from it.
/// </summary>
[Collection(CpuHeavy.Name)]
public sealed class DockerImageTests(DockerImageTests.BuiltImage image) : IClassFixture<DockerImageTests.BuiltImage>
{
    private const string ImageTag = "score-exporter-ci:test";
    private const string Version = "9.8.7-ci";
    private const string ContainerUser = "64198:64198";

    [Fact]
    public async Task Image_metadata_shows_the_non_root_user_the_port_and_the_oci_labels()
    {
        var docker = await image.ReadyAsync();
        var inspect = await docker.DockerAsync(TimeSpan.FromSeconds(30), "image", "inspect", ImageTag);
        Assert.Equal(0, inspect.ExitCode);
        var config = JsonNode.Parse(inspect.Stdout)![0]!["Config"]!;

        Assert.Equal("1654:1654", (string?)config["User"]);
        Assert.NotNull(config["ExposedPorts"]!["9464/tcp"]);
        Assert.Equal(["/app/ScoreExporter"], config["Entrypoint"]!.AsArray().Select(e => (string)e!));
        Assert.Contains("DOTNET_EnableDiagnostics=0", config["Env"]!.AsArray().Select(e => (string)e!));
        var labels = config["Labels"]!;
        Assert.Equal(Version, (string?)labels["org.opencontainers.image.version"]);
        Assert.Equal(image.Revision, (string?)labels["org.opencontainers.image.revision"]);
        Assert.Equal("score-exporter", (string?)labels["org.opencontainers.image.title"]);
        Assert.Equal(image.RuntimeImage, (string?)labels["org.opencontainers.image.base.name"]);
        Assert.False(string.IsNullOrEmpty((string?)labels["org.opencontainers.image.description"]));
    }

    [Fact]
    public async Task Image_has_no_shell()
    {
        var docker = await image.ReadyAsync();

        var shell = await docker.DockerAsync(TimeSpan.FromMinutes(1), "run", "--rm", "--network", "host", "--entrypoint", "/bin/sh", ImageTag, "-c", "true");

        Assert.NotEqual(0, shell.ExitCode);
    }

    [Fact]
    public async Task Container_runs_non_root_read_only_and_serves_the_simulators_scores()
    {
        var docker = await image.ReadyAsync();
        var revision = image.Revision;
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "container-secret-" + revision);
        tenant.SetScore(512.5, DateTimeOffset.UtcNow.AddMinutes(-3));
        using var files = new TempDirectory();
        await File.WriteAllTextAsync(files.File("ca.pem"), simulator.TlsCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(files.File("client-secret"), tenant.ClientSecret);
        await File.WriteAllTextAsync(files.File("config.json"), new JsonObject
        {
            ["Defender"] = new JsonObject
            {
                ["ApiBaseUrl"] = simulator.ApiBaseUrl.ToString(),
                ["AuthorityHost"] = simulator.AuthorityHost.ToString(),
                ["PollInterval"] = "00:00:30", // the shortest the default collectors' call budget allows
                ["Tenants"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "contoso",
                    ["TenantId"] = tenant.TenantId,
                    ["ClientId"] = tenant.ClientId,
                    ["ClientSecretFile"] = "/config/client-secret",
                }),
            },
        }.ToJsonString());

        var port = FreePort.Next();
        var run = await docker.DockerAsync(TimeSpan.FromMinutes(1),
            "run", "--detach", "--name", "score-exporter-ci", "--network", "host",
            "--read-only", "--user", ContainerUser, "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--volume", $"{files.Path}:/config:ro",
            "--env", "SSL_CERT_FILE=/config/ca.pem", "--env", $"ASPNETCORE_HTTP_PORTS={port}",
            ImageTag, "--config", "/config/config.json");
        Assert.True(run.ExitCode == 0, $"docker run: {run.Output}");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        return (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the container answers /readyz",
                TimeSpan.FromSeconds(60));

            var metrics = MetricsText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            Assert.Equal(512.5, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "configuration_score")));
            Assert.Equal(1, metrics.Value("defender_exporter_build_info", ("version", Version), ("revision", revision)));
        }
        catch (Exception failure)
        {
            var logs = await docker.DockerAsync(TimeSpan.FromSeconds(30), "logs", "score-exporter-ci");
            throw new InvalidOperationException($"container failed: {failure.Message}\ncontainer log:\n{logs.Output}", failure);
        }

        var state = JsonNode.Parse((await docker.DockerAsync(TimeSpan.FromSeconds(30), "container", "inspect", "score-exporter-ci")).Stdout)![0]!;
        Assert.True((bool)state["State"]!["Running"]!);
        Assert.True((bool)state["HostConfig"]!["ReadonlyRootfs"]!);
        Assert.Equal(ContainerUser, (string?)state["Config"]!["User"]);
    }

    /// <summary>
    /// The image, built once for the class in a dockerd of the tests' own from stand-in base images made from this
    /// machine's .NET (no registry can be reached); the daemon is stopped afterwards.
    /// </summary>
    public sealed class BuiltImage : IAsyncLifetime
    {
        private Task<DockerDaemon>? ready;
        private DockerDaemon? daemon;

        public string Revision { get; } = Guid.NewGuid().ToString("N")[..12];

        public string RuntimeImage { get; private set; } = string.Empty;

        /// <summary>The daemon holding the built image; throws the build's failure in every test that needs it.</summary>
        public Task<DockerDaemon> ReadyAsync() => ready!;

        public Task InitializeAsync()
        {
            ready = BuildAsync();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            if (ready is not null)
            {
                try
                {
                    await ready;
                }
                catch (InvalidOperationException)
                {
                    // Reported by the tests.
                }
            }

            if (daemon is not null)
            {
                await daemon.DisposeAsync();
            }
        }

        private async Task<DockerDaemon> BuildAsync()
        {
            daemon = await DockerDaemon.StartAsync();
            var standIns = await ToolProcess.RunAsync("bash", [RepoPaths.Combine("docker", "stand-in", "build-stand-in-images.sh")],
                environment: daemon.Environment, timeout: TimeSpan.FromMinutes(5));
            if (standIns.ExitCode != 0)
            {
                throw new InvalidOperationException($"stand-in base images: {standIns.Output}\n{daemon.Log}");
            }

            var (sdkImage, runtimeImage) = (standIns.Stdout.Split('\n')[0].Trim(), standIns.Stdout.Split('\n')[1].Trim());
            RuntimeImage = runtimeImage;

            string[] buildArgs =
            [
                "build", "--network", "host", "--tag", ImageTag,
                "--build-arg", $"SDK_IMAGE={sdkImage}", "--build-arg", $"RUNTIME_IMAGE={runtimeImage}",
                "--build-arg", $"VERSION={Version}", "--build-arg", $"REVISION={Revision}",
                RepoPaths.Root,
            ];
            var build = await daemon.DockerAsync(TimeSpan.FromMinutes(10), buildArgs);
            if (build.ExitCode != 0 && build.Output.Contains("NU1301", StringComparison.Ordinal))
            {
                // The restore reaches NuGet over the network; one retry rides out a dropped connection.
                build = await daemon.DockerAsync(TimeSpan.FromMinutes(10), buildArgs);
            }

            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"docker build: {build.Output}");
            }

            return daemon;
        }
    }
}
