using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>Builds the Azure.Identity credential a tenant's configuration asks for.</summary>
public static class CredentialFactory
{
    public static TokenCredential Create(ResolvedTenant tenant, DefenderOptions options, HttpClient tokenClient)
    {
        var endpoints = options.Endpoints;
        var transport = new HttpClientTransport(tokenClient);
        var disableDiscovery = options.AuthorityHost is not null;
        return tenant.Credential switch
        {
            CredentialKind.ClientSecret => new ClientSecretCredential(
                tenant.TenantId,
                tenant.ClientId,
                ReadSecret(tenant),
                Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = disableDiscovery }, endpoints, transport, options)),
            CredentialKind.Certificate => new ClientCertificateCredential(
                tenant.TenantId,
                tenant.ClientId,
                LoadCertificate(tenant),
                Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = disableDiscovery }, endpoints, transport, options)),
            CredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(
                Configure(
                    new WorkloadIdentityCredentialOptions
                    {
                        TenantId = tenant.TenantId,
                        ClientId = tenant.ClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"),
                        DisableInstanceDiscovery = disableDiscovery,
                    },
                    endpoints,
                    transport,
                    options)),
            CredentialKind.ManagedIdentity => new ManagedIdentityCredential(
                Configure(
                    new ManagedIdentityCredentialOptions(
                        tenant.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(tenant.ClientId)),
                    endpoints,
                    transport,
                    options)),
            _ => throw new InvalidOperationException($"{tenant.ConfigPath}:Credential is not supported."),
        };
    }

    /// <summary>The secret, from the file when one is configured: a rotated Kubernetes secret is re-read from it.</summary>
    public static string ReadSecret(ResolvedTenant tenant) =>
        tenant.ClientSecretFile is { } file ? File.ReadAllText(file).Trim() : tenant.ClientSecret ?? string.Empty;

    private static X509Certificate2 LoadCertificate(ResolvedTenant tenant)
    {
        var path = tenant.CertificatePath!;
        var password = tenant.CertificatePasswordFile is { } file ? File.ReadAllText(file).Trim() : null;
        var text = File.ReadAllText(path);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return password is null
                ? X509Certificate2.CreateFromPem(text, text)
                : X509Certificate2.CreateFromEncryptedPem(text, text, password);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    private static T Configure<T>(T credentialOptions, CloudEndpoints endpoints, HttpPipelineTransport transport, DefenderOptions options)
        where T : TokenCredentialOptions
    {
        credentialOptions.AuthorityHost = endpoints.AuthorityHost;
        credentialOptions.Transport = transport;

        // The poll's own timeout bounds the whole token request; Azure.Identity's retries stay few and short.
        credentialOptions.Retry.MaxRetries = 2;
        credentialOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        credentialOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return credentialOptions;
    }
}
