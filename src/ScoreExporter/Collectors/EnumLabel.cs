namespace ScoreExporter.Collectors;

/// <summary>
/// Enum values from the remote side in one canonical casing whatever casing arrives (real answers and Microsoft's
/// tables disagree: <c>Onboarded</c> and <c>onboarded</c>): a known value takes its documented spelling, an unknown
/// (future) one is kept, cleaned, with its first letter cased like the API's own values.
/// </summary>
public static class EnumLabel
{
    /// <summary>The Defender API's style: <c>Onboarded</c>, <c>CanBeOnboarded</c>.</summary>
    public static Func<string?, string> UpperFirst(params string[] known) => raw => Canonical(raw, known, upper: true);

    /// <summary>Graph's style: <c>active</c>, <c>inProgress</c>.</summary>
    public static Func<string?, string> LowerFirst(params string[] known) => raw => Canonical(raw, known, upper: false);

    private static string Canonical(string? raw, string[] known, bool upper)
    {
        var clean = LabelValue.Clean(raw);
        foreach (var value in known)
        {
            if (string.Equals(value, clean, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        if (clean is LabelValue.None || !char.IsLetter(clean[0]))
        {
            return clean;
        }

        var first = upper ? char.ToUpperInvariant(clean[0]) : char.ToLowerInvariant(clean[0]);
        return first + clean[1..];
    }
}
