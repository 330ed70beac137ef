using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DefenderSimulator;
using Microsoft.AspNetCore.Http;
using ScoreExporter.Defender;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Every hostile or broken 200 body, one case each: a body that is not a finite, non-negative score with a sane time
/// counts <c>invalid_response</c> once (no retry: the server answered) and keeps the last good score; the few
/// acceptable oddities (unknown fields, a huge finite score, gzip) are published.
/// </summary>
public sealed class HostileBodyTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [Fact]
    public Task Body_not_JSON_is_invalid_response() =>
        AssertRejectedAsync(ApiFault.Body("Service temporarily unavailable, please try again later"));

    [Fact]
    public Task Body_HTML_error_page_is_invalid_response() => AssertRejectedAsync(ApiFault.HtmlPage());

    [Fact]
    public Task Body_truncated_JSON_is_invalid_response() => AssertRejectedAsync(ApiFault.MalformedJson());

    [Fact]
    public Task Body_score_as_string_is_invalid_response() => AssertRejectedAsync(Score("\"340\""));

    [Fact]
    public Task Body_score_null_is_invalid_response() => AssertRejectedAsync(Score("null"));

    [Fact]
    public Task Body_score_NaN_is_invalid_response() => AssertRejectedAsync(Score("NaN"));

    [Fact]
    public Task Body_score_NaN_as_string_is_invalid_response() => AssertRejectedAsync(Score("\"NaN\""));

    [Fact]
    public Task Body_score_Infinity_is_invalid_response() => AssertRejectedAsync(Score("Infinity"));

    [Fact]
    public Task Body_score_overflowing_to_infinity_is_invalid_response() => AssertRejectedAsync(Score("1e309"));

    [Fact]
    public Task Body_score_negative_is_invalid_response() => AssertRejectedAsync(Score("-1"));

    [Fact]
    public Task Body_missing_time_is_invalid_response() => AssertRejectedAsync(ApiFault.Body("""{"score":340}"""));

    [Fact]
    public Task Body_time_unparsable_is_invalid_response() => AssertRejectedAsync(ApiFault.Body("""{"time":"yesterday","score":340}"""));

    [Fact]
    public async Task Body_time_in_the_future_is_invalid_response()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Body($$"""{"time":"{{Iso(rig.Time.GetUtcNow().AddHours(2))}}","score":340}"""));

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "invalid_response");
        Assert.Equal(1, poll.ApiAttempts);
        await rig.AssertRecoversAsync();
    }

    [Fact]
    public Task Body_deeply_nested_JSON_is_invalid_response() =>
        AssertRejectedAsync(ApiFault.Body("""{"time":"2026-11-29T10:00:00Z","score":1,"x":""" + new string('[', 100_000) + new string(']', 100_000) + "}"));

    [Fact]
    public Task Body_valid_JSON_with_a_wrong_content_type_is_invalid_response() =>
        AssertRejectedAsync(ApiFault.Body("""{"time":"2026-11-29T10:00:00Z","score":340}""", "text/plain"));

    [Fact]
    public Task Body_of_2_MB_streamed_from_the_simulator_is_invalid_response() => AssertRejectedAsync(ApiFault.Oversized(2 * 1024 * 1024));

    [Fact]
    public async Task Body_of_100_MB_without_a_length_is_capped_without_reading_it_all()
    {
        await using var body = CountingBody.Start(declareLength: false);
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = body.BaseUrl.ToString(), waitUntilReady: false);

        var poll = await rig.PollAsync();

        Assert.Equal("invalid_response", poll.Reason);
        Assert.Equal(1, poll.ApiAttempts);
        Assert.Contains("cap", poll.Detail, StringComparison.Ordinal);
        await body.Done.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(body.Written < HundredMegabytes / 10, $"the server wrote {body.Written:N0} bytes before the exporter hung up");
    }

    [Fact]
    public async Task Body_of_100_MB_with_its_length_declared_is_refused_before_reading()
    {
        await using var body = CountingBody.Start(declareLength: true);
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = body.BaseUrl.ToString(), waitUntilReady: false);

        var poll = await rig.PollAsync();

        Assert.Equal("invalid_response", poll.Reason);
        Assert.Contains("104857653 bytes", poll.Detail, StringComparison.Ordinal);
        await body.Done.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(body.Written < HundredMegabytes / 10, $"the server wrote {body.Written:N0} bytes before the exporter hung up");
    }

    [Fact]
    public async Task Body_gzip_bomb_of_100_MB_is_capped_after_decompression()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        var bomb = compressed.ToArray();
        await using var server = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(bomb);
        });
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = server.BaseUrl.ToString(), waitUntilReady: false);

        var poll = await rig.PollAsync();

        Assert.Equal("invalid_response", poll.Reason);
        Assert.Contains("cap", poll.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_with_extra_unknown_fields_is_accepted()
    {
        await using var rig = await OneTenantRig.StartAsync();
        var time = rig.Time.GetUtcNow().AddHours(-1);
        rig.Tenant.SetApiFault(ApiFault.Body(
            $$$"""{"@odata.context":"x","time":"{{{Iso(time)}}}","score":341.5,"rbacGroupName":"All","value":[{"a":{"b":[1,2,{"c":null}]}}],"newField":true}"""));

        var poll = await rig.PollAsync();

        Assert.True(poll.Up, poll.ToString());
        Assert.Equal(341.5, poll.Score);
        Assert.Equal(time.ToUnixTimeMilliseconds() / 1000.0, poll.ScoreTime);
    }

    [Fact]
    public async Task Body_score_1e308_is_accepted_and_exposed_as_a_valid_sample()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(ApiFault.Body($$"""{"time":"{{Iso(rig.Time.GetUtcNow().AddHours(-1))}}","score":1e308}"""));

        var poll = await rig.PollAsync();

        Assert.True(poll.Up, poll.ToString());
        await Eventually.TrueAsync(
            async () => (await rig.Exporter.ScrapeAsync()).Value("defender_device_secure_score", ("tenant", OneTenantRig.Name)) == 1e308,
            "1e308 on /metrics");
        var (exitCode, output) = await Promtool.CheckMetricsAsync(await rig.Exporter.Http.GetStringAsync("/metrics"));
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Body_gzip_encoded_is_decoded_and_accepted()
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetScore(600.5, rig.Time.GetUtcNow().AddHours(-1));
        rig.Tenant.SetApiFault(ApiFault.Gzip());

        var poll = await rig.PollAsync();

        Assert.True(poll.Up, poll.ToString());
        Assert.Equal(600.5, poll.Score);
    }

    private static ApiFault Score(string token) => ApiFault.Body($$"""{"time":"2026-11-29T10:00:00Z","score":{{token}}}""");

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task AssertRejectedAsync(ApiFault fault)
    {
        await using var rig = await OneTenantRig.StartAsync();
        rig.Tenant.SetApiFault(fault);

        var poll = await rig.PollAsync();

        rig.AssertFailedKeepingTheScore(poll, "invalid_response");
        Assert.Equal(1, poll.ApiAttempts);
        await rig.AssertRecoversAsync();
        await rig.AssertNoSecretsAsync();
    }

    /// <summary>
    /// A raw TCP server answering every request with a 100 MB JSON-looking body, counting the bytes the kernel accepted
    /// before the exporter hung up. Kestrel cannot count this: it turns writes after a disconnect into no-ops. With a
    /// small send buffer, what it manages to send is what the exporter read plus a few MB of socket buffers.
    /// </summary>
    private sealed class CountingBody : IAsyncDisposable
    {
        private const int Chunk = 64 * 1024;
        private static readonly byte[] Head = """{"time":"2026-11-29T10:00:00Z","score":1,"padding":" """u8.ToArray();
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource stop = new();
        private readonly bool declareLength;
        private Task? serving;
        private long written;

        private CountingBody(bool declareLength) => this.declareLength = declareLength;

        public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        public long Written => Interlocked.Read(ref written);

        /// <summary>Completes when the first answer ended: the body is out, or the exporter hung up.</summary>
        public Task Done => finished.Task;

        public static CountingBody Start(bool declareLength)
        {
            var body = new CountingBody(declareLength);
            body.listener.Start();
            body.serving = body.ServeAsync();
            return body;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            if (serving is not null)
            {
                await serving.WaitAsync(TimeSpan.FromSeconds(10));
            }

            stop.Dispose();
        }

        private async Task ServeAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    client.SendBufferSize = Chunk;
                    await AnswerAsync(client.GetStream());
                    finished.TrySetResult();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped.
            }
        }

        private async Task AnswerAsync(NetworkStream stream)
        {
            try
            {
                // Read the request head; the exporter sends no body.
                var request = new byte[8192];
                var read = 0;
                while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(request.AsMemory(read), stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                var length = declareLength ? $"Content-Length: {Head.Length + HundredMegabytes}\r\n" : "Connection: close\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n"), stop.Token);
                await stream.WriteAsync(Head, stop.Token);
                var chunk = new byte[Chunk];
                Array.Fill(chunk, (byte)' ');
                while (Written < HundredMegabytes)
                {
                    await stream.WriteAsync(chunk, stop.Token);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The exporter hung up, as it should.
            }
        }
    }
}
