using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// <c>Defender:Collectors</c>: known names, sane intervals, and the start-time rate check: the enabled collectors'
/// worst case together (pages and retries included) must fit the API's per-tenant limits. One line per mistake.
/// </summary>
public sealed class CollectorOptionsValidator : IValidateOptions<DefenderOptions>
{
    private const string Section = DefenderOptions.SectionName + ":Collectors";
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, DefenderOptions options)
    {
        var collectors = CollectorCatalog.All;
        var failures = new List<string>();
        foreach (var (key, own) in options.Collectors)
        {
            if (!collectors.Any(c => string.Equals(c.ConfigName, key, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{Section}:{key} is not a collector: use one of {string.Join(", ", collectors.Select(c => c.ConfigName))}.");
            }
            else if (own.PollInterval is { } interval && (interval < Shortest || interval > Longest))
            {
                failures.Add($"{Section}:{key}:PollInterval {interval:c} is out of range: use 00:00:10 to 1.00:00:00.");
            }
        }

        var enabled = CollectorCatalog.Settle(options, collectors);
        if (failures.Count == 0 && options.MaxRetries is >= 0 and <= 10 && options.PollInterval >= Shortest && enabled.Count > 0)
        {
            CheckRateBudget(options, enabled, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRateBudget(DefenderOptions options, IReadOnlyList<EnabledCollector> enabled, List<string> failures)
    {
        var schedules = enabled.Select(c => new PollSchedule(c.Interval, c.Collector.MaxCallsPerPoll)).ToArray();
        if (RateBudget.Allows(schedules, options.MaxRetries))
        {
            return;
        }

        var perMinute = RateBudget.WorstCaseCalls(RateBudget.Minute, schedules, options.MaxRetries);
        var perHour = RateBudget.WorstCaseCalls(RateBudget.Hour, schedules, options.MaxRetries);
        var shared = enabled.Where(FollowsShared(options)).ToArray();
        var own = enabled.Except(shared).Select(c => new PollSchedule(c.Interval, c.Collector.MaxCallsPerPoll)).ToArray();
        var fix = shared.Length > 0 && RateBudget.ShortestSharedInterval(own, shared.Length, options.MaxRetries) is { } shortest
            ? $"set {DefenderOptions.SectionName}:PollInterval to at least {shortest:c}"
            : "lengthen the collectors' own PollInterval";
        failures.Add(
            $"{DefenderOptions.SectionName}:PollInterval {options.PollInterval:c} with MaxRetries {options.MaxRetries} and collectors "
            + $"{string.Join(", ", enabled.Select(c => $"{c.Collector.ConfigName} every {c.Interval:c}"))} could make {perMinute} calls/min "
            + $"and {perHour} calls/hour per tenant, over the API's limit of {RateBudget.CallsPerMinute}/min and {RateBudget.CallsPerHour}/hour: "
            + $"{fix}, lower {DefenderOptions.SectionName}:MaxRetries or disable a collector.");
    }

    private static Func<EnabledCollector, bool> FollowsShared(DefenderOptions options) => c =>
        options.Collectors.GetValueOrDefault(c.Collector.ConfigName)?.PollInterval is null && c.Collector.DefaultPollInterval is null;
}
