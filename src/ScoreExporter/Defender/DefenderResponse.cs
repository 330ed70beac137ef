namespace ScoreExporter.Defender;

// The factories live on the result types themselves, where readers look for them.
#pragma warning disable CA1000

/// <summary>Why a call failed, in words safe to log; and how long the API asked us to wait, when it did.</summary>
public sealed record DefenderFailure(FailureReason Reason, string Detail, TimeSpan? RetryAfter = null);

/// <summary>The outcome of one GET: a read body, "not found" (when the caller accepts it), or a failure.</summary>
public readonly record struct DefenderResponse<T>(T? Value, bool NotFound, DefenderFailure? Failure)
{
    public static DefenderResponse<T> Read(T value) => new(value, false, null);

    public static DefenderResponse<T> Failed(FailureReason reason, string detail, TimeSpan? retryAfter = null) =>
        new(default, false, new DefenderFailure(reason, detail, retryAfter));
}

/// <summary>A body turned into a value, or the reason it is not one (counted as <c>invalid_response</c>).</summary>
public readonly record struct BodyRead<T>(T? Value, string? Invalid)
{
    public static BodyRead<T> Ok(T value) => new(value, null);

    public static BodyRead<T> Refused(string why) => new(default, why);
}

/// <summary>Reads a successful JSON response's body; exceptions (a broken connection, a timeout) are the client's to classify.</summary>
public delegate Task<BodyRead<T>> BodyReader<T>(HttpContent content, CancellationToken cancellationToken);
