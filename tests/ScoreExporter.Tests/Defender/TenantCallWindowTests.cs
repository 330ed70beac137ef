using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Tests.Defender;

public sealed class TenantCallWindowTests
{
    [Fact]
    public void The_101st_call_within_a_minute_is_refused_and_allowed_once_the_first_ages_out()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var window = new TenantCallWindows(time);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(window.TryAcquire(ApiSurface.Defender, "devices", out _));
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.False(window.TryAcquire(ApiSurface.Defender, "devices", out var refusal));
        Assert.Contains("100 calls in the last minute", refusal, StringComparison.Ordinal);

        // The first call was at 0 s; at 60 s it no longer counts (the window is the last minute, exclusive).
        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(100 * 100));
        Assert.True(window.TryAcquire(ApiSurface.Defender, "devices", out _));
        Assert.False(window.TryAcquire(ApiSurface.Defender, "devices", out _));
    }

    [Fact]
    public void No_hour_ever_holds_more_than_1500_calls_however_they_are_spread()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var window = new TenantCallWindows(time);
        var granted = new List<DateTimeOffset>();
        var random = new Random(7);
        for (var step = 0; step < 20_000; step++)
        {
            if (window.TryAcquire(ApiSurface.Defender, "devices", out _))
            {
                granted.Add(time.GetUtcNow());
            }

            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 2_000)));
        }

        for (int start = 0, end = 0; start < granted.Count; start++)
        {
            while (end < granted.Count && granted[end] - granted[start] < TimeSpan.FromHours(1))
            {
                end++;
            }

            Assert.InRange(end - start, 1, 1500);
        }

        for (int start = 0, end = 0; start < granted.Count; start++)
        {
            while (end < granted.Count && granted[end] - granted[start] < TimeSpan.FromMinutes(1))
            {
                end++;
            }

            Assert.InRange(end - start, 1, 100);
        }

        Assert.True(granted.Count > 3000, $"only {granted.Count} calls granted: the window refuses more than the limits require");
    }

    [Fact]
    public void An_endpoint_with_lower_limits_of_its_own_is_held_to_them_and_its_API_to_the_API_s()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var windows = new TenantCallWindows(time, new Dictionary<string, CallLimits> { ["antivirus"] = new(30, 1000) });
        for (var i = 0; i < 30; i++)
        {
            Assert.True(windows.TryAcquire(ApiSurface.Defender, "antivirus", out _));
        }

        Assert.False(windows.TryAcquire(ApiSurface.Defender, "antivirus", out var refusal));
        Assert.Contains("30 calls in the last minute to the antivirus endpoint", refusal, StringComparison.Ordinal);
        Assert.True(windows.UntilRoom(ApiSurface.Defender, "antivirus") > TimeSpan.Zero);

        // The rest of the Defender API still has 70 calls this minute; Graph has its own 150.
        for (var i = 0; i < 70; i++)
        {
            Assert.True(windows.TryAcquire(ApiSurface.Defender, "devices", out _));
        }

        Assert.False(windows.TryAcquire(ApiSurface.Defender, "devices", out _));
        for (var i = 0; i < 150; i++)
        {
            Assert.True(windows.TryAcquire(ApiSurface.Graph, "incidents", out _));
        }

        Assert.False(windows.TryAcquire(ApiSurface.Graph, "incidents", out refusal));
        Assert.Contains("150 calls in the last minute to the Graph API", refusal, StringComparison.Ordinal);

        // A page that waits the time it is told finds room.
        time.Advance(windows.UntilRoom(ApiSurface.Defender, "antivirus"));
        Assert.True(windows.TryAcquire(ApiSurface.Defender, "antivirus", out _));
    }
}
