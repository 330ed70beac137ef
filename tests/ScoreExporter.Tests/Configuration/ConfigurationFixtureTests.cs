using System.Text.Json;
using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;
using ScoreExporter.Hosting;
using ScoreExporter.Metrics;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Configuration;

/// <summary>
/// Each fixture under Fixtures/config/bad holds the exact line the exporter must print (<c>_expect</c>) and, for what
/// only the environment can say, such as the host name, the variables to run it with (<c>_environment</c>, given as
/// configuration keys on the command line, which is what the host makes of environment variables too); good ones must pass.
/// </summary>
public sealed class ConfigurationFixtureTests
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config");

    public static TheoryData<string> BadFixtures() => new(Directory.GetFiles(Path.Combine(FixtureDir, "bad"), "*.json").Select(Path.GetFileName)!);

    public static TheoryData<string> GoodFixtures() => new(Directory.GetFiles(Path.Combine(FixtureDir, "good"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(BadFixtures))]
    public async Task Bad_configuration_exits_with_code_2_and_one_line_naming_the_key(string fixture)
    {
        var path = Path.Combine(FixtureDir, "bad", fixture);
        var fixtureJson = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var expected = fixtureJson.GetProperty("_expect").GetString()!;
        var environment = fixtureJson.TryGetProperty("_environment", out var variables)
            ? variables.EnumerateObject().Select(v => $"--{v.Name.Replace("__", ":", StringComparison.Ordinal)}={v.Value.GetString()}")
            : [];

        var (exitCode, stderr) = await RunInProcessAsync(["--config", path, .. environment]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal($"configuration error: {expected}", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [MemberData(nameof(GoodFixtures))]
    public void Good_configuration_validates(string fixture)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(FixtureDir, "good", fixture)).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddScoreExporterServices()
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DefenderOptions>>().Value;
        var otlp = services.GetRequiredService<IOptions<OtlpOptions>>().Value;

        Assert.NotEmpty(options.Tenants);
        Assert.True(otlp.Interval > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported()
    {
        var (exitCode, stderr) = await RunInProcessAsync(["--config", "/nonexistent/score-exporter.json"]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            "configuration error: --config '/nonexistent/score-exporter.json' does not exist: give the path of a JSON file shaped like appsettings.json.",
            stderr.TrimEnd());
    }

    [Fact]
    public async Task Demo_refuses_real_tenants()
    {
        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(
            ["--demo", "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["Defender__Tenants__0__Name"] = "contoso" });

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Contains("--demo cannot be combined with Defender:Tenants", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_override_the_config_file()
    {
        var path = Path.Combine(FixtureDir, "good", "single-tenant-secret.json");

        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(
            ["--config", path, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["Defender__PollInterval"] = "00:00:03" });

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Contains("Defender:PollInterval must be between", stderr, StringComparison.Ordinal);
    }

    /// <summary>The exporter's own start, in this process; a start that succeeds by mistake is stopped after a bound.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunInProcessAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exitCode = await ExporterHost.RunAsync([.. args, "--urls", "http://127.0.0.1:0"], stdout, stderr, AppContext.BaseDirectory, bound.Token);
        return (exitCode, stderr.ToString());
    }
}
