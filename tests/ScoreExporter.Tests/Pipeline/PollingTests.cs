using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>Call budget, Retry-After, hangs and secret rotation, through the real pipeline on a fake clock.</summary>
public sealed class PollingTests
{
    [Fact]
    public async Task N_polls_cost_N_api_calls_and_one_token_request()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);

        const int Polls = 12;
        await exporter.AdvanceUntilAsync("contoso", Polls);

        Assert.Equal(Polls, tenant.ApiRequestCount);
        Assert.Equal(1, tenant.TokenRequestCount);
        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(Polls, metrics.Value("defender_scrapes_total", ("tenant", "contoso")));
        Assert.Equal(Polls, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "configuration_score"), ("code", "200")));
        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "token"), ("code", "200")));
    }

    [Fact]
    public async Task Polls_of_one_tenant_are_one_interval_apart()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:PollInterval"] = "00:01:00";
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);

        await exporter.AdvanceUntilAsync("contoso", 2);
        var second = time.GetUtcNow();
        await exporter.AdvanceUntilAsync("contoso", 3);
        var third = time.GetUtcNow();

        Assert.InRange(third - second, TimeSpan.FromSeconds(59.5), TimeSpan.FromSeconds(60.5));
    }

    [Fact]
    public async Task A_429_with_Retry_After_2_is_retried_after_2_seconds_and_not_counted_when_the_retry_succeeds()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 2), times: 1);
        var time = new TimerRecordingClock(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time, waitUntilReady: false);

        // The retry's wait starting on the fake clock is the signal; a premature retry would start no 2 s wait.
        var retryAfter = TimeSpan.FromSeconds(2);
        await Eventually.TrueAsync(() => time.DueTimes.Contains(retryAfter), "the retry to wait out Retry-After on the clock");
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(1, tenant.ApiRequestCount); // the retry waits on a timer 0.1 s short of firing

        time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => exporter.Score("contoso").CompletedPolls == 1, "the retried poll to finish");

        Assert.True(tenant.ApiRequestCount == 2, exporter.Logs.Text);
        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(0, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", "throttled")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso")));
        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "configuration_score"), ("code", "429")));
        Assert.Equal(1, metrics.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "configuration_score"), ("code", "200")));
    }

    [Fact]
    public async Task A_poll_throttled_on_every_attempt_counts_once_as_throttled_after_all_retries()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);

        tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 1));
        var before = tenant.ApiRequestCount;
        await exporter.PollOnceAsync("contoso");

        Assert.Equal(4, tenant.ApiRequestCount - before); // one attempt and three retries
        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(1, metrics.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", "throttled")));
        Assert.Equal(0, metrics.Value("defender_up", ("tenant", "contoso")));
    }

    [Fact]
    public async Task A_scrape_while_the_api_hangs_returns_the_cached_values_at_once()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(777, DateTimeOffset.UtcNow.AddHours(-1));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);
        var state = exporter.Score("contoso");
        tenant.SetApiFault(ApiFault.Hang());

        time.Advance(state.Phase + TimeSpan.FromSeconds(10)); // to the tenant's first scheduled slot
        await Eventually.TrueAsync(() => state.Polls == 2, "the next poll to start against the hanging API");

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, state.CompletedPolls); // the hanging poll is still in flight
        Assert.Equal(777, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso")));
    }

    [Fact]
    public async Task A_rotated_client_secret_file_is_picked_up_without_restart()
    {
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "first-secret");
        var secretFile = temp.File("client-secret");
        File.WriteAllText(secretFile, "first-secret\n");
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings.Remove("Defender:Tenants:0:ClientSecret");
        settings["Defender:Tenants:0:ClientSecretFile"] = secretFile;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        Assert.True(exporter.Score("contoso").Snapshot.Up);

        // Rotate as Entra and Kubernetes would: the old secret and the tokens it got stop working.
        tenant.ClientSecret = "second-secret";
        tenant.RevokeIssuedTokens();
        File.WriteAllText(secretFile, "second-secret\n");
        await exporter.PollOnceAsync("contoso");

        Assert.True(exporter.Score("contoso").Snapshot.Up, exporter.Score("contoso").Snapshot.LastFailureDetail);
        Assert.Equal(2, tenant.TokenRequestCount);
    }
}
