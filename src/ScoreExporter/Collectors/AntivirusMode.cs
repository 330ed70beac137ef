namespace ScoreExporter.Collectors;

/// <summary>
/// The <c>av_mode</c> label: Microsoft's names for <c>avMode</c>'s codes ("Export device antivirus health details API
/// methods and properties": '' and 3 Other, 0 Active, 1 Passive, 2 Disabled, 4 EDRBlocked, 5 PassiveAudit), in
/// lower snake case; an undocumented code is kept as itself (cleaned), an absent one is <see cref="LabelValue.None"/>.
/// </summary>
public static class AntivirusMode
{
    public static string Label(string? code) => code?.Trim() switch
    {
        null => LabelValue.None,
        "" or "3" => "other",
        "0" => "active",
        "1" => "passive",
        "2" => "disabled",
        "4" => "edr_blocked",
        "5" => "passive_audit",
        _ => LabelValue.Clean(code),
    };
}
