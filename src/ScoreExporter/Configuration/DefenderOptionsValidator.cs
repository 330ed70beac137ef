using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ScoreExporter.Configuration;

/// <summary>
/// Cross-field checks that data annotations cannot express. Each failure is one line that names the key and the fix.
/// </summary>
public sealed partial class DefenderOptionsValidator : IValidateOptions<DefenderOptions>
{
    private const string Section = DefenderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DefenderOptions options)
    {
        var failures = new List<string>();
        CheckSchedule(options, failures);
        CheckShard(options, failures);
        CheckHost(options.ApiBaseUrl, $"{Section}:ApiBaseUrl", allowLoopbackHttp: true, failures);
        CheckHost(options.GraphBaseUrl, $"{Section}:GraphBaseUrl", allowLoopbackHttp: true, failures);
        CheckHost(options.AuthorityHost, $"{Section}:AuthorityHost", allowLoopbackHttp: false, failures);
        CheckTenants(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSchedule(DefenderOptions options, List<string> failures)
    {
        if (options.StaleAfter is { } stale && stale < options.PollInterval)
        {
            failures.Add($"{Section}:StaleAfter {stale:c} is shorter than PollInterval {options.PollInterval:c}: "
                + "set it to at least the poll interval (default 3 x PollInterval).");
        }

        if (options.PollTimeout is { } timeout && (timeout < TimeSpan.FromSeconds(1) || timeout >= options.PollInterval))
        {
            failures.Add($"{Section}:PollTimeout {timeout:c} must be at least 00:00:01 and shorter than PollInterval "
                + $"{options.PollInterval:c}: lower it or leave it out.");
        }
    }

    private static void CheckShard(DefenderOptions options, List<string> failures)
    {
        if (options.TotalShards < 1)
        {
            return; // reported by the data annotations
        }

        if (options.Shard is null && options.TotalShards > 1)
        {
            failures.Add($"{Section}:Shard is unset and the host name '{Printable(options.HostName ?? string.Empty)}' does not end in "
                + $"an ordinal (-N): set {Section}:Shard to 0..{options.TotalShards - 1}, or run as a StatefulSet pod (name-N).");
        }
        else if (options.Shard is { } shard && (shard < 0 || shard >= options.TotalShards))
        {
            failures.Add($"{Section}:Shard {shard} is outside 0..{options.TotalShards - 1} for TotalShards {options.TotalShards}: "
                + "use the replica's 0-based ordinal.");
        }
    }

    private static void CheckHost(Uri? url, string key, bool allowLoopbackHttp, List<string> failures)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri)
        {
            failures.Add($"{key} '{url}' is not an absolute URL: use e.g. https://api.security.microsoft.com.");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !(allowLoopbackHttp && IsLoopback(url)))
        {
            failures.Add($"{key} '{url}' uses plain http, which would expose the bearer token: use https"
                + (allowLoopbackHttp ? " (http is accepted for loopback addresses only)." : "."));
        }
        else if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            failures.Add($"{key} '{url}' is not an http(s) URL: use https://<host>.");
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static void CheckTenants(DefenderOptions options, List<string> failures)
    {
        if (options.Tenants.Count == 0)
        {
            failures.Add($"{Section}:Tenants is empty: add a tenant ({Section}__Tenants__0__Name, __TenantId, __ClientId and a "
                + "credential) or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET; to try the exporter without a tenant, run it with --demo.");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var tenant = ResolvedTenant.Resolve(options.Tenants[i], options, i);
            var path = tenant.ConfigPath;
            if (string.IsNullOrWhiteSpace(tenant.Name))
            {
                failures.Add($"{path}:Name is missing: give the tenant a short name; it becomes the `tenant` label.");
            }
            else if (!IsTenantName(tenant.Name))
            {
                failures.Add($"{path}:Name '{Printable(tenant.Name)}' is not a valid tenant label: use 1-128 printable "
                    + "characters without control characters or surrounding spaces.");
            }
            else if (!names.Add(tenant.Name))
            {
                failures.Add($"{path}:Name '{tenant.Name}' is used by another tenant: tenant names must be unique.");
            }

            if (string.IsNullOrWhiteSpace(tenant.TenantId))
            {
                failures.Add($"{path}:TenantId is missing: set the Entra tenant id (a GUID) or its primary domain.");
            }
            else if (!Guid.TryParse(tenant.TenantId, out _) && !TenantDomain().IsMatch(tenant.TenantId))
            {
                failures.Add($"{path}:TenantId '{Printable(tenant.TenantId)}' is neither a GUID nor a domain: "
                    + "use the tenant id from Entra ID > Overview.");
            }

            if (tenant.Cloud is null)
            {
                failures.Add($"{path}:Cloud '{Printable(tenant.CloudName ?? string.Empty)}' is not a cloud: use one of "
                    + string.Join(", ", Enum.GetNames<DefenderCloud>()) + ", or leave it out to use " + Section + ":Cloud.");
            }

            CheckCredential(tenant, failures);
        }
    }

    private static void CheckCredential(ResolvedTenant tenant, List<string> failures)
    {
        var path = tenant.ConfigPath;
        if (tenant.Credential is null)
        {
            failures.Add($"{path}:Credential '{Printable(tenant.CredentialName ?? string.Empty)}' is not valid: use one of "
                + string.Join(", ", Enum.GetNames<CredentialKind>()) + ".");
            return;
        }

        var needsClientId = tenant.Credential is CredentialKind.ClientSecret or CredentialKind.Certificate;
        if (needsClientId && string.IsNullOrWhiteSpace(tenant.ClientId))
        {
            failures.Add($"{path}:ClientId is missing: set the app registration's Application (client) ID "
                + $"on the tenant or as {Section}:ClientId for all tenants.");
        }
        else if (tenant.ClientId is { Length: > 0 } clientId && !Guid.TryParse(clientId, out _))
        {
            failures.Add($"{path}:ClientId is not a GUID: use the app registration's Application (client) ID.");
        }

        switch (tenant.Credential)
        {
            case CredentialKind.ClientSecret:
                if (tenant.ClientSecret is not null && tenant.ClientSecretFile is not null)
                {
                    failures.Add($"{path}: both ClientSecret and ClientSecretFile are set: keep only one (prefer ClientSecretFile).");
                }
                else if (string.IsNullOrEmpty(tenant.ClientSecret) && string.IsNullOrEmpty(tenant.ClientSecretFile))
                {
                    failures.Add($"{path}:ClientSecretFile is missing for Credential ClientSecret: set ClientSecretFile "
                        + "(or ClientSecret) on the tenant or under Defender.");
                }
                else
                {
                    CheckFile(tenant.ClientSecretFile, $"{path}:ClientSecretFile", failures);
                }

                break;
            case CredentialKind.Certificate:
                if (string.IsNullOrEmpty(tenant.CertificatePath))
                {
                    failures.Add($"{path}:CertificatePath is missing for Credential Certificate: set the path of a PEM or PFX file.");
                }
                else
                {
                    CheckFile(tenant.CertificatePath, $"{path}:CertificatePath", failures);
                }

                CheckFile(tenant.CertificatePasswordFile, $"{path}:CertificatePasswordFile", failures);
                break;
        }
    }

    private static void CheckFile(string? file, string key, List<string> failures)
    {
        if (file is not null && !File.Exists(file))
        {
            failures.Add($"{key} '{file}' does not exist: mount the file or fix the path.");
        }
    }

    // Shown in a message; control characters would split the one-line error.
    private static string Printable(string value) => PrintableText.Clean(value);

    // A label value as written: 1-128 characters (a surrogate pair is one), printable, no surrounding spaces.
    private static bool IsTenantName(string name) =>
        PrintableText.IsPrintable(name) && name.EnumerateRunes().ToArray() is { Length: >= 1 and <= 128 } runes
        && !Rune.IsWhiteSpace(runes[0]) && !Rune.IsWhiteSpace(runes[^1]);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex TenantDomain();
}
