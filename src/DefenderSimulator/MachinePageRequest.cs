using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;

namespace DefenderSimulator;

/// <summary>
/// Which page of <c>GET /api/machines</c> a request asks for: <c>$top</c> (default and maximum 10,000, as the real
/// API), and <c>$skiptoken</c> (opaque, from a previous page's nextLink) or <c>$skip</c>.
/// </summary>
internal readonly record struct MachinePageRequest(int Top, int Offset)
{
    public const int MaxTop = 10_000;

    /// <summary>Null and a page, or the reason the query is refused (400).</summary>
    public static string? TryParse(IQueryCollection query, MachineInventory machines, out MachinePageRequest page)
    {
        var seed = machines.Seed;
        page = new MachinePageRequest(MaxTop, 0);
        var top = MaxTop;
        if (query.TryGetValue("$top", out var topText)
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1))
        {
            return $"Invalid value '{topText}' for $top: a positive integer is expected.";
        }

        var offset = 0;
        if (query.TryGetValue("$skiptoken", out var token))
        {
            if (!TryReadSkipToken(token.ToString(), seed, out offset))
            {
                return "Invalid $skiptoken.";
            }
        }
        else if (query.TryGetValue("$skip", out var skipText)
            && !int.TryParse(skipText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return $"Invalid value '{skipText}' for $skip: a non-negative integer is expected.";
        }

        page = new MachinePageRequest(Math.Min(top, machines.PageSize), offset);
        return null;
    }

    /// <summary>The offset of the next page, tied to the tenant's seed so another tenant's token is refused.</summary>
    public static string SkipToken(int offset, int seed)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], offset ^ seed);
        return Base64Url.EncodeToString(bytes);
    }

    private static bool TryReadSkipToken(string text, int seed, out int offset)
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
