using System.Globalization;
using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary><c>/api/deviceavinfo</c>: string codes and flags, groups with stale signatures, paging with and without <c>$top</c>.</summary>
public sealed class SimulatorDeviceAvInfoTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 10, 17, 0, TimeSpan.Zero));
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        http = new SimulatorHttp(simulator);
        token = await http.TokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Rows_carry_string_codes_and_flags_and_stale_signatures_gather_in_some_groups()
    {
        foreach (var name in new[] { "Servers", "Workstations", "Kiosks", "Lab", "Finance" })
        {
            tenant.AddDeviceGroup(name, id: 100 + name.Length);
        }

        tenant.Machines.Count = 5_000;
        using var body = await http.GetJsonAsync(token, "api/deviceavinfo?$top=10000");

        var rows = body.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(5_000, rows.Count);
        Assert.False(body.RootElement.TryGetProperty("@odata.nextLink", out _));
        var modes = rows.Select(r => r.GetProperty("avMode").GetString()!).Distinct().ToHashSet();
        Assert.Superset(new HashSet<string> { "0", "1", "2", "4", "5", "", "7" }, modes);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r.GetProperty("avIsSignatureUpToDate").ValueKind));
        Assert.Superset(new HashSet<string> { "True", "False", "Unknown", "" }, rows.Select(r => r.GetProperty("avIsSignatureUpToDate").GetString()!).ToHashSet());
        Assert.Contains(rows, r => !r.TryGetProperty("rbacGroupName", out _));
        Assert.Contains(rows, r => r.TryGetProperty("rbacGroupName", out var g) && g.ValueKind == JsonValueKind.Null);
        Assert.All(rows, r => DateTimeOffset.Parse(r.GetProperty("avSignatureUpdateTime").GetString()!, CultureInfo.InvariantCulture));
        var staleShare = rows.Where(r => r.TryGetProperty("rbacGroupName", out var g) && g.ValueKind == JsonValueKind.String)
            .GroupBy(r => r.GetProperty("rbacGroupName").GetString())
            .Select(g => g.Count(r => r.GetProperty("avIsSignatureUpToDate").GetString() == "False") / (double)g.Count())
            .ToList();
        Assert.True(staleShare.Max() > 0.3 && staleShare.Min() < 0.1, string.Join(", ", staleShare));
    }

    [Fact]
    public async Task Without_top_pages_hold_20_rows_and_the_nextLink_is_missing_past_10000()
    {
        tenant.Antivirus.Count = 12_000;

        using var first = await http.GetJsonAsync(token, "api/deviceavinfo");
        using var nearTheEnd = await http.GetJsonAsync(token, "api/deviceavinfo?$skip=9980");

        Assert.Equal(20, first.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal($"{simulator.ApiBaseUrl}api/deviceavinfo?$skip=20", first.RootElement.GetProperty("@odata.nextLink").GetString());
        Assert.Equal(20, nearTheEnd.RootElement.GetProperty("value").GetArrayLength());
        Assert.False(nearTheEnd.RootElement.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Fifty_thousand_rows_page_by_skip_and_a_throttle_fault_says_when_to_retry()
    {
        tenant.Antivirus.Count = 50_000;
        var ids = new HashSet<string>();
        for (var skip = 0; skip < 60_000; skip += 10_000)
        {
            using var page = await http.GetJsonAsync(token, $"api/deviceavinfo?$top=10000&$skip={skip}");
            foreach (var row in page.RootElement.GetProperty("value").EnumerateArray())
            {
                ids.Add(row.GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(50_000, ids.Count);
        tenant.SetApiFault(DefenderEndpoint.DeviceAvInfo, ApiFault.TooManyRequests(60), times: 1);
        using var throttled = await http.GetScoreAsync(token, path: "api/deviceavinfo?$top=10");
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(60)), (throttled.StatusCode, throttled.Headers.RetryAfter?.Delta));
    }
}
