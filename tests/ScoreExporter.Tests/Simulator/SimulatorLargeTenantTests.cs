using System.Net;
using System.Text;
using DefenderSimulator;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Simulator;

/// <summary>A 50,000-machine tenant: served page by page as it is generated, so the simulator's memory stays small.</summary>
[Collection(AllocationMeasurement.Name)]
public sealed class SimulatorLargeTenantTests(ITestOutputHelper output)
{
    private static readonly byte[] MachineMarker = "\"computerDnsName\":"u8.ToArray();
    private static readonly byte[] NextLinkMarker = "\"@odata.nextLink\":\""u8.ToArray();

    [Fact]
    public async Task Fifty_thousand_machines_come_in_five_full_streamed_pages_while_the_process_allocates_a_small_part_of_the_body()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        DemoPosture.Apply(tenant, 2);
        tenant.Machines.Count = 50_000;
        using var http = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(2));
        var token = await http.TokenAsync(tenant);
        var buffer = new byte[64 * 1024 + MachineMarker.Length];
        var tail = new byte[4096];

        // Warm up: JIT, connection, TLS-free pools. Only the steady state is measured.
        await DrainAsync(http, token, "api/machines?$top=100", buffer, tail);
        simulator.Log.Clear();

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (pages, machines, bytes) = (0, 0, 0L);
        for (var full = true; full; pages++)
        {
            Assert.True(pages < 6, "a seventh page");
            var page = await DrainAsync(http, token, $"api/machines?$top=10000&$skip={pages * 10_000}", buffer, tail);
            Assert.Null(page.NextLink);
            (machines, bytes, full) = (machines + page.Machines, bytes + page.Bytes, page.Machines == 10_000);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"50,000 machines: {pages} pages, {bytes:N0} body bytes, {allocated:N0} bytes allocated by the whole process ({100.0 * allocated / bytes:F2}% of the body)");

        // Five full pages and the short (empty) one that ends a $top/$skip read.
        Assert.Equal(6, pages);
        Assert.Equal(50_000, machines);
        Assert.Equal(6, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Machines));
        Assert.True(bytes > 30_000_000, $"the body is {bytes:N0} bytes: machines are smaller than the real ones");
        Assert.True(allocated < bytes / 20, $"{allocated:N0} bytes allocated to serve and read {bytes:N0}");
    }

    /// <summary>Reads a page through a fixed buffer: counts machines and keeps the last bytes, where the nextLink is.</summary>
    private static async Task<(int Machines, long Bytes, string? NextLink)> DrainAsync(SimulatorHttp http, string token, string path, byte[] buffer, byte[] tail)
    {
        using var response = await http.GetScoreAsync(token, path: path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var (machines, bytes, carried, tailLength) = (0, 0L, 0, 0);
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried))) > 0)
        {
            bytes += read;
            tailLength = KeepTail(tail, tailLength, buffer.AsSpan(carried, read));
            var window = buffer.AsSpan(0, carried + read);
            for (var at = window.IndexOf(MachineMarker); at >= 0; at = window.IndexOf(MachineMarker))
            {
                machines++;
                window = window[(at + MachineMarker.Length)..];
            }

            // A marker may straddle two reads: keep the last few bytes in front of the next read.
            var all = buffer.AsSpan(0, carried + read);
            carried = Math.Min(MachineMarker.Length - 1, all.Length);
            all[^carried..].CopyTo(buffer);
        }

        var end = tail.AsSpan(0, tailLength);
        var link = end.IndexOf(NextLinkMarker);
        if (link < 0)
        {
            return (machines, bytes, null);
        }

        var value = end[(link + NextLinkMarker.Length)..];
        return (machines, bytes, Encoding.UTF8.GetString(value[..value.IndexOf((byte)'"')]));
    }

    private static int KeepTail(byte[] tail, int length, ReadOnlySpan<byte> latest)
    {
        if (latest.Length >= tail.Length)
        {
            latest[^tail.Length..].CopyTo(tail);
            return tail.Length;
        }

        var keep = Math.Min(length, tail.Length - latest.Length);
        tail.AsSpan(length - keep, keep).CopyTo(tail);
        latest.CopyTo(tail.AsSpan(keep));
        return keep + latest.Length;
    }
}
