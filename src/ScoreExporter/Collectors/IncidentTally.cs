namespace ScoreExporter.Collectors;

/// <summary>
/// Open incidents counted while the listing streams by: enum values compared case-insensitively and published
/// lower-camel as Graph documents them, unknown (future) values under their own bounded label, resolved ones left out
/// even if the filter was not applied.
/// </summary>
public sealed class IncidentTally
{
    public const int MaxEnumValues = 12;

    private readonly BoundedLabel severities = new(MaxEnumValues, EnumLabel.LowerFirst("unknown", "informational", "low", "medium", "high"));
    private readonly BoundedLabel statuses = new(MaxEnumValues, EnumLabel.LowerFirst("active", "inProgress", "awaitingAction", "redirected", "resolved"));
    private readonly Dictionary<(string Severity, string Status, bool Assigned), long> counts = [];
    private readonly Dictionary<string, DateTimeOffset> oldest = new(StringComparer.Ordinal);

    public void Add(Incident incident)
    {
        var status = statuses[incident.Status];
        if (status == "resolved")
        {
            return;
        }

        var severity = severities[incident.Severity];
        var key = (severity, status, !string.IsNullOrWhiteSpace(incident.AssignedTo));
        counts[key] = counts.GetValueOrDefault(key) + 1;
        if (incident.CreatedDateTime is { } created && (!oldest.TryGetValue(severity, out var known) || created < known))
        {
            oldest[severity] = created;
        }
    }

    public IReadOnlyList<Sample> ToSamples() =>
    [
        .. counts.Select(c => new Sample(IncidentsCollector.Incidents, c.Value, [c.Key.Severity, c.Key.Status, c.Key.Assigned ? "true" : "false"])),
        .. oldest.Select(o => new Sample(IncidentsCollector.OldestOpen, o.Value.ToUnixTimeMilliseconds() / 1000.0, [o.Key])),
    ];
}
