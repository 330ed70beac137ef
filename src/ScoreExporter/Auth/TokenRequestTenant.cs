namespace ScoreExporter.Auth;

/// <summary>
/// Marks each request a credential sends to Entra with the tenant it is for (by name), so the token client's
/// handlers can count it for that tenant.
/// </summary>
/// <param name="tenantOf">The tenant a request is for.</param>
public sealed class TokenRequestTenant(Func<HttpRequestMessage, string> tenantOf) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> Key = new("ScoreExporter.TokenRequestTenant");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(Key, tenantOf(request));
        return base.SendAsync(request, cancellationToken);
    }
}
