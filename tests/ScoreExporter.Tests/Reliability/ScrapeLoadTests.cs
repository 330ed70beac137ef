using ScoreExporter.Collectors;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// /metrics under 256 concurrent keep-alive clients with 500 tenants, while every tenant is polled twice more with new
/// values: no failed request, every tenant in every answer, and a score never paired with a timestamp of another
/// tenant or of another poll (every series of a scrape comes from one read of the snapshots).
/// Each tenant's score and timestamp both encode its index and the value's generation, so any mix-up shows.
/// </summary>
public sealed class ScrapeLoadTests(ITestOutputHelper output)
{
    private const int Tenants = 500;
    private const int Clients = 256;
    private const int Generations = 3;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(8);
    private static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Metrics_under_256_keep_alive_clients_and_500_tenants_answers_every_request_with_consistent_pairs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var start = time.GetUtcNow();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        var tenants = new SimulatedTenant[Tenants];
        var settings = new Dictionary<string, string?> { ["Defender:MaxConcurrentPolls"] = "32" };
        for (var i = 0; i < Tenants; i++)
        {
            tenants[i] = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"load-secret-{i}");
            foreach (var (key, value) in TestExporter.TenantSettings(i, Name(i), tenants[i]))
            {
                settings[key] = value;
            }
        }

        SetGeneration(tenants, 1);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var failures = new ConcurrentQueue<string>();
        var answers = 0;
        var torn = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        async Task ScrapeUntilStoppedAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/metrics", CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"HTTP {(int)response.StatusCode}");
                        continue;
                    }

                    Interlocked.Add(ref torn, Check(body, failures));
                    Interlocked.Increment(ref answers);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    failures.Enqueue(e.GetType().Name + ": " + e.Message);
                }
            }
        }

        var scrapers = Enumerable.Range(0, Clients).Select(_ => Task.Run(ScrapeUntilStoppedAsync)).ToArray();

        // While they scrape: two more generations of values, each polled for every tenant.
        for (var generation = 2; generation <= Generations; generation++)
        {
            SetGeneration(tenants, generation);
            await PollEveryTenantAsync(time, start, exporter.Registry.Collectors, generation);
        }

        // The load runs for LoadFor in all (at least until both generations were polled), then the clients stop.
        var remaining = LoadFor - clock.Elapsed;
        stop.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        await Task.WhenAll(scrapers).WaitAsync(LoadFor + TimeSpan.FromSeconds(60));
        output.WriteLine($"{answers} answers in {clock.Elapsed.TotalSeconds:0.0} s from {Clients} clients; {torn} tenant rows with score and time from successive polls");

        Assert.True(failures.IsEmpty, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
        Assert.Equal(0, torn);
        Assert.True(answers >= Clients, $"only {answers} answers");
        Assert.All(exporter.Registry.Collectors, t => Assert.True(t.Snapshot.Up, t.Snapshot.LastFailureDetail));
        var final = await exporter.ScrapeAsync();
        Assert.Equal(Generations * 1000 + 7, final.Value("defender_device_secure_score", ("tenant", Name(7))));
    }

    /// <summary>
    /// Moves the fake clock one poll interval at a time until every tenant has published the generation's values, and
    /// moves it again only once every collector has completed each poll its schedule made due (the first cycle at
    /// <paramref name="start"/>, then one at start + phase + k intervals). "No poll in flight" would not do: a poll queued
    /// for one of the 32 slots is not counted yet, and moving on without it would let a tenant go stale. The polls
    /// themselves run on real time, under the scrape load.
    /// </summary>
    private static async Task PollEveryTenantAsync(FakeTimeProvider time, DateTimeOffset start, IReadOnlyList<ScoreExporter.Polling.CollectorState> state, int generation)
    {
        var interval = TestExporter.PollInterval;
        while (!state.Select((t, i) => t.Snapshot.ValueOf(ConfigurationScoreCollector.Score) == (generation * 1000) + i).All(fresh => fresh))
        {
            time.Advance(interval);
            var elapsed = time.GetUtcNow() - start;
            await Eventually.TrueAsync(
                () => state.All(t => t.CompletedPolls >= 1 + Math.Max(0, Math.Floor((elapsed - t.Phase) / interval))),
                $"every tenant polled as its schedule says, for generation {generation}",
                TimeSpan.FromSeconds(60));
        }
    }

    private static string Name(int index) => "t" + index.ToString("D3", CultureInfo.InvariantCulture);

    // Generation g of tenant i: score g*1000+i, computed at Base + (g*1000+i) seconds.
    private static void SetGeneration(SimulatedTenant[] tenants, int generation)
    {
        for (var i = 0; i < tenants.Length; i++)
        {
            var code = (generation * 1000) + i;
            tenants[i].SetScore(code, Base.AddSeconds(code));
        }
    }

    /// <summary>Checks one answer; returns how many tenants showed score and time from two successive polls.</summary>
    private static int Check(string body, ConcurrentQueue<string> failures)
    {
        const string ScorePrefix = "defender_device_secure_score{tenant=\"t";
        const string TimePrefix = "defender_device_secure_score_updated_timestamp_seconds{tenant=\"t";
        var scores = new double?[Tenants];
        var times = new double?[Tenants];
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            var (prefix, into) = line.StartsWith(ScorePrefix) ? (ScorePrefix, scores) : line.StartsWith(TimePrefix) ? (TimePrefix, times) : (null, null);
            if (prefix is null || into is null)
            {
                continue;
            }

            var rest = line[prefix.Length..];
            var index = int.Parse(rest[..3], CultureInfo.InvariantCulture);
            into[index] = double.Parse(rest[(rest.IndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        var tornRows = 0;
        for (var i = 0; i < Tenants; i++)
        {
            if (scores[i] is not { } score || times[i] is not { } time)
            {
                failures.Enqueue($"{Name(i)} missing from an answer of {body.Length} chars");
                return tornRows;
            }

            var scoreCode = (int)score;
            var timeCode = (int)(time - Base.ToUnixTimeSeconds());
            if (scoreCode % 1000 != i || timeCode % 1000 != i)
            {
                failures.Enqueue($"{Name(i)} shows score {score} and time code {timeCode}: another tenant's value");
            }
            else if (Math.Abs((scoreCode / 1000) - (timeCode / 1000)) > 1)
            {
                failures.Enqueue($"{Name(i)} shows score {score} with time code {timeCode}: generations apart");
            }
            else if (scoreCode != timeCode)
            {
                tornRows++;
            }
        }

        return tornRows;
    }
}
