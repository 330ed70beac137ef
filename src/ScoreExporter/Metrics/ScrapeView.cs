using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// Every collector's snapshot, read once per scrape: all series of one collector come from the same poll (a score
/// and its timestamp never straddle two). The SDK observes instruments one after another in the order they were
/// created, one collection at a time, so the first instrument's callback refreshes the view and the rest read it.
/// </summary>
public sealed class ScrapeView(TenantRegistry registry)
{
    private (CollectorState State, CollectorSnapshot Snapshot)[] entries = [];

    public IReadOnlyList<(CollectorState State, CollectorSnapshot Snapshot)> Entries => Volatile.Read(ref entries);

    public void Refresh() => Volatile.Write(ref entries, registry.Collectors.Select(c => (c, c.Snapshot)).ToArray());
}
