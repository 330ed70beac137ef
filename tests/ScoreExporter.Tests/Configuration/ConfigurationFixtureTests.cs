using System.Text.Json;
using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;
using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Configuration;

/// <summary>
/// Each fixture under Fixtures/config/bad names the line the exporter must print (<c>_expect</c>) and, for what only the
/// environment can say, such as the host name, the variables to run it with (<c>_environment</c>); good ones must pass.
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
            ? variables.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!)
            : null;

        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(["--config", path, "--urls", "http://127.0.0.1:0"], environment);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
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

        Assert.NotEmpty(options.Tenants);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported()
    {
        var (exitCode, _, stderr) = await ExporterProcess.RunAsync(["--config", "/nonexistent/score-exporter.json"]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Contains("--config '/nonexistent/score-exporter.json' does not exist", stderr, StringComparison.Ordinal);
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
}
