using System.Net.Sockets;
using DefenderSimulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ScoreExporter.Hosting;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Hosting;

/// <summary><c>--demo</c> as the exporter builds it: its in-process simulator's lifetime and its drifting scores.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task The_demo_simulator_stops_with_the_host()
    {
        var app = await ExporterHost.BuildAsync(DemoCommandLine, AppContext.BaseDirectory);
        var simulator = app.Services.GetRequiredService<SimulatorServer>();
        await app.StartAsync();
        Assert.True(await AcceptsConnectionsAsync(simulator.ApiBaseUrl));

        await app.StopAsync();
        await app.DisposeAsync();

        Assert.False(await AcceptsConnectionsAsync(simulator.ApiBaseUrl));
    }

    [Fact]
    public async Task Demo_scores_are_recomputed_at_every_poll()
    {
        await using var app = await ExporterHost.BuildAsync(DemoCommandLine, AppContext.BaseDirectory);
        await app.StartAsync();
        try
        {
            var tenant = app.Services.GetRequiredService<SimulatorServer>().Tenants.First();
            var first = tenant.CurrentScore;

            await Eventually.TrueAsync(() => tenant.CurrentScore.Time != first.Time, "the simulator to recompute a demo score", DemoMode.PollInterval * 1.5);
            var next = tenant.CurrentScore;

            Assert.Equal(DemoMode.PollInterval.ToString("c"), app.Configuration["Defender:PollInterval"]);
            Assert.Equal(DemoMode.PollInterval, next.Time - first.Time);
            Assert.NotEqual(first.Score, next.Score);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task The_demo_publishes_every_collector_for_every_tenant()
    {
        await using var app = await ExporterHost.BuildAsync(DemoCommandLine, AppContext.BaseDirectory);
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<ScoreExporter.Polling.Readiness>().WhenReady.WaitAsync(Eventually.DefaultTimeout);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var metrics = MetricsText.Parse(await http.GetStringAsync("/metrics"));

            foreach (var tenant in DemoMode.TenantNames)
            {
                Assert.All(ScoreExporter.Collectors.CollectorCatalog.All, c => Assert.Equal(1, metrics.Value("defender_up", ("tenant", tenant), ("collector", c.Name))));
                Assert.NotNull(metrics.Value("defender_secure_score", ("tenant", tenant)));
                Assert.NotEmpty(metrics.All("defender_secure_score_control", ("tenant", tenant)));
                Assert.Contains(metrics.All("defender_incidents", ("tenant", tenant), ("severity", "high"), ("assigned", "false")), s => s.Value >= 1);
                Assert.NotEmpty(metrics.All("defender_security_recommendation_top_exposed_devices", ("tenant", tenant)));
                Assert.Equal(
                    metrics.All("defender_devices", ("tenant", tenant)).Sum(s => s.Value),
                    metrics.All("defender_antivirus_devices", ("tenant", tenant)).Sum(s => s.Value));
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static ExporterCommandLine DemoCommandLine => new(Demo: true, HostArgs: ["--urls", "http://127.0.0.1:0"]);

    private static async Task<bool> AcceptsConnectionsAsync(Uri address)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
