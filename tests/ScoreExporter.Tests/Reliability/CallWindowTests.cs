using ScoreExporter.Configuration;
using DefenderSimulator;
using ScoreExporter.Tests.Collectors;
using ScoreExporter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// The per-tenant call window through the real pipeline: every collector, page and retry of a tenant shares it, a
/// call that would pass 100 a minute or 1,500 an hour is never sent, and the poll that needed it counts as throttled.
/// </summary>
public sealed class CallWindowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_poll_that_would_pass_the_limit_is_deferred_counted_throttled_and_never_sent()
    {
        await using var fleet = await FleetRig.StartAsync(["contoso", "fabrikam"]);
        var window = fleet.Exporter.Tenant("contoso").Caller.CallWindows;
        while (window.TryAcquire(ScoreExporter.Configuration.ApiSurface.Defender, "configuration_score", out _))
        {
            // Another 99 calls in this minute (the first poll took one): the window is now full.
        }

        var filledAt = fleet.Time.GetUtcNow();
        await fleet.Exporter.PollOnceAsync("contoso");
        await fleet.Exporter.PollOnceAsync("fabrikam");

        var metrics = await fleet.Exporter.ScrapeAsync();
        Assert.DoesNotContain(fleet.ApiRequests("contoso"), r => r.At > filledAt);
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("collector", "configuration_score"), ("reason", "throttled")));
        Assert.Contains("100 calls in the last minute", fleet.State("contoso").Snapshot.LastFailureDetail, StringComparison.Ordinal);
        Assert.Contains(fleet.ApiRequests("fabrikam"), r => r.At > filledAt);
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "fabrikam"), ("collector", "configuration_score")));
    }

    [Fact]
    public async Task With_every_collector_and_devices_paging_under_faults_no_tenant_passes_the_limits()
    {
        string[] names = ["paging-chaos", "paging-throttled", "paging-server-errors"];
        await using var fleet = await FleetRig.StartAsync(names, settings =>
        {
            // The shortest schedule the start-time check accepts for all four collectors with 3 retries:
            // 3 x (1 + 2) x 4 + 8 pages x (0 + 2) x 4 = 100 calls in the worst minute.
            settings["Defender:PollInterval"] = "00:01:00";
            settings["Defender:Collectors:ExposureScore:Enabled"] = "true";
            settings["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "true";
            settings["Defender:Collectors:Devices:Enabled"] = "true";
            settings["Defender:Collectors:Devices:PollInterval"] = "00:10:00";
        });
        foreach (var name in names)
        {
            fleet[name].AddDeviceGroup("GroupOne", id: 1);
            fleet[name].Machines.Count = 75;
            fleet[name].Machines.PageSize = 10;
        }

        fleet["paging-throttled"].SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 1));
        fleet["paging-server-errors"].SetApiFault(DefenderEndpoint.Machines, ApiFault.Status(503), times: 1_000_000);
        var random = new Random(20261202);
        ApiFault?[] chaos = [null, ApiFault.Status(500), ApiFault.Status(503), ApiFault.TooManyRequests(retryAfterSeconds: null), ApiFault.ResetMidBody(), null];
        var period = -1L;

        await fleet.RunAsync(Hour + (5 * Minute), step: TimeSpan.FromSeconds(1), pace: TimeSpan.FromMilliseconds(2), realTimeLimit: TimeSpan.FromMinutes(3), beforeStep: now =>
        {
            if (now.ToUnixTimeSeconds() / 5 is var current && current != period)
            {
                period = current;
                fleet["paging-chaos"].SetApiFault(chaos[random.Next(chaos.Length)]);
            }
        });

        foreach (var name in names)
        {
            var tenantId = fleet[name].TenantId;
            var perMinute = fleet.Simulator.Log.MaxApiCallsInAnyWindow(tenantId, Minute);
            var perHour = fleet.Simulator.Log.MaxApiCallsInAnyWindow(tenantId, Hour);
            var pages = fleet.Simulator.Log.Count(tenantId, DefenderEndpoint.Machines);
            output.WriteLine($"{name}: busiest minute {perMinute}, busiest hour {perHour}, machines requests {pages}");
            Assert.InRange(perMinute, 1, 100);
            Assert.InRange(perHour, 1, 1500);
        }

        Assert.True(fleet.Simulator.Log.Count(fleet["paging-chaos"].TenantId, DefenderEndpoint.Machines) >= 8,
            "the devices collector paged through at least one whole listing of 8 pages");
    }
}
