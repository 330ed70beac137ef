namespace ScoreExporter.Configuration;

/// <summary>
/// The Defender API's documented per-tenant limits, and the worst case a set of poll schedules can cost against
/// them: every call of every poll spends all its retries, and a window may hold two polls more than it fits whole
/// intervals (one at its edge, and one that started late in its slot, close to the next).
/// </summary>
public static class RateBudget
{
    public const int CallsPerMinute = 100;
    public const int CallsPerHour = 1500;

    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Worst-case calls in <paramref name="window"/> of one schedule making up to <paramref name="callsPerPoll"/> calls a poll.</summary>
    public static int WorstCaseCalls(TimeSpan window, TimeSpan pollInterval, int maxRetries, int callsPerPoll = 1) =>
        ((int)(window / pollInterval) + 2) * (maxRetries + 1) * callsPerPoll;

    /// <summary>Worst-case calls in <paramref name="window"/> of several schedules polling the same tenant.</summary>
    public static int WorstCaseCalls(TimeSpan window, IEnumerable<PollSchedule> schedules, int maxRetries) =>
        schedules.Sum(s => WorstCaseCalls(window, s.Interval, maxRetries, s.CallsPerPoll));

    public static bool Allows(IReadOnlyCollection<PollSchedule> schedules, int maxRetries) =>
        WorstCaseCalls(Minute, schedules, maxRetries) <= CallsPerMinute
        && WorstCaseCalls(Hour, schedules, maxRetries) <= CallsPerHour;

    public static bool Allows(TimeSpan pollInterval, int maxRetries) => Allows([new PollSchedule(pollInterval, 1)], maxRetries);

    /// <summary>
    /// The shortest whole-second value of the shared interval (the one schedules without their own follow) that keeps
    /// every schedule inside both limits, or null when none up to an hour does.
    /// </summary>
    public static TimeSpan? ShortestSharedInterval(IReadOnlyCollection<PollSchedule> own, int sharedSchedules, int maxRetries)
    {
        for (var interval = TimeSpan.FromSeconds(10); interval <= Hour; interval += TimeSpan.FromSeconds(1))
        {
            if (Allows([.. own, .. Enumerable.Repeat(new PollSchedule(interval, 1), sharedSchedules)], maxRetries))
            {
                return interval;
            }
        }

        return null;
    }

    /// <summary>The shortest whole-second interval of one single-call schedule alone, or null when none does.</summary>
    public static TimeSpan? ShortestInterval(int maxRetries) => ShortestSharedInterval([], 1, maxRetries);
}

/// <summary>One poll schedule against a tenant: how often, and how many calls a poll makes before retries (pages).</summary>
public readonly record struct PollSchedule(TimeSpan Interval, int CallsPerPoll);
