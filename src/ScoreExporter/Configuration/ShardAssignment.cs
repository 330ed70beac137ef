using System.Text;
using System.Text.RegularExpressions;

namespace ScoreExporter.Configuration;

/// <summary>
/// Which replica polls which tenant: shard = FNV-1a 64 of the tenant name's UTF-8 bytes, mod the shard count.
/// The hash is spelled out here, not taken from <see cref="string.GetHashCode()"/>, so every process on every
/// platform and version agrees.
/// </summary>
public static partial class ShardAssignment
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static int ShardOf(string tenantName, int totalShards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalShards, 1);
        return (int)(StableHash(tenantName) % (ulong)totalShards);
    }

    public static ulong StableHash(string text)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }

    /// <summary>The ordinal that ends a StatefulSet pod's name (<c>score-exporter-2</c> → 2), or null.</summary>
    public static int? OrdinalOf(string? hostName) =>
        hostName is not null && TrailingOrdinal().Match(hostName) is { Success: true } match
        && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;

    [GeneratedRegex(@"-(\d{1,6})$")]
    private static partial Regex TrailingOrdinal();
}
