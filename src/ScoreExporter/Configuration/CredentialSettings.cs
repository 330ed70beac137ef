namespace ScoreExporter.Configuration;

/// <summary>
/// The credential keys. They stand on a tenant, and also directly under <c>Defender:</c> as defaults
/// for every tenant that does not set its own (one multi-tenant app consented in many tenants).
/// </summary>
public abstract class CredentialSettings
{
    /// <summary>
    /// A <see cref="CredentialKind"/> name. Kept as text so a misspelling is reported by name: the configuration
    /// binder would silently drop a list item whose enum value does not parse.
    /// </summary>
    public string? Credential { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? ClientSecretFile { get; set; }

    public string? CertificatePath { get; set; }

    public string? CertificatePasswordFile { get; set; }
}
