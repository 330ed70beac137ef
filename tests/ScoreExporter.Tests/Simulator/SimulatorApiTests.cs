using System.Net;
using System.Text.Json;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Simulator;

/// <summary>The score API: body shape, who may call it, and how the tenant is told apart.</summary>
public sealed class SimulatorApiTests
{
    [Fact]
    public async Task The_score_body_has_the_documented_shape()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.SetScore(340, new DateTimeOffset(2019, 12, 3, 9, 15, 58, TimeSpan.Zero).AddTicks(1665846));
        using var http = new SimulatorHttp(simulator);

        using var response = await http.GetScoreAsync(await http.TokenAsync(tenant));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://api.securitycenter.microsoft.com/api/$metadata#ConfigurationScore/$entity", body.RootElement.GetProperty("@odata.context").GetString());
        Assert.Equal("2019-12-03T09:15:58.1665846Z", body.RootElement.GetProperty("time").GetString());
        Assert.Equal(340, body.RootElement.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Each_tenant_sees_its_own_score_through_its_own_token()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var contoso = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "a");
        var fabrikam = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "b");
        contoso.SetScore(111, DateTimeOffset.UnixEpoch);
        fabrikam.SetScore(222, DateTimeOffset.UnixEpoch);
        using var http = new SimulatorHttp(simulator);

        Assert.Equal(111, await ScoreAsync(http, await http.TokenAsync(contoso)));
        Assert.Equal(222, await ScoreAsync(http, await http.TokenAsync(fabrikam)));
        Assert.Equal(1, contoso.ApiRequestCount);
        Assert.Equal(1, fabrikam.ApiRequestCount);
    }

    [Fact]
    public async Task No_token_or_an_unknown_token_is_401_with_the_documented_error_body()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);

        foreach (var token in new[] { null, "not-a-token" })
        {
            using var response = await http.GetScoreAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Unauthorized", body.RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.True(Guid.TryParse(body.RootElement.GetProperty("error").GetProperty("target").GetString(), out _));
        }

        Assert.All(simulator.Log.Snapshot(), r => Assert.Equal((null, RequestKind.Api, 401), (r.TenantId, r.Kind, r.StatusCode)));
    }

    [Fact]
    public async Task The_token_of_a_removed_tenant_is_refused_and_counted_for_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        Assert.True(simulator.RemoveTenant(tenant.TenantId));
        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
    }

    [Fact]
    public async Task The_token_of_a_removed_and_re_added_tenant_is_refused()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        simulator.RemoveTenant(tenant.TenantId);
        simulator.AddTenant(tenant.TenantId, tenant.ClientId, "s");
        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Revoked_tokens_get_401_and_a_new_token_works()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var old = await http.TokenAsync(tenant);

        tenant.RevokeIssuedTokens();
        using var refused = await http.GetScoreAsync(old);
        using var accepted = await http.GetScoreAsync(await http.TokenAsync(tenant));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_token_is_refused_once_it_expires_on_the_simulator_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time, TokenLifetime = TimeSpan.FromMinutes(10) });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        time.Advance(TimeSpan.FromMinutes(9));
        using var before = await http.GetScoreAsync(token);
        time.Advance(TimeSpan.FromMinutes(1));
        using var after = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_exposure_score_is_served_with_the_same_token()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.SetScore(700, DateTimeOffset.UnixEpoch);
        using var http = new SimulatorHttp(simulator);

        using var response = await http.GetScoreAsync(await http.TokenAsync(tenant), path: "api/exposureScore");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("#ExposureScore/$entity", body.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.Equal(30, body.RootElement.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task The_exposure_score_body_has_the_documented_shape()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.SetScore(665.1, new DateTimeOffset(2019, 12, 3, 9, 15, 58, TimeSpan.Zero).AddTicks(1665846));
        using var http = new SimulatorHttp(simulator);

        using var response = await http.GetScoreAsync(await http.TokenAsync(tenant), path: "api/exposureScore");

        Assert.Equal(
            """{"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#ExposureScore/$entity","time":"2019-12-03T09:15:58.1665846Z","score":33.49}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_path_is_404_and_logged()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var http = new SimulatorHttp(simulator);

        using var response = await http.GetScoreAsync(null, path: "api/vulnerabilities");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var record = Assert.Single(simulator.Log.Snapshot());
        Assert.Equal(("/api/vulnerabilities", null), (record.Path, record.Endpoint));
    }

    [Fact]
    public async Task Drifting_scores_move_with_the_clock_and_carry_the_time_they_were_recomputed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s", score: 500);

        var seen = new HashSet<double>();
        for (var i = 0; i < 48; i++)
        {
            var (score, at) = tenant.CurrentScore;
            Assert.InRange(score, 470, 530);
            Assert.True(at <= time.GetUtcNow() && at > time.GetUtcNow().AddMinutes(-5), $"{at} is not within the last five minutes of {time.GetUtcNow()}");
            seen.Add(score);
            time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.True(seen.Count > 10, $"only {seen.Count} distinct scores in four hours");

        tenant.SetScore(123, DateTimeOffset.UnixEpoch);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal((123, DateTimeOffset.UnixEpoch), tenant.CurrentScore);
    }

    [Fact]
    public async Task Tenants_drift_on_their_own_phase_and_EnableDrift_sets_period_and_amplitude()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenants = Enumerable.Range(0, 5).Select(i => simulator.AddTenant($"tenant-{i}", "c", "s", score: 500)).ToList();

        Assert.True(tenants.Select(t => t.CurrentScore.Score).Distinct().Count() > 1, "every tenant drifts in step");

        var tenant = tenants[0];
        tenant.SetScore(1, DateTimeOffset.UnixEpoch);
        tenant.EnableDrift(recomputeEvery: TimeSpan.FromMinutes(1), amplitude: 0);
        Assert.Equal(500, tenant.CurrentScore.Score);
        Assert.Equal(time.GetUtcNow(), tenant.CurrentScore.Time);
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(time.GetUtcNow().AddSeconds(-30), tenant.CurrentScore.Time);
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.EnableDrift(TimeSpan.Zero));
    }

    [Fact]
    public async Task Every_request_is_logged_with_the_simulator_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = time });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);

        var token = await http.TokenAsync(tenant);
        time.Advance(TimeSpan.FromMinutes(1));
        (await http.GetScoreAsync(token)).Dispose();

        var records = simulator.Log.Snapshot();
        Assert.Equal(2, records.Count);
        Assert.Equal(new RequestRecord(time.GetUtcNow().AddMinutes(-1), tenant.TenantId, RequestKind.Token, 200, $"/{tenant.TenantId}/oauth2/v2.0/token"), Core(records[0]));
        Assert.Equal(new RequestRecord(time.GetUtcNow(), tenant.TenantId, RequestKind.Api, 200, "/api/configurationScore"), Core(records[1]));
        Assert.Equal(DefenderEndpoint.ConfigurationScore, records[1].Endpoint);

        simulator.Log.Clear();
        Assert.Empty(simulator.Log.Snapshot());
        Assert.Equal(0, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
    }

    [Fact]
    public async Task The_log_keeps_its_capacity_and_exact_counts()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequestLogCapacity = 3 });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        using var http = new SimulatorHttp(simulator);
        var token = await http.TokenAsync(tenant);

        for (var i = 0; i < 5; i++)
        {
            (await http.GetScoreAsync(token)).Dispose();
        }

        Assert.Equal(3, simulator.Log.Snapshot().Count);
        Assert.All(simulator.Log.Snapshot(), r => Assert.Equal(RequestKind.Api, r.Kind));
        Assert.Equal(5, simulator.Log.Count(tenant.TenantId, RequestKind.Api));
        Assert.Equal(1, simulator.Log.Count(tenant.TenantId, RequestKind.Token));
    }

    // The positional fields only: the listener, query and Authorization header are checked in SimulatorRequestLogTests.
    private static RequestRecord Core(RequestRecord record) => new(record.At, record.TenantId, record.Kind, record.StatusCode, record.Path);

    private static async Task<double> ScoreAsync(SimulatorHttp http, string token)
    {
        using var response = await http.GetScoreAsync(token);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("score").GetDouble();
    }
}
