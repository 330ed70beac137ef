using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>Parses and checks a <c>{"time","score"}</c> answer, the shape of both organisation-wide scores.</summary>
public static class ScoreAnswer
{
    public static BodyReader<ScoreBody> Reader(TimeProvider time, double max) => async (content, cancellationToken) =>
        Check(await SmallJsonBody.ReadAsync(content, CollectorJson.Default.ScoreBody, cancellationToken).ConfigureAwait(false), time.GetUtcNow(), max);

    public static BodyRead<ScoreBody> Parse(ReadOnlySpan<byte> body, DateTimeOffset now, double max = double.MaxValue) =>
        Check(SmallJsonBody.Parse(body, CollectorJson.Default.ScoreBody), now, max);

    private static BodyRead<ScoreBody> Check(BodyRead<ScoreBody> read, DateTimeOffset now, double max) =>
        read.Value is not { } body ? read
        : (ScoreChecks.ScoreProblem(body.Score, max) ?? ScoreChecks.TimeProblem(body.Time, now)) is { } problem ? BodyRead<ScoreBody>.Refused(problem)
        : read;
}
