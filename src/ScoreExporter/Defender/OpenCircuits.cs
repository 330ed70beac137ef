using System.Collections.Concurrent;

namespace ScoreExporter.Defender;

/// <summary>
/// The failure that opened each pipeline's circuit breaker, so a poll the breaker refuses is counted under the cause
/// (e.g. still <c>server_error</c>) rather than a made-up reason of its own.
/// </summary>
public sealed class OpenCircuits
{
    private readonly ConcurrentDictionary<string, FailureReason> openedBy = new(StringComparer.Ordinal);

    public void Opened(string pipelineKey, FailureReason reason) => openedBy[pipelineKey] = reason;

    public FailureReason? OpenedBy(string pipelineKey) => openedBy.TryGetValue(pipelineKey, out var reason) ? reason : null;
}
