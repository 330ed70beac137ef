using System.Globalization;
using System.Text;

namespace DefenderSimulator;

/// <summary>
/// Label-hostile strings: distinct per index, with control characters, quotes, backslashes, an ANSI escape,
/// markup and non-ASCII, padded to a length (never cut, so a surrogate pair stays whole). What an exporter must clean and bound before using as a label.
/// </summary>
internal static class HostileText
{
    public static string Make(string field, int index, int length)
    {
        var text = new StringBuilder(length);
        text.Append(CultureInfo.InvariantCulture, $"{field}\u0000{index}\u0007\n\t\"\\\u001b[31m<b>é€😀</b>\r");
        while (text.Length < length)
        {
            text.Append((char)('a' + (text.Length % 26)));
        }

        return text.ToString();
    }
}
