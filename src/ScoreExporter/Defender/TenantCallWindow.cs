namespace ScoreExporter.Defender;

/// <summary>
/// One tenant's API calls in the last hour, shared by all its collectors: a call is allowed only if it keeps the
/// tenant within 100 calls in any minute and 1,500 in any hour, the API's documented limits. The limits are exact
/// for every sliding window, which a segmented limiter (System.Threading.RateLimiting) only approximates; the
/// timestamps kept grow with use (a healthy tenant keeps a few dozen), never past 1,500.
/// </summary>
public sealed class TenantCallWindow(TimeProvider time, int perMinute = TenantCallWindow.DefaultPerMinute, int perHour = TenantCallWindow.DefaultPerHour)
{
    public const int DefaultPerMinute = 100;
    public const int DefaultPerHour = 1500;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> calls = new();

    /// <summary>Records a call now if it fits both limits; otherwise says which limit it would pass.</summary>
    public bool TryAcquire(out string? refusal)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            while (calls.Count > 0 && calls.Peek() <= now - Hour)
            {
                calls.Dequeue();
            }

            if (calls.Count >= perHour)
            {
                refusal = $"deferred: {perHour} calls in the last hour for this tenant, the API's limit";
                return false;
            }

            if (CountSince(now - Minute) >= perMinute)
            {
                refusal = $"deferred: {perMinute} calls in the last minute for this tenant, the API's limit";
                return false;
            }

            calls.Enqueue(now);
            refusal = null;
            return true;
        }
    }

    // At most 1,500 timestamps, oldest first: a plain scan is cheaper than keeping a second queue in step.
    private int CountSince(DateTimeOffset since)
    {
        var count = 0;
        foreach (var at in calls)
        {
            if (at > since)
            {
                count++;
            }
        }

        return count;
    }
}
