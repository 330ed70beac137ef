using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Endpoints;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Performance;

/// <summary>
/// /metrics is rendered once per change and served from memory otherwise, through the real pipeline (Kestrel, the
/// OpenTelemetry Prometheus exporter, the poller) on a fake clock, in both exposition formats.
/// </summary>
public sealed class ExpositionCacheTests
{
    private const string Score = "defender_device_secure_score";
    private const string OpenMetrics = "application/openmetrics-text;version=1.0.0";

    [Fact]
    public async Task A_completed_poll_shows_in_the_next_scrape_in_both_formats()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(111, DateTimeOffset.UtcNow);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);
        var cache = exporter.Services.GetRequiredService<ExpositionCache>();

        Assert.Equal(111, (await ScrapeAsync(exporter, null)).Value(Score, ("tenant", "contoso")));
        Assert.Equal(111, (await ScrapeAsync(exporter, OpenMetrics)).Value(Score, ("tenant", "contoso")));
        var rendered = cache.Renderings;
        Assert.Equal(111, (await ScrapeAsync(exporter, null)).Value(Score, ("tenant", "contoso")));
        Assert.Equal(111, (await ScrapeAsync(exporter, OpenMetrics)).Value(Score, ("tenant", "contoso")));
        Assert.Equal(rendered, cache.Renderings); // nothing changed: both answered from memory

        tenant.SetScore(222, DateTimeOffset.UtcNow);
        await exporter.PollOnceAsync("contoso");

        var text = await ScrapeAsync(exporter, null);
        var openMetrics = await ScrapeAsync(exporter, OpenMetrics);
        Assert.Equal(222, text.Value(Score, ("tenant", "contoso")));
        Assert.Equal(222, openMetrics.Value(Score, ("tenant", "contoso")));
        Assert.Equal(2, text.Value("defender_scrapes_total", ("tenant", "contoso")));
        Assert.Equal(2, text.Value("defender_api_requests_total", ("tenant", "contoso"), ("endpoint", "configuration_score"), ("code", "200")));
        Assert.EndsWith("# EOF\n", openMetrics.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_that_ends_after_a_scrape_during_its_body_read_shows_in_the_next_scrape()
    {
        // The simulator's own clock paces its slow body, so the body is held after its headers until the test moves it.
        var simulatorTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeProvider = simulatorTime });
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(111, DateTimeOffset.UtcNow);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);
        var state = exporter.Score("contoso");
        Assert.Equal(111, (await ScrapeAsync(exporter, null)).Value(Score, ("tenant", "contoso")));

        tenant.SetScore(222, DateTimeOffset.UtcNow);
        var perByte = TimeSpan.FromMinutes(1);
        tenant.SetApiFault(ApiFault.SlowDrip(perByte), times: 1);
        time.Advance(state.Phase + TimeSpan.FromSeconds(10)); // to the tenant's next slot
        await Eventually.TrueAsync(
            () => exporter.Tenant("contoso").Requests(TestExporter.ConfigurationScore, "200") == 2, "the poll to have the answer's headers");

        // Every counter but the completed polls has moved already: this scrape renders while the body is read.
        var during = await ScrapeAsync(exporter, null);
        Assert.Equal(1, state.CompletedPolls);
        Assert.Equal(111, during.Value(Score, ("tenant", "contoso")));

        // Each step lets one more byte through; the poll then publishes, and nothing else changes.
        await Eventually.TrueAsync(
            () =>
            {
                simulatorTime.Advance(perByte);
                return state.CompletedPolls == 2;
            },
            "the slow body to be read to its end");

        var after = await ScrapeAsync(exporter, null);
        Assert.True(state.Snapshot.Up, state.Snapshot.LastFailureDetail);
        Assert.Equal(222, after.Value(Score, ("tenant", "contoso")));
    }

    [Fact]
    public async Task A_compressed_body_is_served_again_compressed_and_never_to_a_client_that_did_not_ask_for_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(333, DateTimeOffset.UtcNow);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);

        // Prometheus asks for gzip; a kept gzip body must keep its Content-Encoding, and a plain client gets plain text.
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ExpositionCache.Path);
            request.Headers.Accept.ParseAdd(OpenMetrics);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await exporter.Http.SendAsync(request);
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            Assert.Equal(333, MetricsText.Parse(await reader.ReadToEndAsync()).Value(Score, ("tenant", "contoso")));
        }

        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, ExpositionCache.Path);
        plainRequest.Headers.Accept.ParseAdd(OpenMetrics);
        using var plain = await exporter.Http.SendAsync(plainRequest);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(333, MetricsText.Parse(await plain.Content.ReadAsStringAsync()).Value(Score, ("tenant", "contoso")));
    }

    [Fact]
    public async Task A_failed_poll_shows_its_error_in_the_next_scrape()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, TestExporter.TenantSettings(0, "contoso", tenant), time);
        Assert.Equal(0, (await ScrapeAsync(exporter, null)).Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", "forbidden")));

        tenant.SetApiFault(ApiFault.Forbidden());
        await exporter.PollOnceAsync("contoso");

        var after = await ScrapeAsync(exporter, null);
        Assert.Equal(1, after.Value("defender_scrape_errors_total", ("tenant", "contoso"), ("reason", "forbidden")));
        Assert.Equal(0, after.Value("defender_up", ("tenant", "contoso")));
    }

    [Fact]
    public async Task A_kept_body_is_rendered_again_when_its_score_goes_stale_though_no_counter_moved()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:PollInterval"] = "01:00:00"; // StaleAfter: three intervals
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var cache = exporter.Services.GetRequiredService<ExpositionCache>();
        var state = exporter.Score("contoso");
        var lastSuccess = state.Snapshot.LastSuccess!.Value;
        var staleAt = lastSuccess + state.Collector.StaleAfter;
        Assert.Equal(TimeSpan.FromHours(3), state.Collector.StaleAfter);

        // The next two polls fail, so the first success is the last one; polls start at start + phase + k hours.
        tenant.SetApiFault(ApiFault.Forbidden());
        var start = time.GetUtcNow();
        for (var k = 1; k <= 2; k++)
        {
            time.Advance(start + state.Phase + TimeSpan.FromHours(k) + TimeSpan.FromSeconds(1) - time.GetUtcNow());
            await Eventually.TrueAsync(() => state.CompletedPolls == k + 1, $"failed poll {k}");
        }

        Assert.True(time.GetUtcNow() < staleAt, "the phase leaves no time before the score goes stale");
        Assert.NotNull((await ScrapeAsync(exporter, null)).Value(Score, ("tenant", "contoso")));
        Assert.NotNull((await ScrapeAsync(exporter, OpenMetrics)).Value(Score, ("tenant", "contoso")));
        var rendered = cache.Renderings;
        Assert.NotNull((await ScrapeAsync(exporter, null)).Value(Score, ("tenant", "contoso")));
        Assert.Equal(rendered, cache.Renderings);

        // Just past StaleAfter and before the next poll's slot: only the clock moved.
        var nextSlot = start + state.Phase + TimeSpan.FromHours(3);
        var justStale = staleAt + TimeSpan.FromTicks(Math.Max(1, (nextSlot - staleAt).Ticks / 2));
        Assert.True(justStale < nextSlot, "the phase leaves no moment between staleness and the next poll");
        var polls = state.Polls;
        time.Advance(justStale - time.GetUtcNow());

        var text = await ScrapeAsync(exporter, null);
        var openMetrics = await ScrapeAsync(exporter, OpenMetrics);
        Assert.Equal(polls, state.Polls);
        Assert.Null(text.Value(Score, ("tenant", "contoso")));
        Assert.Null(openMetrics.Value(Score, ("tenant", "contoso")));
        Assert.NotNull(text.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "contoso")));
        Assert.Equal(rendered + 2, cache.Renderings);
    }

    private static async Task<MetricsText> ScrapeAsync(TestExporter exporter, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await exporter.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return MetricsText.Parse(await response.Content.ReadAsStringAsync());
    }
}
