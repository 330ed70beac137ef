using System.Text;

namespace ScoreExporter.Web;

/// <summary>The user and password of an <c>Authorization: Basic</c> header (RFC 7617, UTF-8).</summary>
public readonly record struct BasicCredentials(string User, string Password)
{
    private const string Scheme = "Basic ";

    public static bool TryParse(string? header, out BasicCredentials credentials)
    {
        credentials = default;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header.AsSpan(Scheme.Length).Trim();
        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
