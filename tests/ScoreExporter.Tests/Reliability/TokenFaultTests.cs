using DefenderSimulator;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Every way the Entra token endpoint can fail, one case each: no token means <c>auth</c> and no API call; a token the
/// API refuses is replaced, never presented again.
/// </summary>
public sealed class TokenFaultTests
{
    [Fact]
    public Task Token_invalid_client_is_auth_and_calls_no_api() => AssertNoTokenAsync(TokenFault.InvalidClient(), "invalid_client");

    [Fact]
    public Task Token_unauthorized_client_is_auth_and_calls_no_api() => AssertNoTokenAsync(TokenFault.UnauthorizedClient(), "unauthorized_client");

    [Fact]
    public async Task Token_endpoint_500_is_auth_after_the_identity_library_retries()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.State.Tenant.Credential.Invalidate();
        rig.Tenant.SetTokenFault(TokenFault.ServerError());

        // Azure.Identity waits on the real clock between its retries: let them run as in production.
        var poll = await rig.PollAsync(holdTheClockDuringThePoll: true);

        rig.AssertFailedKeepingTheScore(poll, "auth");
        Assert.Equal(0, poll.ApiAttempts);
        Assert.InRange(poll.TokenAttempts, 2, 6);
        Assert.Contains("AADSTS90033", poll.Detail, StringComparison.Ordinal);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Token_endpoint_hang_is_auth_at_the_poll_timeout()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.State.Tenant.Credential.Invalidate();
        rig.Tenant.SetTokenFault(TokenFault.Hang());

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "auth");
        Assert.Equal(0, poll.ApiAttempts);
        Assert.Contains("timed out", poll.Detail, StringComparison.Ordinal);
        Assert.InRange(poll.Duration, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Token_with_expires_in_0_is_fetched_anew_for_every_poll_and_never_reused_after_a_401()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.State.Tenant.Credential.Invalidate();
        rig.Tenant.SetTokenFault(TokenFault.ExpiresIn(0));

        var polls = new List<PollObservation>();
        for (var i = 0; i < 3; i++)
        {
            polls.Add(await rig.PollAsync());
        }

        // The simulator refuses a token that has already expired; each poll must ask for a new one, once.
        Assert.All(polls, poll => Assert.Equal(1, poll.TokenAttempts));
        Assert.All(polls, poll => Assert.Equal(1, poll.ApiAttempts));
        Assert.All(polls, poll => Assert.Equal("unauthorized", poll.Reason));
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Token_without_expires_in_is_accepted_and_used()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.State.Tenant.Credential.Invalidate();
        rig.Tenant.SetTokenFault(TokenFault.ExpiresIn(null));

        var poll = await rig.PollAsync();

        Assert.True(poll.Up, poll.ToString());
        Assert.Equal(1, poll.TokenAttempts);
        Assert.Equal(1, poll.ApiAttempts);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    [Fact]
    public async Task Token_rejected_by_the_api_with_401_is_replaced_on_the_next_poll_not_retried()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.RevokeIssuedTokens();

        var rejected = await rig.PollAsync();
        rig.AssertFailedKeepingTheScore(rejected, "unauthorized");
        Assert.Equal(1, rejected.ApiAttempts);
        Assert.Equal(0, rejected.TokenAttempts);

        var next = await rig.PollAsync();
        Assert.True(next.Up, next.ToString());
        Assert.Equal(1, next.TokenAttempts);
        Assert.Equal(1, next.ApiAttempts);

        var after = await rig.PollAsync();
        Assert.True(after.Up);
        Assert.Equal(0, after.TokenAttempts); // the new token is cached again
        await rig.AssertNoSecretsAsync();
    }

    private static async Task AssertNoTokenAsync(TokenFault fault, string? oauthError)
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.State.Tenant.Credential.Invalidate();
        rig.Tenant.SetTokenFault(fault);

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "auth");
        Assert.Equal(0, poll.ApiAttempts);
        Assert.True(poll.TokenAttempts >= 1, poll.ToString());
        if (oauthError is not null)
        {
            Assert.Contains(oauthError, poll.Detail, StringComparison.Ordinal);
        }

        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }
}
