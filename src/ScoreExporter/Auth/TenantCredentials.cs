using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// Builds the tenants' credentials: one shared by the tenants of each app registration that more than one of them
/// signs in with (same client id and secret or certificate: one MSAL client instead of one per tenant, still one token
/// per tenant), else one of the tenant's own. Each talks to Entra through the <see cref="TokenClientName"/> client,
/// with every request marked with the tenant it is for (<see cref="TokenRequestTenant"/>).
/// </summary>
public sealed class TenantCredentials(IOptions<DefenderOptions> options, IHttpMessageHandlerFactory handlerFactory)
{
    public const string TokenClientName = "entra";

    /// <summary>Every tenant's credential, by tenant name.</summary>
    public IReadOnlyDictionary<string, TenantCredential> For(IReadOnlyList<ResolvedTenant> tenants)
    {
        var defender = options.Value;
        var shared = new Dictionary<string, CredentialSource>(StringComparer.Ordinal);
        foreach (var app in tenants.Where(t => AppRegistration.Of(t) is not null).GroupBy(t => AppRegistration.Of(t)!))
        {
            var members = app.ToArray();
            if (members.Length > 1)
            {
                var first = members[0];
                var signInTenant = new SharedSignInTenant(members);
                var source = new CredentialSource(first, () => CredentialFactory.Create(first, defender, TokenClient(signInTenant.Of), anyTenant: true), servesManyTenants: true);
                foreach (var tenant in members)
                {
                    shared.Add(tenant.Name, source);
                }
            }
        }

        return tenants.ToDictionary(
            tenant => tenant.Name,
            tenant =>
            {
                CredentialSource Own() => new(tenant, () => CredentialFactory.Create(tenant, defender, TokenClient(_ => tenant.Name)), servesManyTenants: false);
                return new TenantCredential(tenant, shared.GetValueOrDefault(tenant.Name) ?? Own(), Own);
            },
            StringComparer.Ordinal);
    }

    private HttpClient TokenClient(Func<HttpRequestMessage, string> tenantOf) =>
        new(new TokenRequestTenant(tenantOf) { InnerHandler = handlerFactory.CreateHandler(TokenClientName) }) { Timeout = Timeout.InfiniteTimeSpan };
}
