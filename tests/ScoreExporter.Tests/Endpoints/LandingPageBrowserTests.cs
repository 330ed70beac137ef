using System.Buffers.Binary;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Endpoints.Support;
using ScoreExporter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Endpoints;

/// <summary>
/// The landing page as a person sees it: the real exporter polls the simulator, and a headless Chromium opens
/// <c>/</c>. The screenshot is kept under TestResults/ for a look, not committed.
/// </summary>
public sealed class LandingPageBrowserTests(ITestOutputHelper output)
{
    private const string Healthy = "contoso";
    private const string Hostile = "<b>evil</b> & \"co\"";
    private static readonly TimeSpan SinceFirstPoll = TimeSpan.FromSeconds(7);
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task A_browser_shows_every_tenant_and_collector_with_its_outcome_and_a_hostile_tenant_name_as_text()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var healthy = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "healthy-secret");
        var failing = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "failing-secret");
        failing.SetApiFault(ApiFault.Forbidden());
        var settings = TestExporter.TenantSettings(0, Healthy, healthy);
        foreach (var (key, value) in TestExporter.TenantSettings(1, Hostile, failing))
        {
            settings[key] = value;
        }

        // Two collectors per tenant, so the page has to list tenant x collector, not tenants; polled at a pace the API allows.
        settings["Defender:Collectors:ExposureScore:Enabled"] = "true";
        settings["Defender:PollInterval"] = "00:01:00";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        Assert.All(exporter.Registry.Collectors, collector => Assert.NotNull(collector.Snapshot.LastAttempt));

        // Less than a poll interval: the first cycle's outcomes stay on the page, their age moves.
        time.Advance(SinceFirstPoll);
        using var folder = new TempDirectory();
        var view = await HeadlessChromium.OpenLandingPageAsync(new Uri(exporter.BaseAddress, "/"), folder.File("landing-page.png"));
        KeepScreenshot(view.Screenshot);

        Assert.Equal(200, view.Status);
        Assert.Equal("15", view.Refresh);
        Assert.Equal(["Tenant", "Collector", "Last poll", "Series", "Last success"], view.Headers);

        var expected = exporter.Registry.Collectors.Select(c => (c.Tenant.Name, c.Name)).Order().ToList();
        Assert.Equal(4, expected.Count);
        Assert.All(view.Rows, row => Assert.Equal(5, row.Count));
        Assert.Equal(expected, view.Rows.Select(row => (row[0], row[1])).Order().ToList());

        var ago = $"{(int)SinceFirstPoll.TotalSeconds} s ago";
        Assert.All(view.Rows.Where(row => row[0] == Healthy), row =>
        {
            Assert.Equal("ok", row[2]);
            Assert.True(int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture) > 0, $"{row[1]} shows no series");
            Assert.StartsWith(ago, row[4], StringComparison.Ordinal);
        });
        Assert.All(view.Rows.Where(row => row[0] == Hostile), row =>
        {
            Assert.Equal("failed: forbidden: HTTP 403 Forbidden", row[2]);
            Assert.Equal("never", row[4]);
        });

        // The name arrived as text: escaped in the markup, no element made from it, nothing scripted.
        Assert.Contains("&lt;b&gt;evil&lt;/b&gt; &amp; \"co\"", view.TenantCellsHtml);
        Assert.Equal(0, view.BoldElements);
        Assert.Equal(0, view.ScriptElements);

        AssertPng(view.Screenshot, view.ScreenshotBytes);
    }

    private static void AssertPng(string path, long reportedBytes)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(reportedBytes, bytes.Length);
        Assert.True(bytes.Length is > 10_000 and < 5_000_000, $"a screenshot of {bytes.Length} bytes is not a rendered page");
        Assert.Equal(PngSignature, bytes[..8]);

        // IHDR, the first chunk, holds the width and height: at least the 1280 x 720 viewport.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) >= 1280, "narrower than the viewport");
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) >= 720, "shorter than the viewport");
    }

    private void KeepScreenshot(string path)
    {
        var kept = RepoPaths.Combine("TestResults", "landing-page", "landing-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(path, kept, overwrite: true);
        output.WriteLine($"Screenshot: {kept}");
    }
}
