using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;
using ScoreExporter.Tests.Simulator;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// A 50,000-device tenant through the real pipeline: its listing is streamed, never held. It runs alone because the
/// allocation counter it reads is the whole process's.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class LargeTenantTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = CollectorPipelineTests.Step;

    [Fact]
    public async Task A_50000_device_tenant_is_counted_while_allocating_less_than_its_listing()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.AddDeviceGroup("GroupOne", id: 10);
        tenant.AddDeviceGroup("GroupTwo", id: 20);
        tenant.Machines.Count = 50_000;
        var settings = CollectorPipelineTests.AllCollectors(tenant);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var devices = exporter.Collector("contoso", "devices");
        var pagesBefore = simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Count;

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakHeapAsync(sampling.Token);
        await exporter.AdvanceUntilAsync(devices, devices.CompletedPolls + 1, Step);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await sampling.CancelAsync();
        var peakGrowth = await peak - heapBefore;

        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(50_000, metrics.All("defender_devices", ("tenant", "contoso")).Sum(s => s.Value));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso"), ("collector", "devices")));
        var listing = 50_000 * 1_000L; // each simulated machine object is over 1 KB of JSON
        output.WriteLine($"50,000 devices in {simulator.Log.Requests(tenant.TenantId, DefenderEndpoint.Machines).Count - pagesBefore} pages: "
            + $"{allocated / 1_048_576.0:0.0} MiB allocated in the whole process (simulator included), managed heap peak +{peakGrowth / 1_048_576.0:0.0} MiB");
        Assert.True(allocated < listing, $"allocated {allocated} bytes for a listing of over {listing} bytes: the pages were buffered");
    }

    private static async Task<long> SamplePeakHeapAsync(CancellationToken cancellationToken)
    {
        var peak = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            try
            {
                await Task.Delay(5, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

}
