using ScoreExporter.Collectors;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Defender;
using ScoreExporter.Polling;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// One tenant, <c>contoso</c>, polled by the real exporter host from a simulator, both on one fake clock (so the
/// simulator's request log is in the exporter's time). It runs one poll at a time and reports what that poll did.
/// </summary>
internal sealed class OneTenantRig : IAsyncDisposable
{
    public const string Name = "contoso";
    public const string Secret = "Rel1ab~Secret.Value_5c2e9a71";
    public const double GoodScore = 512.25;

    /// <summary>The default at a 10 s interval: 3 x PollInterval.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private OneTenantRig(SimulatorServer simulator, SimulatedTenant tenant, TestExporter exporter, FakeTimeProvider time, DateTimeOffset scoreTime)
    {
        Simulator = simulator;
        Tenant = tenant;
        Exporter = exporter;
        Time = time;
        GoodScoreTime = scoreTime;
    }

    public SimulatorServer Simulator { get; }

    public SimulatedTenant Tenant { get; }

    public TestExporter Exporter { get; }

    public FakeTimeProvider Time { get; }

    public DateTimeOffset GoodScoreTime { get; }

    public CollectorState State => Exporter.Score(Name);

    /// <summary>Starts the rig and waits for the first (good) poll; <paramref name="configure"/> edits the exporter's settings.</summary>
    /// <remarks>Tokens live a day of fake time: tests that jump the clock by hours should not meet expiry by surprise.</remarks>
    public static async Task<OneTenantRig> StartAsync(Action<Dictionary<string, string?>>? configure = null, bool waitUntilReady = true)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromDays(1) });
        try
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Secret);
            var scoreTime = time.GetUtcNow().AddHours(-2);
            tenant.SetScore(GoodScore, scoreTime);
            var settings = TestExporter.TenantSettings(0, Name, tenant);
            configure?.Invoke(settings);
            var exporter = await TestExporter.StartAsync(simulator, settings, time, waitUntilReady);
            if (!waitUntilReady)
            {
                // The first poll is under way; its sign-in (cold, on real time) must not race a fast-forwarded clock.
                await Eventually.TrueAsync(() => simulator.Log.Snapshot().Any(r => r.Kind == RequestKind.Token && r.StatusCode == 200), "the first token");
            }

            return new OneTenantRig(simulator, tenant, exporter, time, scoreTime);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Lets the next scheduled poll run to its end and reports what it did. <paramref name="clearFaultsWhen"/> sees the
    /// poll's requests so far before each step of the clock, so a test can end a fault between two attempts exactly.
    /// </summary>
    /// <param name="holdTheClockDuringThePoll">See <see cref="PollDriver.PollOnceAsync"/>.</param>
    public async Task<PollObservation> PollAsync(Func<RequestRecord[], bool>? clearFaultsWhen = null, bool holdTheClockDuringThePoll = false)
    {
        // Read from the tenant's state, not /metrics: the Prometheus exporter caches its response for 300 ms.
        // The first poll may be under way already (a rig started without waiting): count it from zero.
        var first = State.CompletedPolls == 0;
        var errorsBefore = FailureReasons.All.Select(r => first ? 0 : State.Errors(r)).ToArray();
        var apiBefore = first ? 0 : Attempts(TestExporter.ConfigurationScore);
        var tokenBefore = first ? 0 : Attempts(RequestCountingHandler.TokenEndpoint);
        var requestsBefore = first ? 0 : Simulator.Log.Snapshot().Count;
        RequestRecord[] Requests() => Simulator.Log.Snapshot().Skip(requestsBefore).Where(r => r.TenantId == Tenant.TenantId).ToArray();

        var started = await PollDriver.PollOnceAsync(
            Time,
            State,
            beforeStep: () =>
            {
                if (clearFaultsWhen is not null && clearFaultsWhen(Requests()))
                {
                    ClearFaults();
                    clearFaultsWhen = null;
                }
            },
            holdTheClockDuringThePoll);

        var snapshot = State.Snapshot;
        var reasons = FailureReasons.All.Where(r => State.Errors(r) > errorsBefore[(int)r]).Select(r => r.Label()).ToArray();
        return new PollObservation(
            Assert.Single(reasons.DefaultIfEmpty()),
            ApiAttempts: (int)(Attempts(TestExporter.ConfigurationScore) - apiBefore),
            TokenAttempts: (int)(Attempts(RequestCountingHandler.TokenEndpoint) - tokenBefore),
            ApiRequestsSeen: Requests().Where(r => r.Kind == RequestKind.Api).ToArray(),
            Duration: snapshot.LastAttempt!.Value - started,
            Up: snapshot.Up,
            Score: snapshot.LastSuccess >= Time.GetUtcNow() - StaleAfter ? snapshot.ValueOf(ConfigurationScoreCollector.Score) : null,
            ScoreTime: snapshot.ValueOf(ConfigurationScoreCollector.Time),
            Detail: snapshot.LastFailureDetail);
    }

    public void ClearFaults()
    {
        Tenant.SetApiFault(null);
        Tenant.SetTokenFault(null);
    }

    /// <summary>Clears every fault and checks the next poll succeeds again with a new score.</summary>
    public async Task AssertRecoversAsync()
    {
        ClearFaults();
        Tenant.SetScore(GoodScore + 1, GoodScoreTime.AddHours(1));
        var next = await PollAsync();
        Assert.True(next.Up, $"did not recover: {next}");
        Assert.Equal(GoodScore + 1, next.Score);
    }

    /// <summary>Asserts the poll failed for <paramref name="reason"/> and the last good values are still published.</summary>
    public void AssertFailedKeepingTheScore(PollObservation poll, string reason)
    {
        Assert.True(poll.Reason == reason, $"expected {reason}, observed {poll}");
        Assert.False(poll.Up);
        Assert.Equal(GoodScore, poll.Score);
        Assert.Equal(GoodScoreTime.ToUnixTimeMilliseconds() / 1000.0, poll.ScoreTime);
    }

    public Task AssertNoSecretsAsync(params string[] alsoSecret) =>
        SecretScan.AssertCleanAsync(Exporter, [Secret, .. alsoSecret], Tenant.ClientId);

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

    private long Attempts(string endpoint) => State.Tenant.RequestCounters.Where(c => c.Endpoint == endpoint).Sum(c => c.Count);
}

/// <summary>What one poll did, as seen on /metrics and in the simulator's request log.</summary>
internal sealed record PollObservation(
    string? Reason,
    int ApiAttempts,
    int TokenAttempts,
    RequestRecord[] ApiRequestsSeen,
    TimeSpan Duration,
    bool Up,
    double? Score,
    double? ScoreTime,
    string? Detail)
{
    public override string ToString() =>
        $"reason={Reason ?? "none"} api attempts={ApiAttempts} token attempts={TokenAttempts} seen={ApiRequestsSeen.Length} "
        + $"duration={Duration.TotalSeconds:0.###}s up={Up} score={Score} detail='{Detail}'";
}
