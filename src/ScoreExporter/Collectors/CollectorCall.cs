using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>The Defender client bound to one tenant and collector, as a collector sees it.</summary>
public sealed class CollectorCall(DefenderClient client, DefenderCaller caller, Collector collector, TimeProvider time)
{
    /// <summary>The host's clock, for checks such as "not in the future".</summary>
    public TimeProvider Time => time;

    public Uri UrlOf(string path) => client.UrlOf(path);

    public Task<DefenderResponse<T>> GetAsync<T>(Uri url, BodyReader<T> read, CancellationToken cancellationToken, bool notFoundIsEmpty = false) =>
        client.GetAsync(caller, collector.Name, url, read, cancellationToken, notFoundIsEmpty);
}
