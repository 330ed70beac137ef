using System.Buffers.Binary;
using System.Buffers.Text;

namespace DefenderSimulator;

/// <summary>
/// An opaque <c>$skiptoken</c> for a position in a listing, tied to the tenant's seed so another tenant's token (or a
/// made-up one) is refused.
/// </summary>
internal static class SkipToken
{
    public static string Encode(int offset, int seed)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], offset ^ seed);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string text, int seed, out int offset)
    {
        offset = 0;
        Span<byte> bytes = stackalloc byte[8];
        try
        {
            // TryDecodeFromChars only returns false for a short destination; bad characters still throw.
            if (text.Length != 11 || !Base64Url.TryDecodeFromChars(text, bytes, out var length) || length != 8)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        offset = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return offset >= 0 && BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) == (offset ^ seed);
    }
}
