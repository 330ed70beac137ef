using ScoreExporter.Api;

namespace ScoreExporter.Polling;

/// <summary>What one tenant's last polls produced. Immutable: the poller swaps a whole new one in.</summary>
public sealed record TenantSnapshot(
    double? Score,
    DateTimeOffset? ScoreTime,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    FailureReason? LastFailure,
    string? LastFailureDetail)
{
    public static TenantSnapshot Empty { get; } = new(null, null, null, null, null, null);

    public bool Up => LastAttempt is not null && LastFailure is null;
}
