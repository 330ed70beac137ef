using ScoreExporter.Polling;

namespace ScoreExporter.Metrics;

/// <summary>
/// Every collector's snapshot, read once per collection: all series of one collector come from the same poll (a
/// score and its timestamp never straddle two). A meter provider observes instruments one after another in the
/// order they were created, on the collecting thread, so the first instrument's callback refreshes the view and the
/// rest read it. The view belongs to that thread: /metrics and OTLP push collect from providers of their own, at
/// any moment, and one's refresh must not change what the other is halfway through reading.
/// </summary>
public sealed class ScrapeView(TenantRegistry registry) : IDisposable
{
    private readonly ThreadLocal<(CollectorState State, CollectorSnapshot Snapshot)[]?> current = new();

    /// <summary>The collecting thread's view; a fresh read if this thread has none (an instrument observed on its own).</summary>
    public IReadOnlyList<(CollectorState State, CollectorSnapshot Snapshot)> Entries => current.Value ?? Read();

    public void Refresh() => current.Value = Read();

    /// <summary>Lets go of the thread's view once the collection is done, so no pool thread keeps old snapshots alive.</summary>
    public void Release() => current.Value = null;

    public void Dispose() => current.Dispose();

    private (CollectorState State, CollectorSnapshot Snapshot)[] Read() => registry.Collectors.Select(c => (c, c.Snapshot)).ToArray();
}
