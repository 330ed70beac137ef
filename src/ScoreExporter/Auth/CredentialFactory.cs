using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using ScoreExporter.Configuration;

namespace ScoreExporter.Auth;

/// <summary>Builds the Azure.Identity credential a tenant's configuration asks for.</summary>
public static class CredentialFactory
{
    /// <param name="tenant">The tenant whose credential settings to use (and whose tenant id is the default one).</param>
    /// <param name="options">The exporter's options: authority host override, request timeout.</param>
    /// <param name="tokenClient">The HTTP client for the token endpoint.</param>
    /// <param name="anyTenant">
    /// True for a credential shared by an app registration's tenants: each token is asked for in the tenant named by
    /// the request, not in <paramref name="tenant"/>'s.
    /// </param>
    public static TokenCredential Create(ResolvedTenant tenant, DefenderOptions options, HttpClient tokenClient, bool anyTenant = false)
    {
        var endpoints = options.EndpointsFor(tenant.ResolvedCloud);
        var transport = new HttpClientTransport(tokenClient);
        var disableDiscovery = options.AuthorityHost is not null;
        return tenant.Credential switch
        {
            CredentialKind.ClientSecret => new ClientSecretCredential(
                tenant.TenantId,
                tenant.ClientId,
                ReadSecret(tenant),
                Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = disableDiscovery }, endpoints, transport, options, anyTenant)),
            CredentialKind.Certificate => new ClientCertificateCredential(
                tenant.TenantId,
                tenant.ClientId,
                LoadCertificate(tenant),
                Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = disableDiscovery }, endpoints, transport, options, anyTenant)),
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

    private static T Configure<T>(T credentialOptions, CloudEndpoints endpoints, HttpPipelineTransport transport, DefenderOptions options, bool anyTenant = false)
        where T : TokenCredentialOptions
    {
        if (anyTenant && credentialOptions is ClientSecretCredentialOptions secret)
        {
            secret.AdditionallyAllowedTenants.Add("*");
        }
        else if (anyTenant && credentialOptions is ClientCertificateCredentialOptions certificate)
        {
            certificate.AdditionallyAllowedTenants.Add("*");
        }

        credentialOptions.AuthorityHost = endpoints.AuthorityHost;
        credentialOptions.Transport = transport;

        // The poll's own timeout bounds the whole token request; Azure.Identity's retries stay few and short.
        credentialOptions.Retry.MaxRetries = 2;
        credentialOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        credentialOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return credentialOptions;
    }
}
