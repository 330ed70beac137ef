using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// What one tenant's collector last produced: all its samples from one poll, and how its polls went. Immutable:
/// the poller swaps a whole new one in, so a reader never pairs values of two polls.
/// </summary>
/// <param name="LastPollFailed">True when the last poll published nothing new, whatever the cause.</param>
/// <param name="LastFailure">
/// The reason the last failed poll is counted under; null when it failed in the exporter itself, which blames no
/// API and so has no reason.
/// </param>
public sealed record CollectorSnapshot(
    IReadOnlyList<Sample> Samples,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    bool LastPollFailed,
    FailureReason? LastFailure,
    string? LastFailureDetail,
    double? LastDurationSeconds)
{
    public static CollectorSnapshot Empty { get; } = new([], null, null, false, null, null, null);

    public bool Up => LastAttempt is not null && !LastPollFailed;

    /// <summary>The value of a label-less series, e.g. the secure score; null before the first success.</summary>
    public double? ValueOf(PostureSeries series) =>
        Samples.FirstOrDefault(s => s.Series == series) is { } sample ? sample.Value : null;
}
