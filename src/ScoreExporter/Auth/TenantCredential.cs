using Azure.Core;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// How one tenant gets its tokens: from the credential of its app registration, shared with the other tenants that
/// use the same client id and secret or certificate (one MSAL client, one cached token per tenant), or from one of its
/// own after the API rejected its token, so dropping that token never drops the other tenants'.
/// </summary>
/// <param name="tenant">The tenant the tokens are for.</param>
/// <param name="shared">Its app registration's credential.</param>
/// <param name="createOwn">Builds a credential for this tenant alone.</param>
public sealed class TenantCredential(ResolvedTenant tenant, CredentialSource shared, Func<CredentialSource> createOwn) : IDisposable
{
    private readonly Lock gate = new();

    // The tenant's collectors poll at once on start: one asks Entra, the others then find its token in the cache.
    private readonly SemaphoreSlim oneRequest = new(1, 1);
    private CredentialSource? own;

    /// <summary>Where the next token comes from: the app registration's credential, or this tenant's own.</summary>
    internal CredentialSource Source
    {
        get
        {
            lock (gate)
            {
                return own ?? shared;
            }
        }
    }

    public async ValueTask<AccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        var source = Source;
        var context = source.ServesManyTenants ? new TokenRequestContext([scope], tenantId: tenant.TenantId) : new TokenRequestContext([scope]);
        await oneRequest.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await source.Current().GetTokenAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            oneRequest.Release();
        }
    }

    public void Dispose() => oneRequest.Dispose();

    /// <summary>Drops this tenant's cached token; the next poll signs in again. Other tenants keep theirs.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            if (own is not null)
            {
                own.Reset();
            }
            else if (shared.ServesManyTenants)
            {
                // MSAL cannot drop one tenant's token from a shared client: this tenant moves to a credential of its own.
                own = createOwn();
            }
            else
            {
                shared.Reset();
            }
        }
    }
}
