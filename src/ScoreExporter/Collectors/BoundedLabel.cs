namespace ScoreExporter.Collectors;

/// <summary>
/// One label's values within one poll: cleaned, and past <c>limit</c> distinct values folded into
/// <see cref="LabelValue.Other"/>, so the series a tenant can produce stay bounded whatever the API answers.
/// </summary>
public sealed class BoundedLabel(int limit)
{
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);

    public string this[string? raw]
    {
        get
        {
            var key = raw ?? string.Empty;
            if (seen.TryGetValue(key, out var known))
            {
                return known;
            }

            var value = seen.Count < limit ? LabelValue.Clean(raw) : LabelValue.Other;
            seen[key] = value;
            return value;
        }
    }
}
