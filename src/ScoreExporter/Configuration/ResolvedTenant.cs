namespace ScoreExporter.Configuration;

/// <summary>A tenant with the <c>Defender:</c> credential defaults applied and its credential kind decided.</summary>
public sealed record ResolvedTenant(
    string Name,
    string TenantId,
    string? ClientId,
    CredentialKind? Credential,
    string? CredentialName,
    string? ClientSecret,
    string? ClientSecretFile,
    string? CertificatePath,
    string? CertificatePasswordFile,
    DefenderCloud? Cloud,
    string? CloudName,
    string ConfigPath)
{
    public static ResolvedTenant Resolve(TenantOptions tenant, DefenderOptions defaults, int index)
    {
        // A tenant that names any credential key of its own takes none of the shared ones.
        CredentialSettings source = HasOwnCredential(tenant) ? tenant : defaults;
        var clientId = tenant.ClientId ?? defaults.ClientId;
        var name = tenant.Credential ?? source.Credential;
        CredentialKind? kind = name is null ? Infer(source) ?? CredentialKind.ClientSecret
            : Enum.TryParse<CredentialKind>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : null;
        return new ResolvedTenant(
            tenant.Name ?? string.Empty,
            tenant.TenantId ?? string.Empty,
            clientId,
            kind,
            name,
            source.ClientSecret,
            source.ClientSecretFile,
            source.CertificatePath,
            source.CertificatePasswordFile,
            tenant.Cloud is null ? defaults.Cloud : ParseCloud(tenant.Cloud),
            tenant.Cloud,
            $"{DefenderOptions.SectionName}:Tenants:{index}");
    }

    /// <summary>This tenant's cloud; a tenant whose cloud did not parse is refused at start, before this is asked.</summary>
    public DefenderCloud ResolvedCloud => Cloud ?? DefenderCloud.Commercial;

    private static DefenderCloud? ParseCloud(string name) =>
        Enum.TryParse<DefenderCloud>(name, ignoreCase: true, out var cloud) && Enum.IsDefined(cloud) && !int.TryParse(name, out _) ? cloud : null;

    private static bool HasOwnCredential(TenantOptions tenant) =>
        tenant.Credential is not null || tenant.ClientSecret is not null || tenant.ClientSecretFile is not null
        || tenant.CertificatePath is not null || tenant.CertificatePasswordFile is not null;

    private static CredentialKind? Infer(CredentialSettings settings) =>
        settings.ClientSecret is not null || settings.ClientSecretFile is not null ? CredentialKind.ClientSecret
        : settings.CertificatePath is not null ? CredentialKind.Certificate
        : null;
}
