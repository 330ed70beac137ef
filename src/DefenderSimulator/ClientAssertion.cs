using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>Checks a certificate-signed client assertion JWT: signature, audience, issuer, subject and lifetime.</summary>
internal static class ClientAssertion
{
    public static bool IsValid(string jwt, SimulatedTenant tenant, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var alg = header.RootElement.GetProperty("alg").GetString();
            var padding = alg switch
            {
                "RS256" => RSASignaturePadding.Pkcs1,
                "PS256" => RSASignaturePadding.Pss,
                _ => null,
            };
            var certificate = tenant.ClientCertificate!;
            if (!NamesCertificate(header.RootElement, certificate))
            {
                return false;
            }

            using var key = certificate.GetRSAPublicKey();
            if (padding is null || key is null
                || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, padding))
            {
                return false;
            }

            var claims = payload.RootElement;
            var audience = claims.GetProperty("aud").GetString() ?? string.Empty;
            return claims.GetProperty("iss").GetString() == tenant.ClientId
                && claims.GetProperty("sub").GetString() == tenant.ClientId
                && audience.Contains(tenant.TenantId, StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.FromUnixTimeSeconds(UnixSeconds(claims.GetProperty("exp"))) > now.AddMinutes(-5);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or CryptographicException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The SHA-1 thumbprint (hex) the assertion's header names, as Entra quotes it back; empty when there is none.</summary>
    public static string Thumbprint(string jwt)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]));
            return header.RootElement.TryGetProperty("x5t", out var sha1) && sha1.GetString() is { } text
                ? Convert.ToHexString(Base64Url.DecodeFromChars(text))
                : string.Empty;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return string.Empty;
        }
    }

    /// <summary>A thumbprint in the header (x5t#S256 or x5t, as MSAL sends) must be the registered certificate's.</summary>
    private static bool NamesCertificate(JsonElement header, X509Certificate2 certificate)
    {
        if (header.TryGetProperty("x5t#S256", out var sha256))
        {
            return sha256.GetString() == Base64Url.EncodeToString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        }

        return !header.TryGetProperty("x5t", out var sha1)
            || sha1.GetString() == Base64Url.EncodeToString(certificate.GetCertHash(HashAlgorithmName.SHA1));
    }

    // MSAL writes exp and nbf as JSON strings, other clients as numbers.
    private static long UnixSeconds(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : value.GetInt64();
}
