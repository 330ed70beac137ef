using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>A collector switched on, with its schedule settled from its own keys, the shared ones and its defaults.</summary>
public sealed record EnabledCollector(Collector Collector, TimeSpan Interval, TimeSpan PollTimeout, TimeSpan StaleAfter, CollectorOptions Options)
{
    public string Name => Collector.Name;

    /// <summary>The series it publishes with its options.</summary>
    public IReadOnlyList<PostureSeries> Series { get; } = Collector.SeriesWith(Options).ToArray();
}
