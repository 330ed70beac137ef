using System.Security.Cryptography;
using Azure.Core;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// One Azure.Identity credential (one MSAL client and its token cache), kept for the life of the process and built
/// anew only when its secret or certificate files change (rotation) or when it is reset. One source may serve every
/// tenant of an app registration: it then asks for each token in that tenant.
/// </summary>
/// <param name="files">Any of the tenants it serves: where its secret or certificate files are.</param>
/// <param name="create">Builds the credential; called again after a rotation or a reset.</param>
/// <param name="servesManyTenants">True when each token is asked for in the requesting tenant (AdditionallyAllowedTenants).</param>
public sealed class CredentialSource(ResolvedTenant files, Func<TokenCredential> create, bool servesManyTenants)
{
    private const string Missing = "missing";
    private readonly Lock gate = new();
    private TokenCredential? current;
    private string? sourceVersion;

    public bool ServesManyTenants { get; } = servesManyTenants;

    /// <summary>Drops the credential and its tokens; the next request signs in again.</summary>
    public void Reset()
    {
        lock (gate)
        {
            current = null;
        }
    }

    public TokenCredential Current()
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
    private string SourceVersion() => files.Credential switch
    {
        CredentialKind.ClientSecret when files.ClientSecretFile is { } file => Stamp(file),
        CredentialKind.Certificate => Stamp(files.CertificatePath) + "|" + Stamp(files.CertificatePasswordFile),
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
