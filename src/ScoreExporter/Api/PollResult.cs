namespace ScoreExporter.Api;

/// <summary>The outcome of one poll: a score, or a failure reason with a detail that is safe to log.</summary>
public readonly record struct PollResult(double Score, DateTimeOffset Time, FailureReason? Failure, string? Detail)
{
    public static PollResult Success(double score, DateTimeOffset time) => new(score, time, null, null);

    public static PollResult Failed(FailureReason reason, string detail) => new(double.NaN, default, reason, detail);
}
