using ScoreExporter.Polling;

namespace ScoreExporter.Endpoints;

/// <summary>
/// What decides the /metrics exposition besides constants: how many changes the tenants' state has seen, and until
/// when the posture values shown now stay shown (they disappear once older than their collector's StaleAfter).
/// </summary>
/// <param name="Changes">
/// The sum of every monotonic counter behind the exposition: polls started, polls published (each publish swaps a
/// snapshot in), errors by reason and API requests by endpoint and code. Any change to what /metrics shows raises it.
/// </param>
/// <param name="FreshUntil">The earliest moment a value shown now becomes stale and must leave the exposition.</param>
public readonly record struct ExpositionStamp(long Changes, DateTimeOffset FreshUntil)
{
    public static ExpositionStamp Take(TenantRegistry registry, DateTimeOffset now)
    {
        long changes = 0;
        var freshUntil = DateTimeOffset.MaxValue;
        foreach (var tenant in registry.Tenants)
        {
            foreach (var counter in tenant.RequestCounters)
            {
                changes += counter.Count;
            }

            foreach (var collector in tenant.Collectors)
            {
                // Read before the snapshot: a publish writes the snapshot first, then counts itself.
                changes += collector.CompletedPolls + collector.Polls;
                foreach (var reason in Defender.FailureReasons.All)
                {
                    changes += collector.Errors(reason);
                }

                if (collector.Snapshot.LastSuccess is { } success && success + collector.Collector.StaleAfter is var staleAt && staleAt >= now && staleAt < freshUntil)
                {
                    freshUntil = staleAt;
                }
            }
        }

        return new ExpositionStamp(changes, freshUntil);
    }

    /// <summary>True when an exposition rendered at this stamp still shows what one rendered at <paramref name="current"/> would.</summary>
    public bool StillShows(ExpositionStamp current, DateTimeOffset now) => current.Changes == Changes && now <= FreshUntil;
}
