namespace ScoreExporter.Polling;

/// <summary>
/// Counts every HTTP attempt, retries included, into <c>defender_api_requests_total</c>: the status code,
/// or <c>none</c> when no answer came (timeout, refused, reset).
/// </summary>
public sealed class RequestCountingHandler(Func<HttpRequestMessage, TenantState?> tenantOf, string endpoint) : DelegatingHandler
{
    public const string ApiEndpoint = "api";
    public const string TokenEndpoint = "token";
    public const string NoAnswer = "none";

    public static readonly HttpRequestOptionsKey<TenantState> TenantKey = new("ScoreExporter.Tenant");

    /// <summary>Counts API calls for the tenant the request carries in its options.</summary>
    public static RequestCountingHandler ForApi() =>
        new(request => request.Options.TryGetValue(TenantKey, out var tenant) ? tenant : null, ApiEndpoint);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tenant = tenantOf(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            tenant?.CountRequest(endpoint, StatusLabels.ToLabel((int)response.StatusCode));
            return response;
        }
        catch
        {
            tenant?.CountRequest(endpoint, NoAnswer);
            throw;
        }
    }
}

internal static class StatusLabels
{
    private static readonly string[] Labels = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static string ToLabel(int code) => (uint)code < Labels.Length ? Labels[code] : "other";
}
