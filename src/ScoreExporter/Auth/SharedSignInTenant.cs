using Microsoft.AspNetCore.WebUtilities;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// Which tenant a request of an app registration's shared credential is for, read from the request itself: a token
/// request names its tenant in its path (<c>/{tenant}/oauth2/v2.0/token</c>), instance discovery in its
/// <c>authorization_endpoint</c>; any other request (metadata) is the app registration's, counted for the tenant
/// whose settings built the credential.
/// </summary>
public sealed class SharedSignInTenant
{
    private readonly Dictionary<string, string> nameById = new(StringComparer.OrdinalIgnoreCase);
    private readonly string owner;

    /// <param name="tenants">The app registration's tenants; the first built the credential.</param>
    public SharedSignInTenant(IReadOnlyList<ResolvedTenant> tenants)
    {
        owner = tenants[0].Name;
        foreach (var tenant in tenants)
        {
            nameById.TryAdd(tenant.TenantId, tenant.Name);
        }
    }

    public string Of(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return owner;
        }

        if (Named(uri.AbsolutePath) is { } named)
        {
            return named;
        }

        var query = QueryHelpers.ParseQuery(uri.Query);
        return query.TryGetValue("authorization_endpoint", out var endpoint)
            && Uri.TryCreate(endpoint.ToString(), UriKind.Absolute, out var authorize)
            && Named(authorize.AbsolutePath) is { } discovered
            ? discovered
            : owner;
    }

    // The segment before "oauth2" is the tenant: /{tenant}/oauth2/v2.0/token or .../authorize.
    private string? Named(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var oauth = Array.IndexOf(segments, "oauth2");
        return oauth > 0 && nameById.TryGetValue(segments[oauth - 1], out var name) ? name : null;
    }
}
