using Microsoft.Extensions.Options;

namespace ScoreExporter.Configuration;

/// <summary>
/// With no tenants configured, runs the one tenant that the Azure SDK's standard environment variables describe,
/// named after its tenant id.
/// </summary>
public sealed class AzureEnvironmentTenant(IConfiguration configuration) : IPostConfigureOptions<DefenderOptions>
{
    public void PostConfigure(string? name, DefenderOptions options)
    {
        if (options.Tenants.Count > 0)
        {
            return;
        }

        var tenantId = configuration["AZURE_TENANT_ID"];
        var clientId = configuration["AZURE_CLIENT_ID"];
        var secret = configuration["AZURE_CLIENT_SECRET"];
        var federatedTokenFile = configuration["AZURE_FEDERATED_TOKEN_FILE"];
        if (string.IsNullOrWhiteSpace(tenantId) || string.IsNullOrWhiteSpace(clientId)
            || (string.IsNullOrEmpty(secret) && string.IsNullOrEmpty(federatedTokenFile)))
        {
            return;
        }

        options.Tenants.Add(new TenantOptions
        {
            Name = tenantId,
            TenantId = tenantId,
            ClientId = clientId,
            ClientSecret = string.IsNullOrEmpty(secret) ? null : secret,
            Credential = (string.IsNullOrEmpty(secret) ? CredentialKind.WorkloadIdentity : CredentialKind.ClientSecret).ToString(),
        });
    }
}
