using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>
/// What identifies an app registration's sign-in: tenants with equal keys can share one credential (a managed
/// service provider's multi-tenant app, its keys set once under <c>Defender:</c>). Only client secrets and
/// certificates are shared, and only within one cloud (each signs in on its own host); the secret itself stays in
/// this in-memory key and is never printed.
/// </summary>
public sealed record AppRegistration(
    DefenderCloud Cloud, CredentialKind Kind, string? ClientId, string? ClientSecret, string? ClientSecretFile, string? CertificatePath, string? CertificatePasswordFile)
{
    /// <summary>The tenant's app registration, or null when its credential is not one to share.</summary>
    public static AppRegistration? Of(ResolvedTenant tenant) => tenant.Credential is CredentialKind.ClientSecret or CredentialKind.Certificate
        ? new AppRegistration(tenant.ResolvedCloud, tenant.Credential.Value, tenant.ClientId, tenant.ClientSecret, tenant.ClientSecretFile, tenant.CertificatePath, tenant.CertificatePasswordFile)
        : null;

    // The record's generated ToString would print the secret.
    public override string ToString() => $"{Kind} app registration";
}
