namespace ScoreExporter.Configuration;

/// <summary>One Defender tenant to poll.</summary>
public sealed class TenantOptions : CredentialSettings
{
    /// <summary>The <c>tenant</c> label; unique.</summary>
    public string? Name { get; set; }

    /// <summary>Entra tenant id (GUID) or primary domain.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// A <see cref="DefenderCloud"/> name; unset: <c>Defender:Cloud</c>. Text, like <c>Credential</c>, so a misspelling
    /// is reported by name instead of the binder dropping the tenant.
    /// </summary>
    public string? Cloud { get; set; }
}
