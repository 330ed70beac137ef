using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// One collector of one tenant: its schedule, its current snapshot, its counters and its throttle window. Written by
/// its own polls only, read by metric callbacks and the landing page at any time; another collector's failure never
/// touches it.
/// </summary>
public sealed class CollectorState
{
    private readonly long[] errors = new long[FailureReasons.All.Count];
    private CollectorSnapshot snapshot = CollectorSnapshot.Empty;
    private long polls;
    private long completedPolls;

    public CollectorState(TenantState tenant, EnabledCollector collector, TimeSpan phase)
    {
        Tenant = tenant;
        Collector = collector;
        Phase = phase;
    }

    public TenantState Tenant { get; }

    public EnabledCollector Collector { get; }

    public string Name => Collector.Name;

    /// <summary>Offset of this collector's polls within its interval, so many tenants never poll at once.</summary>
    public TimeSpan Phase { get; }

    /// <summary>Until when the API asked us (Retry-After) not to call this endpoint for this tenant.</summary>
    public DateTimeOffset ThrottledUntil { get; set; }

    public CollectorSnapshot Snapshot => Volatile.Read(ref snapshot);

    public long Polls => Interlocked.Read(ref polls);

    /// <summary>Polls that have finished and published their outcome.</summary>
    public long CompletedPolls => Interlocked.Read(ref completedPolls);

    public long Errors(FailureReason reason) => Interlocked.Read(ref errors[(int)reason]);

    public void Publish(CollectorSnapshot next)
    {
        Volatile.Write(ref snapshot, next);
        Interlocked.Increment(ref completedPolls);
    }

    public void CountPoll() => Interlocked.Increment(ref polls);

    public void CountError(FailureReason reason) => Interlocked.Increment(ref errors[(int)reason]);
}
