using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Defender;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Pipeline;

/// <summary>
/// Each injected fault counts exactly its reason, keeps the last good score (until StaleAfter), and the exporter
/// recovers on the next poll once the fault is gone.
/// </summary>
public sealed class FaultTests
{
    private const double GoodScore = 512.25;

    public static TheoryData<string, string> Faults() => new()
    {
        { "429 without Retry-After", "throttled" },
        { "500", "server_error" },
        { "503", "server_error" },
        { "401", "unauthorized" },
        { "403 Forbidden", "forbidden" },
        { "403 DisabledFeature", "forbidden" },
        { "404", "client_error" },
        { "hang", "timeout" },
        { "connection reset mid-body", "network" },
        { "malformed JSON", "invalid_response" },
        { "HTML body", "invalid_response" },
        { "oversized body", "invalid_response" },
        { "token endpoint invalid_client", "auth" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_counts_exactly_its_reason_keeps_the_score_and_recovers(string fault, string reason)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var scoreTime = DateTimeOffset.UtcNow.AddHours(-2);
        tenant.SetScore(GoodScore, scoreTime);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);

        Inject(exporter, tenant, fault);
        await exporter.PollOnceAsync("contoso");

        var failed = await exporter.ScrapeAsync();
        foreach (var other in FailureReasons.All.Select(r => r.Label()))
        {
            Assert.Equal(other == reason ? 1 : 0, failed.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", other)));
        }

        Assert.Equal(0, failed.Value("defender_up", ("tenant", "contoso")));
        Assert.Equal(GoodScore, failed.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(scoreTime.ToUnixTimeMilliseconds() / 1000.0, failed.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "contoso")));

        tenant.SetApiFault(null);
        tenant.SetTokenFault(null);
        tenant.SetScore(GoodScore + 1, scoreTime.AddHours(1));
        await exporter.PollOnceAsync("contoso");

        var recovered = await exporter.ScrapeAsync();
        Assert.Equal(1, recovered.Value("defender_up", ("tenant", "contoso")));
        Assert.Equal(GoodScore + 1, recovered.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(1, recovered.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", reason)));
    }

    [Fact]
    public async Task The_last_good_score_disappears_after_StaleAfter_without_a_success_and_its_timestamps_stay()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:StaleAfter"] = "00:00:25";
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var lastSuccess = exporter.Score("contoso").Snapshot.LastSuccess!.Value;
        tenant.SetApiFault(ApiFault.Status(403, "Forbidden", "Missing application roles"));

        while (time.GetUtcNow() - lastSuccess <= TimeSpan.FromSeconds(25))
        {
            Assert.NotNull((await exporter.ScrapeAsync()).Value("defender_device_secure_score", ("tenant", "contoso")));
            await exporter.PollOnceAsync("contoso");
        }

        var stale = await exporter.ScrapeAsync();
        Assert.Null(stale.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.NotNull(stale.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "contoso")));
        Assert.Equal(lastSuccess.ToUnixTimeMilliseconds() / 1000.0, stale.Value("defender_scrape_last_success_timestamp_seconds", ("tenant", "contoso")));
    }

    private static void Inject(TestExporter exporter, SimulatedTenant tenant, string fault)
    {
        switch (fault)
        {
            case "429 without Retry-After": tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: null)); break;
            case "500": tenant.SetApiFault(ApiFault.Status(500)); break;
            case "503": tenant.SetApiFault(ApiFault.Status(503)); break;
            case "401": tenant.SetApiFault(ApiFault.Unauthorized()); break;
            case "403 Forbidden": tenant.SetApiFault(ApiFault.Forbidden()); break;
            case "403 DisabledFeature": tenant.SetApiFault(ApiFault.DisabledFeature()); break;
            case "404": tenant.SetApiFault(ApiFault.Status(404)); break;
            case "hang": tenant.SetApiFault(ApiFault.Hang()); break;
            case "connection reset mid-body": tenant.SetApiFault(ApiFault.ResetMidBody()); break;
            case "malformed JSON": tenant.SetApiFault(ApiFault.MalformedJson()); break;
            case "HTML body": tenant.SetApiFault(ApiFault.HtmlPage()); break;
            case "oversized body": tenant.SetApiFault(ApiFault.Oversized(2 * 1024 * 1024)); break;
            case "token endpoint invalid_client":
                // Drop the cached token so this poll has to ask the token endpoint.
                exporter.Score("contoso").Tenant.Credential.Invalidate();
                tenant.SetTokenFault(TokenFault.InvalidClient());
                break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
