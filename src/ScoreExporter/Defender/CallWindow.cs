using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>
/// One tenant's calls to one API (or one endpoint with limits of its own) in the last hour: a call is allowed only if
/// it keeps the tenant within <see cref="CallLimits"/> in every sliding minute and hour. The limits are exact for every
/// sliding window, which a segmented limiter (System.Threading.RateLimiting) only approximates; the timestamps kept
/// never pass the hourly limit.
/// </summary>
/// <remarks>Not thread-safe on its own: <see cref="TenantCallWindows"/> holds its lock around every use.</remarks>
public sealed class CallWindow(CallLimits limits, string what)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Queue<DateTimeOffset> calls = new();

    public CallLimits Limits => limits;

    /// <summary>How long until a call fits both limits (zero: now), or the refusal to give when it does not.</summary>
    internal TimeSpan UntilRoom(DateTimeOffset now, out string? refusal)
    {
        while (calls.Count > 0 && calls.Peek() <= now - Hour)
        {
            calls.Dequeue();
        }

        if (calls.Count >= limits.PerHour)
        {
            refusal = $"deferred: {limits.PerHour} calls in the last hour to {what} for this tenant, its limit";
            return calls.Peek() + Hour - now;
        }

        var inLastMinute = CountSince(now - Minute, out var oldestInMinute);
        if (inLastMinute >= limits.PerMinute)
        {
            refusal = $"deferred: {limits.PerMinute} calls in the last minute to {what} for this tenant, its limit";
            return oldestInMinute + Minute - now;
        }

        refusal = null;
        return TimeSpan.Zero;
    }

    internal void Record(DateTimeOffset now) => calls.Enqueue(now);

    /// <summary>Calls in the window since <paramref name="since"/>, and the oldest of them.</summary>
    private int CountSince(DateTimeOffset since, out DateTimeOffset oldest)
    {
        // At most the hourly limit of timestamps, oldest first: a plain scan is cheaper than a second queue in step.
        var count = 0;
        oldest = default;
        foreach (var at in calls)
        {
            if (at > since)
            {
                oldest = count == 0 ? at : oldest;
                count++;
            }
        }

        return count;
    }
}
