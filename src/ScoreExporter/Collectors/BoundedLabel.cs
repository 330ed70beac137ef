namespace ScoreExporter.Collectors;

/// <summary>
/// One label's values within one poll: cleaned (and made canonical, for enums), and past <c>limit</c> distinct values
/// folded into <see cref="LabelValue.Other"/>, so the series a tenant can produce stay bounded whatever the API answers.
/// </summary>
public sealed class BoundedLabel(int limit, Func<string?, string>? canonical = null)
{
    private readonly Func<string?, string> canonical = canonical ?? LabelValue.Clean;
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> values = new(StringComparer.Ordinal);

    public string this[string? raw]
    {
        get
        {
            var key = raw ?? string.Empty;
            if (seen.TryGetValue(key, out var known))
            {
                return known;
            }

            // Spellings of one value share its place within the bound; an unseen key past it cannot grow the map either.
            var value = canonical(raw);
            value = values.Contains(value) || values.Count < limit ? value : LabelValue.Other;
            values.Add(value);
            if (seen.Count < limit * 4)
            {
                seen[key] = value;
            }

            return value;
        }
    }
}
