using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Configuration;

/// <summary>Which credential keys a tenant ends up with when <c>Defender:</c> also holds shared ones.</summary>
public sealed class ResolvedTenantTests
{
    private static readonly DefenderOptions SharedCertificate = new()
    {
        ClientId = "shared-client",
        CertificatePath = "/etc/exporter/shared.pfx",
        CertificatePasswordFile = "/etc/exporter/shared-password",
    };

    [Fact]
    public void A_tenant_with_only_its_own_password_file_takes_none_of_the_shared_credential()
    {
        var tenant = new TenantOptions { Name = "contoso", TenantId = "contoso.example", CertificatePasswordFile = "/etc/exporter/contoso-password" };

        var resolved = ResolvedTenant.Resolve(tenant, SharedCertificate, 0);

        Assert.Equal("/etc/exporter/contoso-password", resolved.CertificatePasswordFile);
        Assert.Null(resolved.CertificatePath);
    }

    [Fact]
    public void A_tenant_without_credential_keys_takes_the_shared_ones()
    {
        var tenant = new TenantOptions { Name = "contoso", TenantId = "contoso.example" };

        var resolved = ResolvedTenant.Resolve(tenant, SharedCertificate, 0);

        Assert.Equal(("/etc/exporter/shared.pfx", "/etc/exporter/shared-password", CredentialKind.Certificate),
            (resolved.CertificatePath, resolved.CertificatePasswordFile, resolved.Credential));
    }
}
