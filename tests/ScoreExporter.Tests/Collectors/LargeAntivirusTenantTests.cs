using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;
using ScoreExporter.Tests.Simulator;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// 50,000 antivirus rows in one poll through the real pipeline: streamed, never held, and the poll leaves little
/// behind. It runs alone because the allocation counter it reads is the whole process's.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class LargeAntivirusTenantTests(ITestOutputHelper output)
{
    private const int Rows = 50_000;

    [Fact]
    public async Task A_50000_row_antivirus_listing_is_counted_allocating_less_than_it_and_retaining_little_after_the_poll()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("Servers", id: 10);
        tenant.AddDeviceGroup("Workstations", id: 20);
        tenant.Antivirus.Count = Rows;
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:PollInterval"] = "00:05:00";
        settings["Defender:Collectors:Antivirus:Enabled"] = "true";
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var antivirus = exporter.Collector("contoso", "antivirus");
        var listing = await ListingBytesAsync(simulator, tenant);

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await PollOnceAsync(exporter, antivirus);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        var metrics = await exporter.ScrapeAsync();
        Assert.True(antivirus.Snapshot.Up, antivirus.Snapshot.LastFailureDetail);
        Assert.Equal(Rows, metrics.All("defender_antivirus_devices", ("tenant", "contoso")).Sum(s => s.Value));
        output.WriteLine($"{Rows:N0} antivirus rows ({listing / 1_048_576.0:0.0} MiB of JSON) in one poll: {allocated / 1_048_576.0:0.0} MiB allocated in the "
            + $"whole process (simulator included), managed heap after the poll {retained / 1_048_576.0:+0.00;-0.00} MiB against before it");
        Assert.True(allocated < listing, $"allocated {allocated} bytes for a listing of {listing} bytes: the pages were buffered");
        Assert.True(retained < listing / 20, $"{retained} bytes more on the managed heap after the poll than before it, for a listing of {listing} bytes");
    }

    /// <summary>
    /// Fake time in long steps up to the next poll of the collector, then in short ones while it runs, so generating and
    /// reading megabytes in real time does not outlast the poll's timeout in fake time.
    /// </summary>
    private static async Task PollOnceAsync(TestExporter exporter, ScoreExporter.Polling.CollectorState collector)
    {
        var started = collector.Polls;
        var completed = collector.CompletedPolls;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (collector.CompletedPolls == completed)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"no poll of {collector.Name} completed");
            exporter.Time!.Advance(collector.Polls == started ? CollectorPipelineTests.Step : TimeSpan.FromMilliseconds(50));
            await Task.Delay(15);
        }
    }

    /// <summary>The listing's size: one 1,000-row page measured and scaled (the rows are alike in size).</summary>
    private static async Task<long> ListingBytesAsync(SimulatorServer simulator, SimulatedTenant tenant)
    {
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var token = await http.TokenAsync(tenant);
        using var response = await http.GetScoreAsync(token, path: "api/deviceavinfo?$top=1000");
        var page = await response.Content.ReadAsByteArrayAsync();
        return page.LongLength * (Rows / 1000);
    }
}
