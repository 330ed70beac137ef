using System.Diagnostics;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Polling;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Several tenants polled by one exporter from one simulator, both on one fake clock, so the simulator's request log
/// shows each tenant's calls in the exporter's time. Each tenant's score is unique to it.
/// </summary>
internal sealed class FleetRig : IAsyncDisposable
{
    private readonly Dictionary<string, SimulatedTenant> byName;

    private FleetRig(SimulatorServer simulator, Dictionary<string, SimulatedTenant> byName, TestExporter exporter, FakeTimeProvider time)
    {
        Simulator = simulator;
        this.byName = byName;
        Exporter = exporter;
        Time = time;
    }

    public SimulatorServer Simulator { get; }

    public TestExporter Exporter { get; }

    public FakeTimeProvider Time { get; }

    public IEnumerable<string> Names => byName.Keys;

    public SimulatedTenant this[string name] => byName[name];

    public static double ScoreOf(int index) => 100 + index + 0.5;

    public static async Task<FleetRig> StartAsync(IReadOnlyList<string> names, Action<Dictionary<string, string?>>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        try
        {
            var tenants = new Dictionary<string, SimulatedTenant>();
            var settings = new Dictionary<string, string?>();
            for (var i = 0; i < names.Count; i++)
            {
                var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"fleet-secret-{i}");
                tenant.SetScore(ScoreOf(i), time.GetUtcNow().AddMinutes(-i - 1));
                tenants[names[i]] = tenant;
                foreach (var (key, value) in TestExporter.TenantSettings(i, names[i], tenant))
                {
                    settings[key] = value;
                }
            }

            configure?.Invoke(settings);
            var exporter = await TestExporter.StartAsync(simulator, settings, time);
            return new FleetRig(simulator, tenants, exporter, time);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    public CollectorState State(string name) => Exporter.Score(name);

    /// <summary>The API requests the simulator received for a tenant, in order.</summary>
    public RequestRecord[] ApiRequests(string name) =>
        Simulator.Log.Snapshot().Where(r => r.Kind == RequestKind.Api && r.TenantId == byName[name].TenantId).ToArray();

    /// <summary>
    /// Moves the fake clock forward by <paramref name="duration"/> in steps, pacing each step with a real-time yield
    /// so the HTTP work each step released can run; <paramref name="beforeStep"/> may change faults as time passes.
    /// </summary>
    public async Task RunAsync(TimeSpan duration, TimeSpan step, TimeSpan pace, Action<DateTimeOffset>? beforeStep = null, TimeSpan? realTimeLimit = null)
    {
        var end = Time.GetUtcNow() + duration;
        var limit = realTimeLimit ?? TimeSpan.FromSeconds(90);
        var clock = Stopwatch.StartNew();
        while (Time.GetUtcNow() < end)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"fake time reached {Time.GetUtcNow():o}, not {end:o}, within {limit} of real time");
            }

            beforeStep?.Invoke(Time.GetUtcNow());
            Time.Advance(step);
            await Task.Delay(pace);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Exporter.DisposeAsync();
        }
        finally
        {
            await Simulator.DisposeAsync();
        }
    }
}
