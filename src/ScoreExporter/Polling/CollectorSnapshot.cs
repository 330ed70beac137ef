using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// What one tenant's collector last produced: all its samples from one poll, and how its polls went. Immutable:
/// the poller swaps a whole new one in, so a reader never pairs values of two polls.
/// </summary>
public sealed record CollectorSnapshot(
    IReadOnlyList<Sample> Samples,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    FailureReason? LastFailure,
    string? LastFailureDetail,
    double? LastDurationSeconds)
{
    public static CollectorSnapshot Empty { get; } = new([], null, null, null, null, null);

    public bool Up => LastAttempt is not null && LastFailure is null;

    /// <summary>The value of a label-less series, e.g. the secure score; null before the first success.</summary>
    public double? ValueOf(PostureSeries series) =>
        Samples.FirstOrDefault(s => s.Series == series) is { } sample ? sample.Value : null;
}
