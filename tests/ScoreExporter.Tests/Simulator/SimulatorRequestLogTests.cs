using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The request log as call-budget tests read it: per tenant, per endpoint, per minute and hour, pages included.</summary>
public sealed class SimulatorRequestLogTests
{
    [Fact]
    public async Task Every_API_request_is_logged_with_endpoint_query_listener_and_the_simulator_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.Machines.Count = 3;
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        time.Advance(TimeSpan.FromSeconds(5));
        await MachinePages.ReadAllAsync(http, token, "api/machines?$top=2");
        time.Advance(TimeSpan.FromSeconds(5));
        (await http.GetScoreAsync(token, https: true, path: "api/exposureScore/ByMachineGroups")).Dispose();

        var records = simulator.Log.Requests(tenant.TenantId);
        Assert.Equal(
            [
                (RequestKind.Token, (DefenderEndpoint?)null, $"/{tenant.TenantId}/oauth2/v2.0/token", 0),
                (RequestKind.Api, DefenderEndpoint.Machines, "/api/machines", 5),
                (RequestKind.Api, DefenderEndpoint.Machines, "/api/machines", 5),
                (RequestKind.Api, DefenderEndpoint.ExposureScoreByMachineGroups, "/api/exposureScore/ByMachineGroups", 10),
            ],
            records.Select(r => (r.Kind, r.Endpoint, r.Path, (int)(r.At - time.Start).TotalSeconds)));
        Assert.Equal("?$top=2", records[1].Query);
        Assert.Equal("?$top=2&$skip=2", records[2].Query);
        Assert.Equal(("http", simulator.ApiBaseUrl.Port), (records[1].Scheme, records[1].Port));
        Assert.Equal(("https", simulator.HttpsBaseUrl.Port), (records[3].Scheme, records[3].Port));
        Assert.All(records.Skip(1), r => Assert.Equal("Bearer " + token, r.Authorization));
        Assert.Null(records[0].Authorization);
    }

    [Fact]
    public async Task Calls_are_counted_per_tenant_and_endpoint_and_in_any_minute_or_hour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        var other = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "o");
        tenant.Machines.Count = 25;
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);
        var otherToken = await http.TokenAsync(other);
        var start = time.GetUtcNow();

        // Three listings of three pages, 40 seconds apart, plus a score call each time; the other tenant calls once.
        for (var i = 0; i < 3; i++)
        {
            await MachinePages.ReadAllAsync(http, token, "api/machines?$top=10");
            (await http.GetScoreAsync(token)).Dispose();
            time.Advance(TimeSpan.FromSeconds(40));
        }

        (await http.GetScoreAsync(otherToken)).Dispose();

        Assert.Equal(9, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.Machines));
        Assert.Equal(3, simulator.Log.Count(tenant.TenantId, DefenderEndpoint.ConfigurationScore));
        Assert.Equal(12, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
        Assert.Equal(1, simulator.Log.Count(other.TenantId, RequestKind.Api));
        Assert.Equal(8, simulator.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromMinutes(1)));
        Assert.Equal(6, simulator.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromMinutes(1), DefenderEndpoint.Machines));
        Assert.Equal(12, simulator.Log.MaxApiCallsInAnyWindow(tenant.TenantId, TimeSpan.FromHours(1)));
        Assert.Equal(4, simulator.Log.CountApiCalls(tenant.TenantId, start.AddSeconds(40), start.AddSeconds(80)));
        Assert.Equal(0, simulator.Log.MaxApiCallsInAnyWindow(Guid.NewGuid().ToString(), TimeSpan.FromMinutes(1)));
    }
}
