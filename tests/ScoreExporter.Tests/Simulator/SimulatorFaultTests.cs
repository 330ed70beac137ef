using System.Net;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>What each API fault looks like to a plain HttpClient, and how long a fault lasts.</summary>
public sealed class SimulatorFaultTests : IAsyncLifetime, IDisposable
{
    private SimulatorServer simulator = null!;
    private SimulatedTenant tenant = null!;
    private SimulatorHttp http = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        simulator = await SimulatorServer.StartAsync();
        tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "s");
        tenant.SetScore(512.25, DateTimeOffset.UnixEpoch);
        http = new SimulatorHttp(simulator, timeout: TimeSpan.FromSeconds(5));
        token = await http.TokenAsync(tenant);
    }

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task TooManyRequests_is_429_with_Retry_After_and_the_documented_body()
    {
        tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: 7));

        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("TooManyRequests", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task TooManyRequests_without_a_delay_sends_no_Retry_After()
    {
        tenant.SetApiFault(ApiFault.TooManyRequests(retryAfterSeconds: null));

        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "NotFound")]
    [InlineData(500, "InternalServerError")]
    [InlineData(502, "InternalServerError")]
    [InlineData(503, "InternalServerError")]
    [InlineData(504, "InternalServerError")]
    public async Task Status_faults_send_the_status_and_the_documented_body(int status, string code)
    {
        tenant.SetApiFault(ApiFault.Status(status));

        using var response = await http.GetScoreAsync(token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task The_convenience_faults_name_their_codes()
    {
        foreach (var (fault, status, code) in new[]
        {
            (ApiFault.Forbidden(), 403, "Forbidden"),
            (ApiFault.DisabledFeature(), 403, "DisabledFeature"),
            (ApiFault.Unauthorized(), 401, "Unauthorized"),
            (ApiFault.Status(503, "ServiceUnavailable", "Try later"), 503, "ServiceUnavailable"),
        })
        {
            tenant.SetApiFault(fault, times: 1);
            using var response = await http.GetScoreAsync(token);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(code, await ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task Hang_never_answers_until_the_client_gives_up_and_is_logged_with_status_0()
    {
        tenant.SetApiFault(ApiFault.Hang(), times: 1);
        using var impatient = new SimulatorHttp(simulator, timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetScoreAsync(token));

        Assert.Equal(0, simulator.Log.Snapshot()[^1].StatusCode);
        using var next = await http.GetScoreAsync(token);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_hung_request_does_not_hold_up_the_simulator_stopping()
    {
        tenant.SetApiFault(ApiFault.Hang());
        using var patient = new SimulatorHttp(simulator, timeout: TimeSpan.FromMinutes(1));
        var hanging = patient.GetScoreAsync(token);
        await Infrastructure.Eventually.TrueAsync(() => tenant.ApiRequestCount == 1, "the request to arrive");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await simulator.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => hanging);
    }

    [Fact]
    public async Task ResetMidBody_sends_200_then_drops_the_connection()
    {
        tenant.SetApiFault(ApiFault.ResetMidBody());

        // Usually the headers arrive and the body read fails; a reset can also overtake the headers. Either way
        // the client never gets a whole body.
        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var response = await http.GetScoreAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsStringAsync();
        });

        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Equal(0, simulator.Log.Snapshot()[^1].StatusCode);
    }

    [Fact]
    public async Task MalformedJson_is_200_with_a_body_that_does_not_parse()
    {
        tenant.SetApiFault(ApiFault.MalformedJson());

        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task HtmlPage_is_200_text_html()
    {
        tenant.SetApiFault(ApiFault.HtmlPage());

        using var response = await http.GetScoreAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_streams_exactly_that_many_bytes_without_a_length()
    {
        const long Size = 8L * 1024 * 1024;
        tenant.SetApiFault(ApiFault.Oversized(Size));

        using var response = await http.GetScoreAsync(token);
        Assert.Null(response.Content.Headers.ContentLength);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.Equal(Size, total);
    }

    [Fact]
    public async Task SlowDrip_delivers_a_valid_body_slowly()
    {
        tenant.SetApiFault(ApiFault.SlowDrip(TimeSpan.FromMilliseconds(2)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await http.GetScoreAsync(token);
        var text = await response.Content.ReadAsStringAsync();

        using var body = JsonDocument.Parse(text);
        Assert.Equal(512.25, body.RootElement.GetProperty("score").GetDouble());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(text.Length * 2), $"{text.Length} bytes in {clock.Elapsed}");
    }

    [Fact]
    public async Task Body_sends_any_status_content_type_and_text()
    {
        tenant.SetApiFault(ApiFault.Body("""{"score":"NaN"}""", "application/json", statusCode: 200));

        using var response = await http.GetScoreAsync(token);

        Assert.Equal("""{"score":"NaN"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Gzip_sends_a_valid_body_gzip_encoded()
    {
        tenant.SetApiFault(ApiFault.Gzip());
        using var decompressing = new SimulatorHttp(simulator, decompress: true);

        using var raw = await http.GetScoreAsync(token);
        using var decoded = await decompressing.GetScoreAsync(token);

        Assert.Equal("gzip", Assert.Single(raw.Content.Headers.ContentEncoding));
        Assert.Equal(0x1f, (await raw.Content.ReadAsByteArrayAsync())[0]);
        using var body = JsonDocument.Parse(await decoded.Content.ReadAsStringAsync());
        Assert.Equal(512.25, body.RootElement.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task A_fault_for_N_requests_applies_to_exactly_N_then_clears_itself()
    {
        tenant.SetApiFault(ApiFault.Status(503), times: 2);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetScoreAsync(token);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([503, 503, 200, 200], statuses);
        Assert.Equal([503, 503, 200, 200], simulator.Log.Snapshot().Where(r => r.Kind == RequestKind.Api).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_fault_without_a_count_lasts_until_cleared()
    {
        tenant.SetApiFault(ApiFault.Status(500));
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetScoreAsync(token);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        tenant.SetApiFault(null);
        using var cleared = await http.GetScoreAsync(token);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public void A_count_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetApiFault(ApiFault.Hang(), times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetTokenFault(TokenFault.Hang(), times: -1));
    }

    [Fact]
    public async Task Faults_apply_to_their_tenant_only()
    {
        var other = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "o");
        var otherToken = await http.TokenAsync(other);
        tenant.SetApiFault(ApiFault.Status(500));

        using var faulted = await http.GetScoreAsync(token);
        using var healthy = await http.GetScoreAsync(otherToken);

        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.True(Guid.TryParse(error.GetProperty("target").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error.GetProperty("code").GetString();
    }
}
