using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Collectors;

/// <summary>
/// Every collector the exporter knows, and which of them this configuration switches on. Registering a collector
/// here (one line) is all it takes for it to be configured, scheduled, rate-checked and published.
/// </summary>
public sealed class CollectorCatalog
{
    private readonly IOptions<DefenderOptions> options;
    private readonly IReadOnlyList<Collector> known;
    private IReadOnlyList<EnabledCollector>? enabled;

    public CollectorCatalog(IOptions<DefenderOptions> options)
        : this(options, All)
    {
    }

    /// <summary>A catalog of other collectors than <see cref="All"/>: a test's, to drive the pipeline with them.</summary>
    internal CollectorCatalog(IOptions<DefenderOptions> options, IReadOnlyList<Collector> known)
    {
        this.options = options;
        this.known = known;
    }

    public static IReadOnlyList<Collector> All { get; } =
    [
        new ConfigurationScoreCollector(),
        new ExposureScoreCollector(),
        new DeviceGroupExposureScoreCollector(),
        new DevicesCollector(),
        new SecureScoreCollector(),
        new IncidentsCollector(),
        new RecommendationsCollector(),
        new AntivirusCollector(),
    ];

    public IReadOnlyList<EnabledCollector> Enabled => enabled ??= Settle(options.Value, known);

    public static IReadOnlyList<EnabledCollector> Settle(DefenderOptions options, IEnumerable<Collector> collectors) => collectors
        .Select(collector => (collector, own: options.Collectors.GetValueOrDefault(collector.ConfigName)))
        .Where(c => c.own?.Enabled ?? c.collector.EnabledByDefault)
        .Select(c =>
        {
            var interval = c.own?.PollInterval ?? c.collector.DefaultPollInterval ?? options.PollInterval;
            return new EnabledCollector(
                c.collector, interval, options.PollTimeoutFor(interval, c.collector.PollTimeoutCap), options.StaleAfterFor(interval), c.own ?? new CollectorOptions());
        })
        .ToArray();
}
