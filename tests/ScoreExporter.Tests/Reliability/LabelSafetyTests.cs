using DefenderSimulator;
using Microsoft.Extensions.Options;
using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Tenant names become the <c>tenant</c> label. Control characters (newlines included) are refused at start with one
/// line naming the key; quotes, backslashes and non-ASCII are allowed and must come back intact from the exposition,
/// in both formats, with promtool accepting it.
/// </summary>
public sealed class LabelSafetyTests
{
    private static readonly string[] AwkwardNames =
    [
        "quote\"d \"tenant\"",
        @"back\slash\\ and \n literally",
        "Zürich Ünïcødé 東京 🛡️",
        "ends with a backslash\\",
        "{braces}=,\"mixed\\\"",
    ];

    [Fact]
    public async Task Tenant_names_with_quotes_backslashes_and_non_ASCII_are_escaped_and_parse_back_intact()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < AwkwardNames.Length; i++)
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret-" + i);
            tenant.SetScore(100 + i, DateTimeOffset.UtcNow.AddHours(-1));
            foreach (var (key, value) in TestExporter.TenantSettings(i, AwkwardNames[i], tenant))
            {
                settings[key] = value;
            }
        }

        await using var exporter = await TestExporter.StartAsync(simulator, settings);
        var text = await exporter.Http.GetStringAsync("/metrics");
        var metrics = MetricsText.Parse(text);

        for (var i = 0; i < AwkwardNames.Length; i++)
        {
            Assert.Equal(100 + i, metrics.Value("defender_device_secure_score", ("tenant", AwkwardNames[i])));
            Assert.Equal(1, metrics.Value("defender_up", ("tenant", AwkwardNames[i])));
            Assert.Equal(0, metrics.Value("defender_scrape_errors_total", ("tenant", AwkwardNames[i]), ("reason", "auth")));
        }

        Assert.Equal(AwkwardNames.Length, metrics.All("defender_tenant_info").Count());
        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics: exit {exitCode}: {output}");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0");
        using var response = await exporter.Http.SendAsync(request);
        var openMetrics = MetricsText.Parse(await response.Content.ReadAsStringAsync());
        Assert.All(AwkwardNames, name => Assert.NotNull(openMetrics.Value("defender_device_secure_score", ("tenant", name))));

        var landing = await exporter.Http.GetStringAsync("/");
        Assert.Contains("quote&quot;d", landing, StringComparison.Ordinal);
        Assert.DoesNotContain("quote\"d", landing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("new\nline", "newline")]
    [InlineData("carriage\rreturn", "carriage return")]
    [InlineData("tab\tbed", "tab")]
    [InlineData("nul\0byte", "NUL")]
    [InlineData("zero\u200Bwidth", "zero-width space")]
    [InlineData(" padded ", "surrounding spaces")]
    public Task Tenant_names_with_control_characters_are_refused_at_start_with_one_line_naming_the_key(string name, string what) =>
        AssertRefusedAsync(name, what);

    [Fact]
    public Task Tenant_name_with_a_lone_surrogate_is_refused_at_start_with_one_line_naming_the_key() =>
        AssertRefusedAsync("lone" + '\uD800' + "surrogate", "lone surrogate"); // built here: test data serialization would replace it

    private static async Task AssertRefusedAsync(string name, string what)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            // If it starts after all, stop it: a live host's meter would show up in later tests' expositions.
            await using var started = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, name, tenant));
        });

        var lines = StartupErrors.Describe(refused);
        var line = Assert.Single(lines);
        Assert.Contains("Defender:Tenants:0:Name", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(refused is OptionsValidationException or AggregateException, $"{what}: {refused.GetType()}");
    }
}
