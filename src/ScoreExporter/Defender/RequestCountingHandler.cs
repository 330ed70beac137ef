using ScoreExporter.Auth;

namespace ScoreExporter.Defender;

/// <summary>
/// Counts every HTTP attempt, retries included, into <c>defender_api_requests_total</c>: the status code (unexpected
/// ones fold into <c>other</c>, so the series stay bounded), or <c>none</c> when no answer came.
/// </summary>
public sealed class RequestCountingHandler(Func<HttpRequestMessage, (IApiRequestCounter? Counter, string Endpoint)> target) : DelegatingHandler
{
    public const string TokenEndpoint = "token";

    /// <summary>Counts API calls for the caller and collector the request carries in its options.</summary>
    public static RequestCountingHandler ForApi() => new(request =>
        (request.Options.TryGetValue(DefenderRequestOptions.Caller, out var caller) ? caller.Requests : null,
         request.Options.TryGetValue(DefenderRequestOptions.Endpoint, out var endpoint) ? endpoint : string.Empty));

    /// <summary>Counts token requests for the tenant each request is marked with (<see cref="TokenRequestTenant"/>).</summary>
    /// <param name="counterOf">The request counter of a tenant, by name.</param>
    public static RequestCountingHandler ForToken(Func<string, IApiRequestCounter?> counterOf) => new(request =>
        (request.Options.TryGetValue(TokenRequestTenant.Key, out var tenant) ? counterOf(tenant) : null, TokenEndpoint));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (counter, endpoint) = target(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            counter?.CountRequest(endpoint, StatusCodeLabels.Of((int)response.StatusCode));
            return response;
        }
        catch
        {
            counter?.CountRequest(endpoint, StatusCodeLabels.NoAnswer);
            throw;
        }
    }
}
