namespace ScoreExporter.Defender;

/// <summary>
/// Inside the retry loop, so every attempt (pages and retries too) takes a place in the tenant's call windows; an
/// attempt that would pass a documented limit is refused before it is sent.
/// </summary>
public sealed class CallWindowHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Options.TryGetValue(DefenderRequestOptions.Caller, out var caller)
        && request.Options.TryGetValue(DefenderRequestOptions.Surface, out var surface)
        && request.Options.TryGetValue(DefenderRequestOptions.Endpoint, out var endpoint)
        && !caller.CallWindows.TryAcquire(surface, endpoint, out var refusal)
            ? Task.FromException<HttpResponseMessage>(new CallBudgetExceededException(refusal!))
            : base.SendAsync(request, cancellationToken);
}
