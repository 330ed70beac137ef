using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>The API client bound to one tenant and collector (its surface, its options), as a collector sees it.</summary>
public sealed class CollectorCall(DefenderClient client, DefenderCaller caller, EnabledCollector collector, TimeProvider time)
{
    /// <summary>The host's clock, for checks such as "not in the future".</summary>
    public TimeProvider Time => time;

    /// <summary>Which API the collector reads.</summary>
    public ApiSurface Surface => collector.Collector.Surface;

    /// <summary>The collector's own settings (e.g. <c>PerControl</c>), never null.</summary>
    public CollectorOptions Options => collector.Options;

    /// <summary>A path on the collector's API surface, relative to that surface's base URL for this tenant's cloud.</summary>
    public Uri UrlOf(string pathAndQuery) => new(caller.Endpoints.Of(collector.Collector.Surface).BaseUrl, pathAndQuery);

    public Task<DefenderResponse<T>> GetAsync<T>(Uri url, BodyReader<T> read, CancellationToken cancellationToken, bool notFoundIsEmpty = false) =>
        client.GetAsync(caller, collector.Collector.Surface, collector.Name, url, read, cancellationToken, notFoundIsEmpty);

    /// <summary>
    /// Waits until the tenant's call windows have room for one more call of this collector, so a listing of many pages
    /// spreads over minutes instead of failing at the limit; the poll's timeout bounds the wait.
    /// </summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        while ((wait = caller.CallWindows.UntilRoom(collector.Collector.Surface, collector.Name)) > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
