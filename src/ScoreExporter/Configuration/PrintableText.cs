using System.Buffers;
using System.Globalization;
using System.Text;

namespace ScoreExporter.Configuration;

/// <summary>
/// The one rule for text that reaches a label, a log line, a page or an error message from outside (configuration,
/// API answers): no control, format, private-use or unassigned characters, no line or paragraph separators, and no
/// surrogate that is not half of a pair, so such text can never break a line or hide what follows it.
/// </summary>
public static class PrintableText
{
    public static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    /// <summary>Whether every character of <paramref name="value"/> is printable, surrogates only as whole pairs.</summary>
    public static bool IsPrintable(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done || !IsPrintable(rune))
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    /// <summary>
    /// <paramref name="value"/> with each character that is not printable, or not <paramref name="allowed"/>, replaced
    /// by <paramref name="replacement"/> (dropped when null), cut at whole characters to at most
    /// <paramref name="maxLength"/> UTF-16 units.
    /// </summary>
    public static string Clean(string value, int maxLength = int.MaxValue, Func<Rune, bool>? allowed = null, string? replacement = "?")
    {
        var clean = new StringBuilder(Math.Min(value.Length, maxLength));
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var used);
            var keep = status == OperationStatus.Done && IsPrintable(rune) && (allowed is null || allowed(rune));
            var text = keep ? rune.ToString() : replacement ?? string.Empty;
            if (clean.Length + text.Length > maxLength)
            {
                break;
            }

            clean.Append(text);
            rest = rest[used..];
        }

        return clean.ToString();
    }
}
