namespace ScoreExporter.Configuration;

/// <summary>
/// The Defender API's documented per-tenant limits, and the worst case a poll schedule can cost against them:
/// every poll spends all its retries, and a window may hold two polls more than it fits whole intervals
/// (one at its edge, and one that started late in its slot, close to the next).
/// </summary>
public static class RateBudget
{
    public const int CallsPerMinute = 100;
    public const int CallsPerHour = 1500;

    public static int WorstCaseCalls(TimeSpan window, TimeSpan pollInterval, int maxRetries) =>
        ((int)(window / pollInterval) + 2) * (maxRetries + 1);

    public static bool Allows(TimeSpan pollInterval, int maxRetries) =>
        WorstCaseCalls(TimeSpan.FromMinutes(1), pollInterval, maxRetries) <= CallsPerMinute
        && WorstCaseCalls(TimeSpan.FromHours(1), pollInterval, maxRetries) <= CallsPerHour;

    /// <summary>The shortest whole-second interval that stays inside both limits, or null when none does.</summary>
    public static TimeSpan? ShortestInterval(int maxRetries)
    {
        for (var interval = TimeSpan.FromSeconds(10); interval <= TimeSpan.FromHours(1); interval += TimeSpan.FromSeconds(1))
        {
            if (Allows(interval, maxRetries))
            {
                return interval;
            }
        }

        return null;
    }
}
