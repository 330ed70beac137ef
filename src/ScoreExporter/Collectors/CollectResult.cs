using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>The outcome of one collection: every sample of the collector, or why there are none this time.</summary>
public sealed record CollectResult(IReadOnlyList<Sample> Samples, DefenderFailure? Failure)
{
    public static CollectResult Success(IReadOnlyList<Sample> samples) => new(samples, null);

    public static CollectResult Failed(DefenderFailure failure) => new([], failure);

    public static CollectResult Failed(FailureReason reason, string detail) => new([], new DefenderFailure(reason, detail));
}
