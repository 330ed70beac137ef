using ScoreExporter.Collectors;
using DefenderSimulator;
using ScoreExporter.Defender;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// One tenant's permanent failure, hang, throttling or flood of errors never delays or changes another tenant's values
/// or poll schedule: healthy tenants keep polling exactly one interval apart, with their own values and no errors.
/// Holds while the misbehaving tenants are fewer than MaxConcurrentPolls (8 by default): each poll holds a slot.
/// </summary>
public sealed class TenantIsolationTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Names = ["steady-a", "hanging", "flooding", "dead", "throttled", "slow-drip", "forbidden", "steady-b"];

    [Fact]
    public async Task Hanging_flooding_dead_throttled_and_forbidden_tenants_never_delay_or_change_healthy_tenants()
    {
        await using var fleet = await FleetRig.StartAsync(Names);
        fleet["hanging"].SetApiFault(ApiFault.Hang());
        fleet["flooding"].SetApiFault(ApiFault.Status(500));
        fleet.State("dead").Tenant.Credential.Invalidate();
        fleet["dead"].SetTokenFault(TokenFault.InvalidClient());
        fleet["throttled"].SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 3600));
        fleet["slow-drip"].SetApiFault(ApiFault.SlowDrip(TimeSpan.FromSeconds(1)));
        fleet["forbidden"].SetApiFault(ApiFault.Forbidden());
        var startRequests = Names.ToDictionary(n => n, n => fleet.ApiRequests(n).Length);

        await fleet.RunAsync(TimeSpan.FromMinutes(2), Step, pace: TimeSpan.FromMilliseconds(10));

        foreach (var healthy in new[] { "steady-a", "steady-b" })
        {
            var index = Array.IndexOf(Names, healthy);
            var calls = fleet.ApiRequests(healthy).Skip(startRequests[healthy]).ToArray();
            Assert.InRange(calls.Length, 11, 13);
            Assert.All(calls, call => Assert.Equal(200, call.StatusCode));

            // Every poll in its own slot: one interval apart, give or take one step of the test's clock.
            var gaps = calls.Zip(calls.Skip(1), (a, b) => b.At - a.At).ToArray();
            Assert.All(gaps, gap => Assert.InRange(gap, Interval - Step, Interval + Step));

            var state = fleet.State(healthy);
            Assert.True(state.Snapshot.Up, $"{healthy}: {state.Snapshot.LastFailureDetail}");
            Assert.Equal(FleetRig.ScoreOf(index), state.Snapshot.ValueOf(ConfigurationScoreCollector.Score));
            Assert.All(FailureReasons.All, reason => Assert.Equal(0, state.Errors(reason)));
        }

        // The misbehaving tenants did fail, each for its own reason, and kept their own last good score.
        Assert.True(fleet.State("hanging").Errors(FailureReason.Timeout) >= 10);
        Assert.True(fleet.State("flooding").Errors(FailureReason.ServerError) >= 10);
        Assert.True(fleet.State("dead").Errors(FailureReason.Auth) >= 10);
        Assert.True(fleet.State("throttled").Errors(FailureReason.Throttled) >= 10);
        Assert.True(fleet.State("slow-drip").Errors(FailureReason.Timeout) >= 10);
        Assert.True(fleet.State("forbidden").Errors(FailureReason.Forbidden) >= 10);
        for (var i = 0; i < Names.Length; i++)
        {
            Assert.Equal(FleetRig.ScoreOf(i), fleet.State(Names[i]).Snapshot.ValueOf(ConfigurationScoreCollector.Score));
        }

        var metrics = await fleet.Exporter.ScrapeAsync();
        Assert.Equal(FleetRig.ScoreOf(0), metrics.Value("defender_device_secure_score", ("tenant", "steady-a")));
        Assert.Equal(FleetRig.ScoreOf(Names.Length - 1), metrics.Value("defender_device_secure_score", ("tenant", "steady-b")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "steady-a")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "steady-b")));
    }
}
