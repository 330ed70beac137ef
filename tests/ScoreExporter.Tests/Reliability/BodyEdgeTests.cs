using System.Text;
using ScoreExporter.Collectors;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// The edges of what the client accepts from a server: a score body of exactly the cap and one byte more, with and
/// without Content-Length; the content type judged from the headers before any body is read; status codes the
/// <c>code</c> label does not name folded into <c>other</c>.
/// </summary>
public sealed class BodyEdgeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_the_cap_is_read_and_one_byte_more_is_refused(bool declareLength)
    {
        var atCap = PaddedScore(SmallJsonBody.MaxBytes);
        var overCap = PaddedScore(SmallJsonBody.MaxBytes + 1);
        var next = atCap;
        await using var server = await HostileServer.StartAsync(async context =>
        {
            var body = next;
            context.Response.ContentType = "application/json";
            if (declareLength)
            {
                context.Response.ContentLength = body.Length;
            }

            // Written in pieces, so without a length the client cannot know the size before it has read it.
            for (var offset = 0; offset < body.Length; offset += 100_000)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(100_000, body.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = server.BaseUrl.ToString(), waitUntilReady: false);

        var accepted = await rig.PollAsync();
        next = overCap;
        var refused = await rig.PollAsync();

        Assert.True(accepted.Up, accepted.ToString());
        Assert.Equal(340, accepted.Score);
        Assert.Equal("invalid_response", refused.Reason);
        Assert.Contains(declareLength ? $"body of {SmallJsonBody.MaxBytes + 1} bytes is over the" : "body is over the", refused.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html", "content type 'text/html' is not JSON")]
    [InlineData(null, "no Content-Type; expected application/json")]
    public async Task The_content_type_is_judged_before_the_body_is_read(string? contentType, string detail)
    {
        // A body that never ends: reading any of it would end in a timeout, not in invalid_response.
        await using var server = await HostileServer.StartAsync(async context =>
        {
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            await context.Response.Body.WriteAsync("{\"time\":\"2026-11-29T10:00:00Z\",\"score\":"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var rig = await OneTenantRig.StartAsync(settings => settings["Defender:ApiBaseUrl"] = server.BaseUrl.ToString(), waitUntilReady: false);

        var poll = await rig.PollAsync();

        Assert.Equal("invalid_response", poll.Reason);
        Assert.Equal(detail, poll.Detail);
        Assert.Equal(1, poll.ApiAttempts);
    }

    [Fact]
    public async Task Status_codes_the_label_does_not_name_are_counted_as_other_so_the_series_stay_bounded()
    {
        var statuses = new Queue<int>([418, 599, 207, 400]);
        await using var server = await HostileServer.StartAsync(context =>
        {
            context.Response.StatusCode = statuses.Count > 0 ? statuses.Dequeue() : 400;
            return Task.CompletedTask;
        });
        await using var rig = await OneTenantRig.StartAsync(
            settings =>
            {
                settings["Defender:ApiBaseUrl"] = server.BaseUrl.ToString();
                settings["Defender:MaxRetries"] = "0";
            },
            waitUntilReady: false);

        for (var i = 0; i < 4; i++)
        {
            await rig.PollAsync();
        }

        var codes = (await rig.Exporter.ScrapeAsync()).All("defender_api_requests_total", ("endpoint", "configuration_score"))
            .ToDictionary(s => s.Labels["code"], s => s.Value);
        Assert.Equal(["400", "other"], codes.Keys.Order());
        Assert.Equal(3, codes["other"]);
        Assert.InRange(codes["400"], 1, 2); // the first cycle's poll may come before the test's first one or be it
    }

    /// <summary>A valid score body padded to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] PaddedScore(int size)
    {
        var head = """{"time":"2026-11-29T10:00:00Z","score":340,"padding":" """;
        var tail = "\"}";
        return Encoding.UTF8.GetBytes(head + new string('x', size - head.Length - tail.Length) + tail);
    }
}
