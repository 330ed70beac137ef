namespace ScoreExporter.Collectors;

/// <summary>The sanity checks every score answer passes before it replaces the last good one.</summary>
public static class ScoreChecks
{
    /// <summary>Defender's clock and ours may differ a little; a call "made" further in the future is garbage.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromHours(1);

    /// <summary>Why <paramref name="score"/> is not a score (finite, at least 0, at most <paramref name="max"/>), or null.</summary>
    public static string? ScoreProblem(double score, double max = double.MaxValue) =>
        !double.IsFinite(score) || score < 0 ? "score is not a finite, non-negative number"
        : score > max ? $"score is over {max}"
        : null;

    public static string? TimeProblem(DateTimeOffset time, DateTimeOffset now) =>
        time == default || time > now + AllowedClockSkew ? "time is missing or in the future" : null;
}
