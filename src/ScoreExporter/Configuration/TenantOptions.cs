namespace ScoreExporter.Configuration;

/// <summary>One Defender tenant to poll.</summary>
public sealed class TenantOptions : CredentialSettings
{
    /// <summary>The <c>tenant</c> label; unique.</summary>
    public string? Name { get; set; }

    /// <summary>Entra tenant id (GUID) or primary domain.</summary>
    public string? TenantId { get; set; }
}
