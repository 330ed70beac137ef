using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Hosting;

/// <summary>A newcomer's first question, <c>--help</c>, is answered on stdout without starting anything.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_switches_and_main_settings_on_stdout_and_exits_0(string help)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // With an unusable --config next to it: help must not get as far as reading it.
        var exitCode = await ExporterHost.RunAsync([help, "--config", "/nonexistent/score-exporter.json"], stdout, stderr, AppContext.BaseDirectory, bound.Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr.ToString());
        var usage = stdout.ToString();
        string[] mentioned =
        [
            "--demo", "--config <file.json>", "--web.config.file <web.yml>", "Web:ConfigFile", "--urls", "-h, --help",
            "Defender:Cloud", "Defender:PollInterval", "Defender:Collectors:<Name>:Enabled", "Defender:Collectors:<Name>:PollInterval",
            "Defender:TotalShards", "Defender:Shard", "Defender:Tenants:N:Name", "Defender:Tenants:N:TenantId",
            "Defender:Tenants:N:ClientId", "Defender:Tenants:N:ClientSecretFile", "Defender:Tenants:N:CertificatePath",
            "Defender__Tenants__0__TenantId", "Otlp:Endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", "README.md",
        ];
        Assert.All(mentioned, text => Assert.Contains(text, usage, StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_every_collector_with_its_default_and_the_permission_on_its_api()
    {
        var lines = ExporterUsage.Text.Split('\n');

        // As README's collector table says them, written here rather than read from the collectors.
        string[] expected =
        [
            "ConfigurationScore on Score.Read.All (WindowsDefenderATP)",
            "ExposureScore on Score.Read.All (WindowsDefenderATP)",
            "DeviceGroupExposureScore on Score.Read.All (WindowsDefenderATP)",
            "Devices off Machine.Read.All (WindowsDefenderATP)",
            "SecureScore off SecurityEvents.Read.All (Microsoft Graph)",
            "Incidents off SecurityIncident.Read.All (Microsoft Graph)",
            "Recommendations off SecurityRecommendation.Read.All (WindowsDefenderATP)",
            "Antivirus off Machine.Read.All (WindowsDefenderATP)",
        ];
        var listed = lines.SkipWhile(l => !l.StartsWith("Collectors (", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task Help_is_what_the_built_exporter_prints()
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunAsync(["--help"]);

        Assert.Equal((0, string.Empty), (exitCode, stderr));
        Assert.Equal(ExporterUsage.Text, stdout);
    }
}
