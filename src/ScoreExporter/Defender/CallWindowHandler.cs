namespace ScoreExporter.Defender;

/// <summary>
/// Inside the retry loop, so every attempt (pages and retries too) takes a place in the tenant's call window; an
/// attempt that would pass the API's limits is refused before it is sent.
/// </summary>
public sealed class CallWindowHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Options.TryGetValue(DefenderRequestOptions.Caller, out var caller) && !caller.CallWindow.TryAcquire(out var refusal)
            ? Task.FromException<HttpResponseMessage>(new CallBudgetExceededException(refusal!))
            : base.SendAsync(request, cancellationToken);
}
