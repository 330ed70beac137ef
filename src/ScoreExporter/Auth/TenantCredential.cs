using System.Security.Cryptography;
using Azure.Core;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// One tenant's credential, kept for the life of the process so Azure.Identity's token cache works. It is built
/// anew only when its secret or certificate files change (rotation) or when the API rejected its token.
/// </summary>
public sealed class TenantCredential(ResolvedTenant tenant, Func<TokenCredential> create)
{
    private const string Missing = "missing";
    private readonly Lock gate = new();
    private TokenCredential? current;
    private string? sourceVersion;

    public async ValueTask<AccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        var credential = Current();
        return await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the cached credential and its token; the next poll signs in again.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            current = null;
        }
    }

    private TokenCredential Current()
    {
        var version = SourceVersion();
        lock (gate)
        {
            // A file missing for a moment (mid-rotation) keeps the credential that worked.
            if (current is null || (version != sourceVersion && !version.Contains(Missing, StringComparison.Ordinal)))
            {
                current = create();
                sourceVersion = version;
            }

            return current;
        }
    }

    // Cheap to compute on every poll: the files are small and the stamp changes when Kubernetes swaps a secret.
    private string SourceVersion() => tenant.Credential switch
    {
        CredentialKind.ClientSecret when tenant.ClientSecretFile is { } file => Stamp(file),
        CredentialKind.Certificate => Stamp(tenant.CertificatePath) + "|" + Stamp(tenant.CertificatePasswordFile),
        _ => string.Empty,
    };

    private static string Stamp(string? file)
    {
        try
        {
            return file is null ? string.Empty : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        catch (IOException)
        {
            return Missing;
        }
    }
}
