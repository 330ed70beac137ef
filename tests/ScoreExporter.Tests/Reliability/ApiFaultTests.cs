using System.Net;
using DefenderSimulator;
using Microsoft.AspNetCore.Http;
using ScoreExporter.Defender;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Every way the score API can fail, one case each: the poll counts the expected reason, spends the expected number
/// of attempts, keeps the last good score, leaks nothing, and the tenant recovers once the fault is gone.
/// Settings are the defaults at a 10 s interval: 5 s poll timeout, 3 retries, Retry-After honoured up to 2.5 s.
/// </summary>
public sealed class ApiFaultTests
{
    private const int AllAttempts = 4; // one attempt and MaxRetries (3) retries

    // Backoff is 1 s, 2 s, 2.5 s with jitter: the last retry may not fit in the 5 s poll, which then ends while waiting.
    private const int MostAttemptsThatFit = 3;

    [Fact]
    public async Task Api_429_without_Retry_After_is_retried_with_backoff_then_counted_throttled()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: null));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "throttled");
        Assert.InRange(poll.ApiAttempts, MostAttemptsThatFit, AllAttempts);
        AssertGapsGrow(poll.ApiRequestsSeen);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_429_with_Retry_After_2_waits_2_seconds_before_each_retry_then_counts_throttled()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 2));

        var poll = await rig.PollAsync();

        // Three 2 s waits do not fit in the 5 s poll: the poll ends while waiting, and the cause is still the 429.
        Assert.Equal(3, poll.ApiRequestsSeen.Length);
        Assert.All(Gaps(poll.ApiRequestsSeen), gap => Assert.True(gap >= TimeSpan.FromSeconds(2), $"retried after {gap}"));
        rig.AssertFailedKeepingTheScore(poll, "throttled");
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_429_with_Retry_After_1_recovering_on_retry_costs_no_error()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 1));

        var poll = await rig.PollAsync(clearFaultsWhen: requests => requests.Any(r => r.StatusCode == 429));

        Assert.True(poll.Up, poll.ToString());
        Assert.Null(poll.Reason);
        Assert.Equal(2, poll.ApiRequestsSeen.Length);
        Assert.True(Gaps(poll.ApiRequestsSeen).Single() >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Api_429_with_a_huge_Retry_After_is_not_retried_and_skips_the_tenant_for_at_most_an_hour()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: int.MaxValue));

        var poll = await rig.PollAsync();
        rig.AssertFailedKeepingTheScore(poll, "throttled");
        Assert.Equal(1, poll.ApiAttempts);

        // The next polls honour it without calling: counted throttled, no request.
        rig.Tenant.SetApiFault(null);
        for (var i = 0; i < 3; i++)
        {
            var skipped = await rig.PollAsync();
            Assert.Equal("throttled", skipped.Reason);
            Assert.Equal(0, skipped.ApiAttempts + skipped.TokenAttempts);
        }

        // A Retry-After of 68 years is not obeyed to the letter: polling resumes within the API's hourly window.
        rig.Time.Advance(TimeSpan.FromHours(1));
        var resumed = await rig.PollAsync();
        Assert.True(resumed.Up, resumed.ToString());
        await rig.AssertNoSecretsAsync();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Api_5xx_is_retried_then_counted_server_error(int status)
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Status(status));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "server_error");
        Assert.InRange(poll.ApiAttempts, MostAttemptsThatFit, AllAttempts);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_503_on_every_attempt_is_server_error_even_when_the_poll_runs_out_of_time_while_retrying()
    {
        // A 2 s poll cannot hold three 1 s backoffs: the poll ends while waiting to retry.
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:PollTimeout"] = "00:00:02");
        rig.Tenant.SetApiFault(ApiFault.Status(503));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "server_error");
        Assert.InRange(poll.ApiAttempts, 2, 3);
        Assert.InRange(poll.Duration, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Api_401_is_not_retried_and_the_next_poll_signs_in_afresh()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Unauthorized());

        var poll = await rig.PollAsync();
        rig.AssertFailedKeepingTheScore(poll, "unauthorized");
        Assert.Equal(1, poll.ApiAttempts);
        Assert.Equal(0, poll.TokenAttempts);

        rig.ClearFaults();
        var next = await rig.PollAsync();
        Assert.True(next.Up, next.ToString());
        Assert.Equal(1, next.TokenAttempts);
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_403_Forbidden_is_not_retried_and_counted_forbidden()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Forbidden());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "forbidden");
        Assert.Equal(1, poll.ApiAttempts);
        Assert.Contains("Forbidden", poll.Detail, StringComparison.Ordinal);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_403_DisabledFeature_is_not_retried_and_counted_forbidden_with_its_code()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.DisabledFeature());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "forbidden");
        Assert.Equal(1, poll.ApiAttempts);
        Assert.Contains("DisabledFeature", poll.Detail, StringComparison.Ordinal);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_404_is_not_retried_and_counted_client_error()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Status(404));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "client_error");
        Assert.Equal(1, poll.ApiAttempts);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_hang_past_every_timeout_ends_the_poll_at_the_poll_timeout_as_timeout()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Hang());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "timeout");
        Assert.InRange(poll.Duration, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_hang_with_a_short_request_timeout_is_retried_within_the_poll_timeout()
    {
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:RequestTimeout"] = "00:00:01");
        rig.Tenant.SetApiFault(ApiFault.Hang());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "timeout");
        Assert.InRange(poll.ApiRequestsSeen.Length, 2, AllAttempts);
        Assert.True(poll.Duration <= TimeSpan.FromSeconds(5.5), poll.ToString());
        await rig.AssertRecoversAsync();
    }

    [Fact]
    public async Task Api_connection_refused_is_retried_then_counted_network()
    {
        var refusing = HostileServer.RefusingUrl();
        await using var refused = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = refusing.ToString(), waitUntilReady: false);

        var poll = await refused.PollAsync();

        Assert.Equal("network", poll.Reason);
        Assert.InRange(poll.ApiAttempts, MostAttemptsThatFit, AllAttempts);
        await refused.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_connection_reset_mid_body_is_counted_network()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.ResetMidBody());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "network");
        Assert.InRange(poll.ApiAttempts, 1, AllAttempts);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_TLS_failure_from_an_untrusted_certificate_is_counted_network_and_sends_no_token()
    {
        using var certificate = HostileServer.UntrustedCertificate();
        var reached = 0;
        await using var server = await HostileServer.StartAsync(
            context =>
            {
                Interlocked.Increment(ref reached);
                return context.Response.WriteAsync("{}");
            },
            certificate);
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = server.BaseUrl.ToString(), waitUntilReady: false);

        var poll = await rig.PollAsync();

        Assert.Equal("network", poll.Reason);
        Assert.InRange(poll.ApiAttempts, MostAttemptsThatFit, AllAttempts);
        Assert.Equal(0, Volatile.Read(ref reached)); // no request, so no bearer token, went over the untrusted connection
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Api_slow_drip_body_is_cut_off_at_the_poll_timeout_as_timeout()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.SlowDrip(TimeSpan.FromMilliseconds(500)));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "timeout");
        Assert.Equal(1, poll.ApiAttempts);
        Assert.InRange(poll.Duration, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    private static TimeSpan[] Gaps(RequestRecord[] requests) =>
        requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToArray();

    private static void AssertGapsGrow(RequestRecord[] requests)
    {
        var gaps = Gaps(requests);
        Assert.All(gaps, gap => Assert.True(gap > TimeSpan.Zero, "retried without waiting"));
    }
}
