using DefenderSimulator;
using ScoreExporter.Defender;
using ScoreExporter.Configuration;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// The Defender API allows 100 calls a minute and 1,500 an hour per tenant. Under a random mix of every fault, at the
/// shortest interval the exporter accepts (10 s, 3 retries), no tenant's calls in any sliding minute or hour pass
/// those limits (counted from the simulator's request log); and the circuit breaker stops hammering a dead tenant.
/// </summary>
public sealed class CallBudgetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly Action<SimulatedTenant>[] Faults =
    [
        t => t.SetApiFault(null),
        t => t.SetApiFault(ApiFault.Status(500)),
        t => t.SetApiFault(ApiFault.Status(503)),
        t => t.SetApiFault(ApiFault.Status(504)),
        t => t.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: null)),
        t => t.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 1)),
        t => t.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 30)),
        t => t.SetApiFault(ApiFault.Hang()),
        t => t.SetApiFault(ApiFault.ResetMidBody()),
        t => t.SetApiFault(ApiFault.SlowDrip(TimeSpan.FromSeconds(1))),
        t => t.SetApiFault(ApiFault.Unauthorized()),
        t => t.SetApiFault(ApiFault.Forbidden()),
        t => t.SetApiFault(ApiFault.MalformedJson()),
        t => t.SetTokenFault(TokenFault.ServerError()),
    ];

    [Fact]
    public async Task Under_a_random_fault_mix_no_tenant_passes_100_calls_a_minute_or_1500_an_hour()
    {
        string[] names = ["chaos-1", "chaos-2", "chaos-3", "server-errors", "always-throttled", "worst-case"];
        await using var fleet = await FleetRig.StartAsync(names);
        fleet["server-errors"].SetApiFault(ApiFault.Status(503));
        fleet["always-throttled"].SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 2));
        var random = new Random(20261129);
        var period = -1L;

        // The costliest mix: every poll fails twice and succeeds on the retry after, so the breaker never opens (a third
        // failure would leave no room for a fourth attempt in the 5 s poll, and the breaker would open).
        var worstCase = fleet.State("worst-case");
        var worstCasePolls = -1L;

        // Every 7 s of fake time each chaos tenant draws a new fault (or none), out of step with its 10 s poll slots.
        await fleet.RunAsync(Hour + (5 * Minute), step: TimeSpan.FromSeconds(1), pace: TimeSpan.FromMilliseconds(2), beforeStep: now =>
        {
            if (worstCase.Polls != worstCasePolls && worstCase.Polls == worstCase.CompletedPolls)
            {
                worstCasePolls = worstCase.Polls;
                fleet["worst-case"].SetApiFault(ApiFault.Status(503), times: 2);
            }

            var current = now.ToUnixTimeSeconds() / 7;
            if (current == period)
            {
                return;
            }

            period = current;
            foreach (var name in names.Where(n => n.StartsWith("chaos", StringComparison.Ordinal)))
            {
                fleet[name].SetTokenFault(null);
                Faults[random.Next(Faults.Length)](fleet[name]);
            }
        });

        foreach (var name in names)
        {
            var calls = fleet.ApiRequests(name).Select(r => r.At).Order().ToArray();
            Assert.True(calls.Length > 100, $"{name} made only {calls.Length} calls: the run did not exercise the budget");
            var perMinute = MostInAnyWindow(calls, Minute);
            var perHour = MostInAnyWindow(calls, Hour);
            output.WriteLine($"{name}: {calls.Length} calls, at most {perMinute} in a minute and {perHour} in an hour");
            Assert.True(perMinute <= CallLimits.DefenderApi.PerMinute, $"{name}: {perMinute} calls in one minute");
            Assert.True(perHour <= CallLimits.DefenderApi.PerHour, $"{name}: {perHour} calls in one hour");
        }

        // The breaker: a tenant failing every attempt for an hour cost far less than its worst case of 4 calls a poll.
        var dead = fleet.ApiRequests("server-errors").Length;
        var deadPolls = fleet.State("server-errors").Polls;
        Assert.True(dead < deadPolls, $"server-errors: {dead} calls in {deadPolls} polls");
        // Skipped polls still count as failures, under the breaker's last failure (a poll the fast clock outran counts timeout).
        var failed = FailureReasons.All.Sum(fleet.State("server-errors").Errors);
        Assert.True(failed >= deadPolls - 2, $"{failed} failures counted in {deadPolls} polls");
        Assert.True(fleet.State("server-errors").Errors(FailureReason.ServerError) >= deadPolls / 2, "most counted as server_error");
    }

    [Fact]
    public async Task The_circuit_breaker_stops_calling_a_dead_tenant_and_lets_it_back_once_it_answers()
    {
        string[] names = ["dead", "alive"];
        await using var fleet = await FleetRig.StartAsync(names);
        fleet["dead"].SetApiFault(ApiFault.Status(503));
        var died = fleet.Time.GetUtcNow();
        var pollsBefore = fleet.State("dead").Polls;

        await fleet.RunAsync(TimeSpan.FromMinutes(5), step: TimeSpan.FromMilliseconds(500), pace: TimeSpan.FromMilliseconds(5));

        var polls = fleet.State("dead").Polls - pollsBefore;
        Assert.InRange(polls, 29, 31);

        // The breaker opens once the window (2.5 intervals) holds only failures: within the first minute, since the
        // last success must age out first. From then on one probe every other poll, instead of 4 calls a poll.
        const int LastFourMinutesOfPolls = 24;
        var settled = died + TimeSpan.FromMinutes(1);
        var late = fleet.ApiRequests("dead").Count(r => r.At >= settled);
        var seconds = string.Join(" ", fleet.ApiRequests("dead").Where(r => r.At >= died).Select(r => (r.At - died).TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)));
        output.WriteLine($"dead tenant: {late} calls in its last {LastFourMinutesOfPolls} polls; calls at {seconds} s");
        Assert.True(late <= (LastFourMinutesOfPolls / 2) + 1, $"{late} calls in the last {LastFourMinutesOfPolls} polls; all calls at {seconds} s after it died");
        Assert.Equal(polls, fleet.State("dead").Errors(FailureReason.ServerError));
        Assert.Equal(0, fleet.State("alive").Errors(FailureReason.ServerError));

        fleet["dead"].SetApiFault(null);
        await fleet.RunAsync(TimeSpan.FromSeconds(25), step: TimeSpan.FromMilliseconds(500), pace: TimeSpan.FromMilliseconds(5));
        Assert.True(fleet.State("dead").Snapshot.Up, fleet.State("dead").Snapshot.LastFailureDetail);
    }

    private static int MostInAnyWindow(DateTimeOffset[] sortedTimes, TimeSpan window)
    {
        var most = 0;
        var start = 0;
        for (var end = 0; end < sortedTimes.Length; end++)
        {
            while (sortedTimes[end] - sortedTimes[start] >= window)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }
}
