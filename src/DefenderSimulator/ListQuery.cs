using System.Globalization;

namespace DefenderSimulator;

/// <summary>Reads the OData paging options of a list request (<c>$top</c>, <c>$skip</c>), refusing what the services refuse.</summary>
internal static class ListQuery
{
    /// <summary>Null and the value (null when absent), or the reason the request is refused (400).</summary>
    public static string? TryReadTop(IQueryCollection query, out int? top)
    {
        top = null;
        if (!query.TryGetValue("$top", out var text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return $"Invalid value '{text}' for $top: a positive integer is expected.";
        }

        top = value;
        return null;
    }

    public static string? TryReadSkip(IQueryCollection query, out int skip)
    {
        skip = 0;
        return query.TryGetValue("$skip", out var text) && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out skip)
            ? $"Invalid value '{text}' for $skip: a non-negative integer is expected."
            : null;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, as both services write times.</summary>
    public static ReadOnlySpan<char> Time(Span<char> buffer, DateTimeOffset value)
    {
        value.UtcDateTime.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
