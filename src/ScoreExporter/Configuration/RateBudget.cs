namespace ScoreExporter.Configuration;

/// <summary>
/// The worst case a set of poll schedules can cost against one set of <see cref="CallLimits"/>: every call of every
/// poll spends all its retries, and a window may hold two polls more than it fits whole intervals (one at its edge,
/// and one that started late in its slot, close to the next). A poll's first call can burst; its further pages wait
/// for room in the tenant's call windows, so they count against the hour only.
/// </summary>
public static class RateBudget
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Worst-case calls in <paramref name="window"/> of one schedule.</summary>
    public static int WorstCaseCalls(TimeSpan window, PollSchedule schedule, int maxRetries) =>
        ((int)(window / schedule.Interval) + 2) * (maxRetries + 1) * (window <= Minute ? 1 : schedule.CallsPerPoll);

    /// <summary>Worst-case calls in <paramref name="window"/> of several schedules polling the same tenant.</summary>
    public static int WorstCaseCalls(TimeSpan window, IEnumerable<PollSchedule> schedules, int maxRetries) =>
        schedules.Sum(s => WorstCaseCalls(window, s, maxRetries));

    public static bool Allows(IReadOnlyCollection<PollSchedule> schedules, int maxRetries, CallLimits limits) =>
        WorstCaseCalls(Minute, schedules, maxRetries) <= limits.PerMinute
        && WorstCaseCalls(Hour, schedules, maxRetries) <= limits.PerHour;

    public static bool Allows(TimeSpan pollInterval, int maxRetries, CallLimits limits) => Allows([new PollSchedule(pollInterval, 1)], maxRetries, limits);

    /// <summary>
    /// The shortest whole-second value of the shared interval (the one schedules without their own follow) that keeps
    /// every schedule inside both limits, or null when none up to an hour does.
    /// </summary>
    public static TimeSpan? ShortestSharedInterval(IReadOnlyCollection<PollSchedule> own, int sharedSchedules, int maxRetries, CallLimits limits)
    {
        for (var interval = TimeSpan.FromSeconds(10); interval <= Hour; interval += TimeSpan.FromSeconds(1))
        {
            if (Allows([.. own, .. Enumerable.Repeat(new PollSchedule(interval, 1), sharedSchedules)], maxRetries, limits))
            {
                return interval;
            }
        }

        return null;
    }

    /// <summary>The shortest whole-second interval of one single-call schedule alone, or null when none does.</summary>
    public static TimeSpan? ShortestInterval(int maxRetries, CallLimits limits) => ShortestSharedInterval([], 1, maxRetries, limits);

    /// <summary>Whether a poll's pages, waiting for room at the limit's pace, can all be read within its timeout.</summary>
    public static bool PagesFit(PollSchedule schedule, TimeSpan pollTimeout, CallLimits limits) =>
        schedule.CallsPerPoll <= Math.Max(1, (int)(limits.PerMinute * pollTimeout.TotalMinutes));
}

/// <summary>One poll schedule against a tenant: how often, and how many calls a poll makes before retries (pages).</summary>
public readonly record struct PollSchedule(TimeSpan Interval, int CallsPerPoll);
