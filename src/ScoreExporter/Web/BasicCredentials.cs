using System.Text;

namespace ScoreExporter.Web;

/// <summary>The user and password of an <c>Authorization: Basic</c> header (RFC 7617, UTF-8).</summary>
public readonly record struct BasicCredentials(string User, string Password)
{
    private const string Scheme = "Basic ";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static bool TryParse(string? header, out BasicCredentials credentials)
    {
        credentials = default;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header.AsSpan(Scheme.Length).Trim();
        Span<byte> bytes = encoded.Length <= 1024 ? stackalloc byte[768] : new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes[..length]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            bytes[..length].Clear();
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
