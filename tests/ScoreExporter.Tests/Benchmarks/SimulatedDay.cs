using System.Diagnostics;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Benchmarks;

/// <summary>
/// The real exporter polling the simulator on a fake clock, driven through hours of fake time in a few seconds:
/// the clock jumps from one poll slot to the next, and moves in one-second steps only while a poll waits on it
/// (retry backoff). Counts every API call and token request per tenant, per fake minute and per fake hour.
/// </summary>
public sealed class SimulatedDay : IAsyncDisposable
{
    /// <summary>How long the exporter may go without progress before the clock is moved for a waiting poll.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly SimulatorServer simulator;
    private readonly FakeTimeProvider time;
    private readonly DateTimeOffset start;
    private readonly TimeSpan interval;
    private readonly long[] lastApi;
    private readonly long[] lastToken;

    private SimulatedDay(SimulatorServer simulator, TestExporter exporter, FakeTimeProvider time, DateTimeOffset start, TimeSpan interval, SimulatedTenant[] tenants)
    {
        this.simulator = simulator;
        this.time = time;
        this.start = start;
        this.interval = interval;
        Exporter = exporter;
        Tenants = tenants;
        Names = tenants.Select((_, i) => Name(i)).ToArray();
        lastApi = new long[tenants.Length];
        lastToken = new long[tenants.Length];
        Sample();
    }

    public TestExporter Exporter { get; }

    public IReadOnlyList<SimulatedTenant> Tenants { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>API calls per tenant, keyed by whole fake minutes since start.</summary>
    public Dictionary<(int Tenant, long Minute), long> ApiCallsPerMinute { get; } = [];

    /// <summary>Token requests per tenant, keyed by whole fake minutes since start.</summary>
    public Dictionary<(int Tenant, long Minute), long> TokenRequestsPerMinute { get; } = [];

    public TimeSpan Elapsed => time.GetUtcNow() - start;

    public static string Name(int index) => $"tenant-{index:D2}";

    public static async Task<SimulatedDay> StartAsync(int tenantCount, TimeSpan interval, IDictionary<string, string?>? extraSettings = null)
    {
        var simulator = await SimulatorServer.StartAsync();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Defender:PollInterval"] = interval.ToString("c"),

                // Generous per-attempt timeout: the clock moves while a poll waits on it, and a slow loopback
                // answer on a busy machine must not be mistaken for a timeout.
                ["Defender:RequestTimeout"] = "00:01:00",
            };
            var tenants = new SimulatedTenant[tenantCount];
            for (var i = 0; i < tenantCount; i++)
            {
                tenants[i] = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"secret-{i}", score: 300 + i);
                foreach (var (key, value) in TestExporter.TenantSettings(i, Name(i), tenants[i]))
                {
                    settings[key] = value;
                }
            }

            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var start = time.GetUtcNow(); // the scheduler's start: the fake clock does not move on its own
            var exporter = await TestExporter.StartAsync(simulator, settings, time);
            return new SimulatedDay(simulator, exporter, time, start, interval, tenants);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls a tenant should have finished by now: the first cycle, then one per slot start + phase + k x interval.</summary>
    public long ExpectedPolls(int tenant) => 1 + SlotsPassed(tenant, time.GetUtcNow());

    /// <summary>
    /// Runs the fake clock for <paramref name="duration"/>. <paramref name="atHour"/> runs at the start of every
    /// fake hour (0, 1, ...), with every poll due before it finished: the place to switch faults on and off.
    /// </summary>
    public async Task RunAsync(TimeSpan duration, Action<int>? atHour = null, TimeSpan? realTimeLimit = null)
    {
        var limit = realTimeLimit ?? TimeSpan.FromSeconds(60);
        var wall = Stopwatch.StartNew();
        var end = start + duration;
        var hour = 0;
        atHour?.Invoke(hour);
        while (true)
        {
            await SettleAsync(wall, limit);
            Sample();
            var now = time.GetUtcNow();
            if (now >= end)
            {
                return;
            }

            var nextHour = start + TimeSpan.FromHours(hour + 1);
            var target = Min(Min(NextSlot(now), nextHour), end);
            time.Advance(target - now);
            if (target == nextHour)
            {
                await SettleAsync(wall, limit);
                Sample();
                hour++;
                atHour?.Invoke(hour);
            }
        }
    }

    /// <summary>Sum of a per-minute series per tenant over each fake hour.</summary>
    public long[,] PerHour(Dictionary<(int Tenant, long Minute), long> perMinute, int hours)
    {
        var table = new long[Tenants.Count, hours];
        foreach (var ((tenant, minute), count) in perMinute)
        {
            var hour = (int)(minute / 60);
            if (hour < hours)
            {
                table[tenant, hour] += count;
            }
        }

        return table;
    }

    public async ValueTask DisposeAsync()
    {
        await Exporter.DisposeAsync();
        await simulator.DisposeAsync();
    }

    /// <summary>Waits until every due poll finished, moving the clock in steps while polls wait on it.</summary>
    private async Task SettleAsync(Stopwatch wall, TimeSpan limit)
    {
        var progress = Progress();
        var quiet = Stopwatch.StartNew();
        while (!Settled())
        {
            if (wall.Elapsed > limit)
            {
                var behind = Enumerable.Range(0, Tenants.Count).Where(i => Exporter.Score(Names[i]).CompletedPolls < ExpectedPolls(i))
                    .Select(i => $"{Names[i]} {Exporter.Score(Names[i]).CompletedPolls}/{ExpectedPolls(i)}");
                throw new TimeoutException($"Simulated {Elapsed} in {wall.Elapsed}; polls behind: {string.Join(", ", behind)}");
            }

            await Task.Delay(1);
            var now = Progress();
            if (now != progress)
            {
                progress = now;
                quiet.Restart();
            }
            else if (quiet.Elapsed > Quiet)
            {
                // Nothing moved: the polls in flight wait on the clock (a retry's backoff, Retry-After).
                Sample();
                time.Advance(Step);
                quiet.Restart();
            }
        }
    }

    private bool Settled()
    {
        for (var i = 0; i < Tenants.Count; i++)
        {
            var state = Exporter.Score(Names[i]);
            if (state.CompletedPolls < ExpectedPolls(i) || state.Polls != state.CompletedPolls)
            {
                return false;
            }
        }

        return true;
    }

    private long Progress()
    {
        long sum = 0;
        for (var i = 0; i < Tenants.Count; i++)
        {
            sum += Tenants[i].ApiRequestCount + Tenants[i].TokenRequestCount + Exporter.Score(Names[i]).CompletedPolls;
        }

        return sum;
    }

    /// <summary>Books the calls made since the last sample to the current fake minute.</summary>
    private void Sample()
    {
        var minute = (long)Elapsed.TotalMinutes;
        for (var i = 0; i < Tenants.Count; i++)
        {
            Book(ApiCallsPerMinute, i, minute, Tenants[i].ApiRequestCount, lastApi);
            Book(TokenRequestsPerMinute, i, minute, Tenants[i].TokenRequestCount, lastToken);
        }
    }

    private static void Book(Dictionary<(int, long), long> perMinute, int tenant, long minute, long total, long[] last)
    {
        var delta = total - last[tenant];
        if (delta != 0)
        {
            perMinute[(tenant, minute)] = perMinute.GetValueOrDefault((tenant, minute)) + delta;
            last[tenant] = total;
        }
    }

    private long SlotsPassed(int tenant, DateTimeOffset now)
    {
        var first = start + Exporter.Score(Names[tenant]).Phase + interval;
        return now < first ? 0 : 1 + ((now - first).Ticks / interval.Ticks);
    }

    private DateTimeOffset NextSlot(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        for (var i = 0; i < Tenants.Count; i++)
        {
            var first = start + Exporter.Score(Names[i]).Phase + interval;
            next = Min(next, first + (interval * SlotsPassed(i, now)));
        }

        return next;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
