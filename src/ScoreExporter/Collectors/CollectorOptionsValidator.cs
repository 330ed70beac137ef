using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// <c>Defender:Collectors</c>: known names, sane intervals and options, and the start-time rate check: per tenant, the
/// enabled collectors' worst case (pages and retries included) must fit each documented limit they share (the
/// Defender API as a whole, Graph's security limits) and each endpoint's own. One line per mistake.
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
            else if (own.TopN is { } top && top is < 0 or > RecommendationsCollector.MaxTopN)
            {
                failures.Add($"{Section}:{key}:TopN {top} is out of range: use 0 (none) to {RecommendationsCollector.MaxTopN}.");
            }
        }

        var enabled = CollectorCatalog.Settle(options, collectors);
        if (failures.Count == 0 && options.MaxRetries is >= 0 and <= 10 && options.PollInterval >= Shortest && enabled.Count > 0)
        {
            foreach (var group in enabled.GroupBy(c => c.Collector.Surface))
            {
                CheckRateBudget(options, [.. group], CallLimits.Of(group.Key), group.Key == ApiSurface.Graph ? "the Graph security API" : "the API", failures);
            }

            foreach (var collector in enabled.Where(c => c.Collector.OwnLimits is not null))
            {
                CheckRateBudget(options, [collector], collector.Collector.OwnLimits!, $"the {collector.Name} endpoint", failures);
            }

            CheckPagesFit(enabled, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRateBudget(DefenderOptions options, IReadOnlyList<EnabledCollector> enabled, CallLimits limits, string api, List<string> failures)
    {
        var schedules = enabled.Select(Schedule).ToArray();
        if (RateBudget.Allows(schedules, options.MaxRetries, limits))
        {
            return;
        }

        var perMinute = RateBudget.WorstCaseCalls(RateBudget.Minute, schedules, options.MaxRetries);
        var perHour = RateBudget.WorstCaseCalls(RateBudget.Hour, schedules, options.MaxRetries);
        var shared = enabled.Where(FollowsShared(options)).ToArray();
        var own = enabled.Except(shared).Select(Schedule).ToArray();
        var fix = shared.Length > 0 && RateBudget.ShortestSharedInterval(own, shared.Length, options.MaxRetries, limits) is { } shortest
            ? $"set {DefenderOptions.SectionName}:PollInterval to at least {shortest:c}"
            : "lengthen the collectors' own PollInterval";
        failures.Add(
            $"{DefenderOptions.SectionName}:PollInterval {options.PollInterval:c} with MaxRetries {options.MaxRetries} and collectors "
            + $"{string.Join(", ", enabled.Select(c => $"{c.Collector.ConfigName} every {c.Interval:c}"))} could make {perMinute} calls/min "
            + $"and {perHour} calls/hour per tenant, over {api}'s limit of {limits.PerMinute}/min and {limits.PerHour}/hour: "
            + $"{fix}, lower {DefenderOptions.SectionName}:MaxRetries or disable a collector.");
    }

    private static void CheckPagesFit(IReadOnlyList<EnabledCollector> enabled, List<string> failures)
    {
        foreach (var collector in enabled)
        {
            var limits = collector.Collector.OwnLimits ?? CallLimits.Of(collector.Collector.Surface);
            if (!RateBudget.PagesFit(Schedule(collector), collector.PollTimeout, limits))
            {
                failures.Add($"{Section}:{collector.Collector.ConfigName}: {collector.Collector.MaxCallsPerPoll} pages at {limits.PerMinute} calls/min "
                    + $"do not fit its poll timeout of {collector.PollTimeout:c}: lengthen its PollInterval or {DefenderOptions.SectionName}:PollTimeout.");
            }
        }
    }

    private static PollSchedule Schedule(EnabledCollector collector) => new(collector.Interval, collector.Collector.MaxCallsPerPoll);

    private static Func<EnabledCollector, bool> FollowsShared(DefenderOptions options) => c =>
        options.Collectors.GetValueOrDefault(c.Collector.ConfigName)?.PollInterval is null && c.Collector.DefaultPollInterval is null;
}
