using System.Globalization;
using System.Text;
using DefenderSimulator;
using ScoreExporter.Defender;
using ScoreExporter.Configuration;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Benchmarks;

/// <summary>
/// What polling costs a tenant admin, over a simulated day at the default five-minute interval: API calls and
/// token requests per tenant per hour, healthy and under faults. The figures go to the test output (and to
/// <c>$SCORE_EXPORTER_BENCH_OUT/api-cost.md</c> when set, for bench/apicost.sh); the assertions keep the budget.
/// </summary>
public sealed class ApiCostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly int PollsPerHour = (int)(TimeSpan.FromHours(1) / Interval);

    [Fact]
    public async Task A_healthy_day_costs_one_api_call_per_tenant_per_interval_and_one_token_request()
    {
        const int Tenants = 6;
        const int Hours = 24;
        await using var day = await SimulatedDay.StartAsync(Tenants, Interval);

        await day.RunAsync(TimeSpan.FromHours(Hours));

        for (var i = 0; i < Tenants; i++)
        {
            var state = day.Exporter.Score(day.Names[i]);
            Assert.Equal(day.ExpectedPolls(i), state.CompletedPolls);
            Assert.Equal(state.CompletedPolls, day.Tenants[i].ApiRequestCount);

            // The token outlives the simulated day on the credential's own (real) clock: one request.
            Assert.Equal(1, day.Tenants[i].TokenRequestCount);
        }

        var api = day.PerHour(day.ApiCallsPerMinute, Hours);
        for (var i = 0; i < Tenants; i++)
        {
            // Hour 0 also holds the start-up poll.
            for (var hour = 1; hour < Hours; hour++)
            {
                Assert.Equal(PollsPerHour, api[i, hour]);
            }
        }

        Report("healthy", day, Hours, "no faults");
    }

    [Fact]
    public async Task A_day_with_faults_stays_inside_the_api_limits_and_signs_in_again_only_when_needed()
    {
        const int Tenants = 4;
        const int Hours = 24;
        await using var day = await SimulatedDay.StartAsync(Tenants, Interval);
        var invalidations = new int[Tenants];
        var authOutageHours = new int[Tenants];

        await day.RunAsync(TimeSpan.FromHours(Hours), hour =>
        {
            for (var i = 0; i < Tenants; i++)
            {
                var tenant = day.Tenants[i];
                tenant.SetApiFault(null);
                tenant.SetTokenFault(null);
                if (hour == Hours - 1)
                {
                    continue; // a quiet last hour: every tenant must have recovered by the end
                }

                // Each tenant meets the same day of faults, shifted by its index so they do not line up.
                switch ((hour + (3 * i)) % 12)
                {
                    case 1: tenant.SetApiFault(ApiFault.Status(500), times: 1); break; // retried, succeeds
                    case 3: tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 2), times: 1); break;
                    case 5: tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 900), times: 1); break; // polls skipped for 15 min
                    case 7: tenant.SetApiFault(ApiFault.Status(503)); break; // an hour-long outage: retries, then the breaker
                    case 9:
                        tenant.SetApiFault(ApiFault.Unauthorized(), times: 1); // token rejected: sign in afresh
                        invalidations[i]++;
                        break;
                    case 11:
                        // The secret stops working for an hour: every poll asks for a token once, and fails.
                        tenant.SetApiFault(ApiFault.Unauthorized(), times: 1);
                        tenant.SetTokenFault(TokenFault.InvalidClient());
                        invalidations[i]++;
                        authOutageHours[i]++;
                        break;
                }
            }
        });

        var api = day.PerHour(day.ApiCallsPerMinute, Hours);
        var tokens = day.PerHour(day.TokenRequestsPerMinute, Hours);
        for (var i = 0; i < Tenants; i++)
        {
            output.WriteLine($"{day.Names[i]} API calls per hour: {string.Join(' ', Enumerable.Range(0, Hours).Select(h => api[i, h]))}; token requests per hour: {string.Join(' ', Enumerable.Range(0, Hours).Select(h => tokens[i, h]))}");
        }

        var worstHour = RateBudget.WorstCaseCalls(TimeSpan.FromHours(1), new PollSchedule(Interval, 1), new DefenderOptions().MaxRetries);
        for (var i = 0; i < Tenants; i++)
        {
            Assert.InRange(MaxPerMinute(day.ApiCallsPerMinute, i), 0, CallLimits.DefenderApi.PerMinute);
            for (var hour = 0; hour < Hours; hour++)
            {
                Assert.InRange(api[i, hour], 0, worstHour);
            }

            // One sign-in at start, one after each rejected token, and one per poll while the secret is refused.
            var tokenBudget = 1 + invalidations[i] + (authOutageHours[i] * (PollsPerHour + 1));
            Assert.InRange(day.Tenants[i].TokenRequestCount, 1, tokenBudget);
            Assert.True(day.Exporter.Score(day.Names[i]).Snapshot.Up, day.Exporter.Score(day.Names[i]).Snapshot.LastFailureDetail);
        }

        Report(
            "faults",
            day,
            Hours,
            "every 12 h per tenant: one 500 (retried), one 429 Retry-After 2 s, one 429 Retry-After 15 min, an hour of 503, "
            + "one 401 (token rejected), an hour of invalid_client from the token endpoint",
            api,
            tokens);
    }

    private static long MaxPerMinute(Dictionary<(int Tenant, long Minute), long> perMinute, int tenant) =>
        perMinute.Where(p => p.Key.Tenant == tenant).Select(p => p.Value).DefaultIfEmpty(0).Max();

    private void Report(string name, SimulatedDay day, int hours, string faults, long[,]? api = null, long[,]? tokens = null)
    {
        api ??= day.PerHour(day.ApiCallsPerMinute, hours);
        tokens ??= day.PerHour(day.TokenRequestsPerMinute, hours);
        var tenants = day.Tenants.Count;
        double Mean(long[,] table) => table.Cast<long>().Sum() / (double)(tenants * hours);
        long Max(long[,] table) => table.Cast<long>().Max();
        var worstMinute = Enumerable.Range(0, tenants).Max(i => MaxPerMinute(day.ApiCallsPerMinute, i));
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"| {name} | {tenants} | {hours} h | {Interval.TotalMinutes:0} min | ")
            .Append(CultureInfo.InvariantCulture, $"{Mean(api):0.00} | {Max(api)} | {worstMinute} | {Mean(tokens):0.00} | {Max(tokens)} | ")
            .Append(CultureInfo.InvariantCulture, $"{day.Tenants.Sum(t => t.ApiRequestCount)} | {day.Tenants.Sum(t => t.TokenRequestCount)} | {faults} | ")
            .ToString();
        var failed = string.Join(", ", FailureReasons.All
            .Select(r => (Reason: r.Label(), Count: day.Names.Sum(n => day.Exporter.Score(n).Errors(r))))
            .Where(r => r.Count > 0)
            .Select(r => $"{r.Reason} {r.Count}"));
        text = text[..^1] + (failed.Length > 0 ? failed : "none") + " |";
        output.WriteLine("| case | tenants | simulated | interval | API calls/tenant/h mean | max tenant-hour | max tenant-minute | token requests/tenant/h mean | max tenant-hour | API calls total | token requests total | faults | failed polls by reason |");
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("SCORE_EXPORTER_BENCH_OUT") is { Length: > 0 } dir)
        {
            File.AppendAllText(Path.Combine(dir, "api-cost.rows"), text + Environment.NewLine);
        }
    }
}
