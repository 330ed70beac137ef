using System.Text;

namespace ScoreExporter.Collectors;

/// <summary>
/// Label values that come from the remote side (group names, platforms, enum values): printable, trimmed and at most
/// <see cref="MaxLength"/> characters, so a hostile answer cannot break a line of the exposition or a log.
/// </summary>
public static class LabelValue
{
    public const int MaxLength = 128;

    /// <summary>Stands for a device that belongs to no device group, and for an absent value.</summary>
    public const string None = "(none)";

    /// <summary>Stands for the values past a label's bound.</summary>
    public const string Other = "(other)";

    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return None;
        }

        var clean = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (var rune in value.EnumerateRunes())
        {
            if (clean.Length + rune.Utf16SequenceLength > MaxLength)
            {
                break;
            }

            var category = Rune.GetUnicodeCategory(rune);
            var printable = category is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);
            clean.Append(printable ? rune.ToString() : "?");
        }

        var text = clean.ToString().Trim();
        return text.Length == 0 ? None : text;
    }
}
