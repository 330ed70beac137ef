using ScoreExporter.Configuration;

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

        var text = PrintableText.Clean(value, MaxLength).Trim();
        return text.Length == 0 ? None : text;
    }
}
