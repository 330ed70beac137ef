namespace ScoreExporter.Collectors;

/// <summary>
/// Devices' antivirus health counted per combination of group, platform, mode and the three up-to-date flags while the
/// listing streams by, and the oldest signature update per group; no row is kept. Labels and combinations are bounded
/// like <see cref="DeviceTally"/>'s: what passes a bound is counted under <see cref="LabelValue.Other"/>, no device is
/// lost, a device without a group counts under <see cref="LabelValue.None"/>. A signature time that is absent, not a
/// time, or before 1970 (a "never updated" placeholder) is left out of the oldest; the device is still counted.
/// </summary>
public sealed class AntivirusTally
{
    public const int MaxGroups = DeviceTally.MaxGroups;
    public const int MaxPlatforms = DeviceTally.MaxPlatforms;
    public const int MaxModes = 16;
    public const int MaxCombinations = 2000;

    private static readonly AntivirusKey Overflow = new(LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other);

    private readonly BoundedLabel groups = new(MaxGroups);
    private readonly BoundedLabel platforms = new(MaxPlatforms);
    private readonly BoundedLabel modes = new(MaxModes, AntivirusMode.Label);
    private readonly Dictionary<AntivirusKey, long> counts = [];
    private readonly Dictionary<string, DateTimeOffset> oldestSignature = new(StringComparer.Ordinal);

    public long Devices { get; private set; }

    public void Add(DeviceAvInfo row)
    {
        var group = groups[row.RbacGroupName];
        var key = new AntivirusKey(
            group,
            platforms[row.OsPlatform],
            modes[row.AvMode],
            UpToDate(row.AvIsSignatureUpToDate),
            UpToDate(row.AvIsEngineUpToDate),
            UpToDate(row.AvIsPlatformUpToDate));
        if (!counts.ContainsKey(key) && counts.Count >= MaxCombinations)
        {
            key = Overflow;
        }

        counts[key] = counts.GetValueOrDefault(key) + 1;
        Devices++;
        if (row.AvSignatureUpdateTime is { } updated && updated >= DateTimeOffset.UnixEpoch
            && (!oldestSignature.TryGetValue(group, out var oldest) || updated < oldest))
        {
            oldestSignature[group] = updated;
        }
    }

    public IReadOnlyList<Sample> ToSamples() =>
    [
        .. counts.Select(c => new Sample(AntivirusCollector.Devices, c.Value,
            [c.Key.Group, c.Key.OsPlatform, c.Key.Mode, c.Key.SignatureUpToDate, c.Key.EngineUpToDate, c.Key.PlatformUpToDate])),
        .. oldestSignature.Select(o => new Sample(AntivirusCollector.OldestSignatureUpdate, o.Value.ToUnixTimeMilliseconds() / 1000.0, [o.Key])),
    ];

    /// <summary>The API's "True"/"False" strings, in any casing; anything else (its own "Unknown" too) is unknown.</summary>
    private static string UpToDate(string? value) =>
        string.Equals(value?.Trim(), "True", StringComparison.OrdinalIgnoreCase) ? "true"
        : string.Equals(value?.Trim(), "False", StringComparison.OrdinalIgnoreCase) ? "false"
        : "unknown";

    private readonly record struct AntivirusKey(
        string Group, string OsPlatform, string Mode, string SignatureUpToDate, string EngineUpToDate, string PlatformUpToDate);
}
